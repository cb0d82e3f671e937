#!/usr/bin/env bash
# One GPU call (issue 16): decode processes (gemma-2b f32 after a 64-token scan; at position 4096) with gpu-run.sh's
# probes beside them, /proc/stat every 100 ms among them, to see whether the runs whose wall clock exceeds the
# in-step loop's own GPU span (the GPU idle, or the host learning late that it is done) line up with time the
# hypervisor took from the VM's vCPUs (steal).
# Writes one tar of its logs (after every step) under $OUT; run it from the project root on a GPU host prepared by
# ../shared/device (source .devcarry/setup.sh first).
set -u
X='fused-qkv'
K='wgsl-recorded-step-shaped@keysPerSplit=16,argmax=in-step'
bench="npm run -s bench:recorded -- --model gemma-2b --variant"
at4096="--prefill parallel --prefill-replays 2 --prompt-len 4096 --gen-len 64 --position 4096 --runs 10"
logs=$(mktemp -d)
LAB_GPU_TAR="${OUT:-/tmp}/logs.tgz" OUT=$logs scripts/gpu-run.sh \
  "f32-1: $bench '$K+$X' --runs 10" \
  "f32-2: $bench '$K+$X' --runs 10" \
  "pos4096-1: $bench 'parallel-prefill+$K+$X' $at4096" \
  "pos4096-2: $bench 'parallel-prefill+$K+$X' $at4096" \
  "pos4096-3: $bench 'parallel-prefill+$K+$X' $at4096" > "$logs/summary.log" 2>&1
tar czf "${OUT:-/tmp}/logs.tgz" -C "$logs" .
