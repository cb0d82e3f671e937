#!/usr/bin/env bash
# One GPU call (issue 15): the products that fold the RMS norm now sum its squares from the input loads they make
# anyway and scale their sums by it at the end, instead of a norm prologue (a pass over the input and a reduction)
# before their weights' loads. Decode after a 64-token scan (gemma-2b f32 and bf16, two processes each; gemma-7b
# bf16) and at position 4096 (two processes); lab verify in f32 and bf16. Writes one tar of its logs under $OUT; run
# it from the project root on a GPU host prepared by ../shared/device (source .devcarry/setup.sh first).
set -u
K='wgsl-recorded-step-shaped@keysPerSplit=16,argmax=in-step+fused-qkv'
K7='wgsl-recorded-step-kv-split@keysPerSplit=16,tiling=shaped,argmax=in-step+fused-qkv'
bench="npm run -s bench:recorded -- --model gemma-2b --variant $K"
at4096="--prefill parallel --prefill-replays 2 --prompt-len 4096 --gen-len 64 --position 4096 --runs 5"
p129=$(seq -s, 1 129)
logs=$(mktemp -d)
LAB_GPU_TAR="${OUT:-/tmp}/logs.tgz" OUT=$logs scripts/gpu-run.sh \
  "f32-1: $bench" \
  "bf16-1: $bench --weights-dtype bf16" \
  "f32-2: $bench" \
  "bf16-2: $bench --weights-dtype bf16" \
  "pos4096-1: $bench $at4096" \
  "pos4096-2: $bench $at4096" \
  "7b-bf16: npm run -s bench:recorded -- --model gemma-7b --weights-dtype bf16 --variant '$K7'" \
  "verify-f32: npx lab verify 'parallel-prefill+$K' '$K' --backend webgpu --model gemma-2b --prompt $p129" \
  "verify-bf16: npx lab verify '$K' --backend webgpu --model gemma-2b --weights-dtype bf16 --prompt $p129" > "$logs/summary.log" 2>&1
tar czf "${OUT:-/tmp}/logs.tgz" -C "$logs" .
