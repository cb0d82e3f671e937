#!/usr/bin/env bash
# One GPU call (issue 15): bench:tiling with the norm folded into every tiling of the products that read a normed
# input (as the step runs them), with and without the stagger, reduction by subgroups (as the step): gemma-2b f32
# and bf16, gemma-7b bf16. In bf16 the folded norm cost gate/up 2.4 µs a launch at the shaped rule's tiling (33.3 ->
# 35.7 µs) where f32 paid 0.4.
# Writes one tar of its logs (after every step) under $OUT; run it from the project root on a GPU host prepared by
# ../shared/device (source .devcarry/setup.sh first).
set -u
tiling="npm run -s bench:tiling -- --reduction subgroups --stagger false,true --folded-norm"
logs=$(mktemp -d)
LAB_GPU_TAR="${OUT:-/tmp}/logs.tgz" OUT=$logs scripts/gpu-run.sh \
  "tiling-bf16: $tiling --weights-dtype bf16" \
  "tiling-f32: $tiling" \
  "tiling-7b-bf16: $tiling --model gemma-7b --weights-dtype bf16" > "$logs/summary.log" 2>&1
tar czf "${OUT:-/tmp}/logs.tgz" -C "$logs" .
