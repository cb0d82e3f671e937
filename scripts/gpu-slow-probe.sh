#!/usr/bin/env bash
# One GPU call (issues 15 and 16): the figures of gpu-final-check.sh (decode after a 64-token scan, f32, bf16,
# gemma-7b bf16; decode at 4096; the parallel prefill at 64 and 1024 tokens beside Hugging Face's 1024; the
# verifies) with more processes of the decode benches, to catch the slow mode (a process 14-25% slow) with
# gpu-run.sh's probes beside it: the GPU's clocks, the processes on it, the container's CPU quota, throttling
# and pressure at each step's start and end. Two of the processes run with V8's and libuv's thread pools cut to one thread.
# Writes one tar of its logs (after every step) under $OUT; run it from the project root on a GPU host prepared by
# ../shared/device (source .devcarry/setup.sh first).
set -u
S=wgsl-recorded-step-shaped
X='fused-qkv'
K="$S@keysPerSplit=16,argmax=in-step"
K7='wgsl-recorded-step-kv-split@keysPerSplit=16,tiling=shaped,argmax=in-step'
bench="npm run -s bench:recorded -- --model gemma-2b"
prefill="$bench --variant '$K+$X' --prefill parallel"
at4096="--prefill-replays 2 --prompt-len 4096 --gen-len 64 --position 4096 --runs 5"
few='NODE_OPTIONS=--v8-pool-size=1 UV_THREADPOOL_SIZE=1'
p129=$(seq -s, 1 129)
logs=$(mktemp -d)
LAB_GPU_TAR="${OUT:-/tmp}/logs.tgz" OUT=$logs scripts/gpu-run.sh \
  "host: nproc; cat /sys/fs/cgroup/cpu.max /sys/fs/cgroup/cpu.weight 2>&1; grep -i cpus_allowed_list /proc/self/status; cat /proc/pressure/cpu; lscpu | head -20" \
  "bench-f32-1: $bench --variant '$K+$X'" \
  "bench-f32-2: $bench --variant '$K+$X'" \
  "bench-f32-3: $bench --variant '$K+$X'" \
  "bench-f32-few-threads: $few $bench --variant '$K+$X'" \
  "bench-bf16-1: $bench --variant '$K+$X' --weights-dtype bf16" \
  "bench-bf16-2: $bench --variant '$K+$X' --weights-dtype bf16" \
  "bench-7b-bf16: npm run -s bench:recorded -- --model gemma-7b --weights-dtype bf16 --variant '$K7+$X'" \
  "pos4096-1: $prefill $at4096" \
  "pos4096-2: $prefill $at4096" \
  "pos4096-3: $prefill $at4096" \
  "pos4096-few-threads: $few $prefill $at4096" \
  "prefill-64-1: $prefill --prompt-len 64 --prefill-replays 50" \
  "prefill-64-2: $prefill --prompt-len 64 --prefill-replays 50" \
  "prefill-1024: $prefill --prompt-len 1024 --gen-len 16 --runs 3 --prefill-replays 10" \
  "hf-prefill-1024: python3 scripts/peers/hf_prefill.py --model gemma-2b --dtype float32 --prompt-len 1024" \
  "verify-f32: npx lab verify 'parallel-prefill+$K+$X' '$K+$X' --backend webgpu --model gemma-2b --prompt $p129" \
  "verify-bf16: npx lab verify 'parallel-prefill+$K+$X' --backend webgpu --model gemma-2b --weights-dtype bf16 --prompt $p129" \
  "verify-7b: npx lab verify 'parallel-prefill+$K7+$X' --backend webgpu --model gemma-7b --weights-dtype bf16 --prompt $p129" > "$logs/summary.log" 2>&1
tar czf "${OUT:-/tmp}/logs.tgz" -C "$logs" .
