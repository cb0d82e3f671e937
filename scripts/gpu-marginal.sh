#!/usr/bin/env bash
# One GPU call (issues 15 and 16): where the decode step's time goes, by bench:recorded --marginal (each launch kind
# dispatched three times in place against the step as recorded): gemma-2b f32 and bf16 after a 64-token scan, f32
# at position 4096, gemma-7b bf16; and f32 with longRowRows=2 (the down product's rows two a thread).
# Writes one tar of its logs (after every step) under $OUT; run it from the project root on a GPU host prepared by
# ../shared/device (source .devcarry/setup.sh first).
set -u
X='fused-qkv'
K='wgsl-recorded-step-shaped@keysPerSplit=16,argmax=in-step'
run="npm run -s bench:recorded -- --marginal --runs 3"
at4096="--prefill parallel --prefill-replays 2 --prompt-len 4096 --gen-len 64 --position 4096"
logs=$(mktemp -d)
LAB_GPU_TAR="${OUT:-/tmp}/logs.tgz" OUT=$logs scripts/gpu-run.sh \
  "f32: $run --model gemma-2b --variant '$K+$X'" \
  "bf16: $run --model gemma-2b --variant '$K+$X' --weights-dtype bf16" \
  "f32-long2: $run --model gemma-2b --variant '${K},longRowRows=2+$X'" \
  "pos4096: $run --model gemma-2b --variant 'parallel-prefill+$K+$X' $at4096" \
  "7b: $run --model gemma-7b --variant '$K+$X' --weights-dtype bf16" \
  "f32-again: $run --model gemma-2b --variant '$K+$X'" > "$logs/summary.log" 2>&1
tar czf "${OUT:-/tmp}/logs.tgz" -C "$logs" .
