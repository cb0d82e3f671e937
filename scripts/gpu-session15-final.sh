#!/usr/bin/env bash
# One GPU call (issues 15 and 16), the final figures of session 15 with the one-round kv-split attention: lab profile
# of the best f32 variant (the README's example, with its in-step column); decode through generate after a 64-token
# scan (gemma-2b f32 x2, bf16 x2), at position 4096 (x3 processes); lab verify on gemma-7b bf16 (one query head a KV
# head: the kernel's other shape) and gemma-2b f32 with the parallel prefill at 1024 tokens.
# Writes one tar of its logs (after every step) under $OUT; run it from the project root on a GPU host prepared by
# ../shared/device (source .devcarry/setup.sh first).
set -u
X='fused-qkv'
K='wgsl-recorded-step-shaped@keysPerSplit=16,argmax=in-step'
run="npm run -s bench:recorded -- --model gemma-2b --variant '$K+$X'"
at4096="--prefill parallel --prefill-replays 2 --prompt-len 4096 --gen-len 64 --position 4096 --runs 5"
long="npm run -s bench:recorded -- --model gemma-2b --variant 'parallel-prefill+$K+$X' $at4096"
p129=$(seq -s, 1 129)
p1024=$(seq -s, 1 1024)
logs=$(mktemp -d)
LAB_GPU_TAR="${OUT:-/tmp}/logs.tgz" OUT=$logs scripts/gpu-run.sh \
  "profile-f32: ./bin/lab.js profile 'parallel-prefill+$K+$X' --backend webgpu --model gemma-2b --prompt-len 64 --gen-len 64 --no-store" \
  "f32-1: $run" \
  "bf16-1: $run --weights-dtype bf16" \
  "pos4096-1: $long" \
  "f32-2: $run" \
  "bf16-2: $run --weights-dtype bf16" \
  "pos4096-2: $long" \
  "pos4096-3: $long" \
  "verify-7b: ./bin/lab.js verify 'parallel-prefill+$K+$X' '$K+$X' --backend webgpu --model gemma-7b --weights-dtype bf16 --prompt $p129" \
  "verify-1024: ./bin/lab.js verify 'parallel-prefill+$K+$X' --backend webgpu --model gemma-2b --prompt $p1024 --max-new-tokens 16" > "$logs/summary.log" 2>&1
tar czf "${OUT:-/tmp}/logs.tgz" -C "$logs" .
