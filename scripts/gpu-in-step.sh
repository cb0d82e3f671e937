#!/usr/bin/env bash
# One GPU call (issues 15 and 16): the next token chosen inside the recorded step (argmax=in-step) against the
# two-launch WGSL argMax of TF.js (wgsl-argmax-wide), each in processes of its own, alternating: decode after a
# 64-token scan (gemma-2b f32, bf16; gemma-7b bf16) and at position 4096 after a 4096-token prompt; lab verify of
# the in-step loop (f32); the 64-token prompt alone with bench:recorded's warm-up; tilings of the 1024-token step.
# Writes one tar of its logs (after every step) under $OUT; run it from the project root on a GPU host prepared by
# ../shared/device (source .devcarry/setup.sh first).
set -u
S=wgsl-recorded-step-shaped
X='wgsl-argmax-wide+fused-qkv'
K="$S@keysPerSplit=16"
KI="$S@keysPerSplit=16,argmax=in-step+fused-qkv"
K7='wgsl-recorded-step-kv-split@keysPerSplit=16,tiling=shaped'
bench="npm run -s bench:recorded -- --model gemma-2b"
at4096="--prefill parallel --prefill-replays 2 --prompt-len 4096 --gen-len 64 --position 4096 --runs 5"
p129=$(seq -s, 1 129)
logs=$(mktemp -d)
LAB_GPU_TAR="${OUT:-/tmp}/logs.tgz" OUT=$logs scripts/gpu-run.sh \
  "verify-in-step: npx lab verify 'parallel-prefill+$KI' '$KI' --backend webgpu --model gemma-2b --prompt $p129" \
  "f32-wide-1: $bench --variant '$K+$X'" \
  "f32-in-step-1: $bench --variant '$KI'" \
  "f32-wide-2: $bench --variant '$K+$X'" \
  "f32-in-step-2: $bench --variant '$KI'" \
  "pos4096-wide-1: $bench --variant 'parallel-prefill+$K+$X' $at4096" \
  "pos4096-in-step-1: $bench --variant 'parallel-prefill+$KI' $at4096" \
  "pos4096-wide-2: $bench --variant 'parallel-prefill+$K+$X' $at4096" \
  "pos4096-in-step-2: $bench --variant 'parallel-prefill+$KI' $at4096" \
  "bf16-wide: $bench --variant '$K+$X' --weights-dtype bf16" \
  "bf16-in-step: $bench --variant '$KI' --weights-dtype bf16" \
  "7b-bf16-in-step: npm run -s bench:recorded -- --model gemma-7b --weights-dtype bf16 --variant '$K7,argmax=in-step+fused-qkv'" \
  "prefill-64-1: $bench --variant 'parallel-prefill+$KI' --prefill parallel --prompt-len 64 --prefill-replays 50" \
  "prefill-64-2: $bench --variant 'parallel-prefill+$KI' --prefill parallel --prompt-len 64 --prefill-replays 50" \
  "prefill-1024-tilings: $bench --variant 'parallel-prefill+$KI' --prefill parallel --prompt-len 1024 --gen-len 16 --runs 3 --prefill-replays 10 --prefill-tiling 'pv:16x8x8x16|default;default@1024;pv:32x4x8x8|default;pv:16x8x8x8|pv:32x4x4x8'" \
  > "$logs/summary.log" 2>&1
tar czf "${OUT:-/tmp}/logs.tgz" -C "$logs" . # the summary too
