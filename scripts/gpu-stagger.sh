#!/usr/bin/env bash
# One GPU call (issue 15): every product tiling with and without each workgroup starting its row loop at its own
# block of columns (MatVecTiling.stagger), gemma-2b f32 and bf16 and gemma-7b bf16; then the step with stagger=true
# against the default, in alternating processes: decode after a 64-token scan (f32, bf16, gemma-7b bf16) and at
# position 4096; lab verify of the staggered step (f32, bf16). gpu-run.sh logs the GPU's clocks beside it all.
# Writes one tar of its logs (after every step) under $OUT; run it from the project root on a GPU host prepared by
# ../shared/device (source .devcarry/setup.sh first).
set -u
X='fused-qkv'
K='wgsl-recorded-step-shaped@keysPerSplit=16,argmax=in-step'
KS="$K,stagger=true"
K7='wgsl-recorded-step-kv-split@keysPerSplit=16,tiling=shaped,argmax=in-step'
bench="npm run -s bench:recorded -- --model gemma-2b"
tiling="npm run -s bench:tiling -- --reduction subgroups --stagger false,true --unroll 1,2"
at4096="--prefill parallel --prefill-replays 2 --prompt-len 4096 --gen-len 64 --position 4096 --runs 5"
p129=$(seq -s, 1 129)
logs=$(mktemp -d)
LAB_GPU_TAR="${OUT:-/tmp}/logs.tgz" OUT=$logs scripts/gpu-run.sh \
  "tiling-f32: $tiling" \
  "tiling-bf16: $tiling --weights-dtype bf16" \
  "f32-1: $bench --variant '$K+$X'" \
  "f32-stagger-1: $bench --variant '$KS+$X'" \
  "f32-2: $bench --variant '$K+$X'" \
  "f32-stagger-2: $bench --variant '$KS+$X'" \
  "bf16-1: $bench --variant '$K+$X' --weights-dtype bf16" \
  "bf16-stagger-1: $bench --variant '$KS+$X' --weights-dtype bf16" \
  "bf16-2: $bench --variant '$K+$X' --weights-dtype bf16" \
  "bf16-stagger-2: $bench --variant '$KS+$X' --weights-dtype bf16" \
  "tiling-7b-bf16: $tiling --model gemma-7b --weights-dtype bf16" \
  "7b-bf16: npm run -s bench:recorded -- --model gemma-7b --weights-dtype bf16 --variant '$K7+$X'" \
  "7b-bf16-stagger: npm run -s bench:recorded -- --model gemma-7b --weights-dtype bf16 --variant '$K7,stagger=true+$X'" \
  "pos4096-1: $bench --variant 'parallel-prefill+$K+$X' $at4096" \
  "pos4096-stagger-1: $bench --variant 'parallel-prefill+$KS+$X' $at4096" \
  "f32-3: $bench --variant '$K+$X'" \
  "f32-stagger-3: $bench --variant '$KS+$X'" \
  "verify-f32: npx lab verify 'parallel-prefill+$KS+$X' --backend webgpu --model gemma-2b --prompt $p129" \
  "verify-bf16: npx lab verify 'parallel-prefill+$KS+$X' --backend webgpu --model gemma-2b --weights-dtype bf16 --prompt $p129" > "$logs/summary.log" 2>&1
tar czf "${OUT:-/tmp}/logs.tgz" -C "$logs" .
