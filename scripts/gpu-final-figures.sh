#!/usr/bin/env bash
# One GPU call (issues 15 and 16): the figures the README reports, with the defaults of 2026-12-02 (session 13:
# each token chosen inside the recorded step, argmax=in-step; the split products' sums fold the next norm). gemma-2b f32
# parallel prefill at 64 (three processes) and 1024 tokens beside Hugging Face's (same call), in two of the 64-token
# processes and at 1024 also with every norm a launch of its own; decode at position 4096 after a 4096-token prompt
# (two processes); decode through generate after a 64-token scan (f32, bf16; gemma-7b bf16); a sweep of the parallel
# prefill against the scan at 1024 tokens; lab verify of the parallel prefill and the decode step (f32, bf16, gemma-7b bf16).
# Writes one tar of its logs (after every step) under $OUT; run it from the project root on a GPU host prepared by
# ../shared/device (source .devcarry/setup.sh first).
set -u
S=wgsl-recorded-step-shaped
X='fused-qkv'
K="$S@keysPerSplit=16,argmax=in-step"
K7='wgsl-recorded-step-kv-split@keysPerSplit=16,tiling=shaped,argmax=in-step'
bench="npm run -s bench:recorded -- --model gemma-2b"
prefill="$bench --variant '$K+$X' --prefill parallel"
p129=$(seq -s, 1 129)
logs=$(mktemp -d)
LAB_GPU_TAR="${OUT:-/tmp}/logs.tgz" OUT=$logs scripts/gpu-run.sh \
  "verify-f32: npx lab verify 'parallel-prefill+$K+$X' '$K+$X' --backend webgpu --model gemma-2b --prompt $p129 && npx lab verify 'parallel-prefill+$K+$X' --backend webgpu --model gemma-2b --prompt $(seq -s, 3 66)" \
  "prefill-64-1: $prefill --prompt-len 64 --prefill-replays 50 --prefill-separate-norms" \
  "prefill-64-2: $prefill --prompt-len 64 --prefill-replays 50" \
  "prefill-64-3: $prefill --prompt-len 64 --prefill-replays 50 --prefill-separate-norms" \
  "prefill-1024: $prefill --prompt-len 1024 --gen-len 16 --runs 3 --prefill-replays 10 --prefill-separate-norms" \
  "hf-prefill-64: python3 scripts/peers/hf_prefill.py --model gemma-2b --dtype float32 --prompt-len 64" \
  "hf-prefill-1024: python3 scripts/peers/hf_prefill.py --model gemma-2b --dtype float32 --prompt-len 1024" \
  "pos4096-1: $prefill --prefill-replays 2 --prompt-len 4096 --gen-len 64 --position 4096 --runs 5" \
  "pos4096-2: $prefill --prefill-replays 2 --prompt-len 4096 --gen-len 64 --position 4096 --runs 5" \
  "bench-f32: $bench --variant '$K+$X'" \
  "bench-bf16: $bench --variant '$K+$X' --weights-dtype bf16" \
  "bench-7b-bf16: npm run -s bench:recorded -- --model gemma-7b --weights-dtype bf16 --variant '$K7+$X'" \
  "sweep-prefill-1024: npx lab sweep 'parallel-prefill+$K+$X' --baseline '$K+$X' --model gemma-2b --backend webgpu --no-git --prompt-len 1024 --gen-len 16 --db $logs/prefill.db" \
  "verify-bf16: npx lab verify 'parallel-prefill+$K+$X' --backend webgpu --model gemma-2b --weights-dtype bf16 --prompt $p129" \
  "verify-7b: npx lab verify 'parallel-prefill+$K7+$X' --backend webgpu --model gemma-7b --weights-dtype bf16 --prompt $p129" > "$logs/summary.log" 2>&1
tar czf "${OUT:-/tmp}/logs.tgz" -C "$logs" . # the summary too
