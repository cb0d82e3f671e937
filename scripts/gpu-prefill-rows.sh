#!/usr/bin/env bash
# One GPU call (issue 16): the prompt's attention by subgroup shuffles with 1, 2 and 4 query rows a thread (rR) at
# several keys a step and threads a row, at 1024, 4096 and 64 tokens; at 64 tokens the short prompt's gated pair
# and long-k down product at 16 inputs a step, unrolled and padded.
# Writes one tar of its logs (after every step) under $OUT; run it from the project root on a GPU host prepared by
# ../shared/device (source .devcarry/setup.sh first).
set -u
K='wgsl-recorded-step-shaped@keysPerSplit=16,argmax=in-step+fused-qkv'
prefill="npm run -s bench:recorded -- --model gemma-2b --variant '$K' --prefill parallel --gen-len 16 --runs 3"
a='8x32sg;8x32sgr2;8x16sgr2;8x32sgr4;16x32sgr2;4x32sgr2;8x8sgr2;16x32sgr4'
logs=$(mktemp -d)
LAB_GPU_TAR="${OUT:-/tmp}/logs.tgz" OUT=$logs scripts/gpu-run.sh \
  "prefill-1024: $prefill --prompt-len 1024 --prefill-replays 10 --prefill-attention '$a'" \
  "prefill-64: $prefill --prompt-len 64 --prefill-replays 50 --prefill-attention '$a' --prefill-tiling 'default|pvud:8x8x4x16|pvud:8x8x4x16;default|pvud:8x8x4x16|default;default|default|pvud:8x8x4x16'" \
  "prefill-4096: $prefill --prompt-len 4096 --prefill-replays 2 --prefill-attention '8x32sgr2;8x32sgr4;8x16sgr2'" > "$logs/summary.log" 2>&1
tar czf "${OUT:-/tmp}/logs.tgz" -C "$logs" . # the summary too
