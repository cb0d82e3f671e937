#!/usr/bin/env bash
# One GPU call (issue 16): the prompt's attention by subgroup shuffles with 2 and 4 query rows a thread on 16
# threads a row (C = 16 keeps a workgroup of 4 rows a thread at 128 threads) and 8 or 16 keys a step, at 1024 and
# 4096 tokens; the short prompt's products at session 16's defaults at 64 tokens.
# Writes one tar of its logs (after every step) under $OUT; run it from the project root on a GPU host prepared by
# ../shared/device (source .devcarry/setup.sh first).
set -u
K='wgsl-recorded-step-shaped@keysPerSplit=16,argmax=in-step+fused-qkv'
prefill="npm run -s bench:recorded -- --model gemma-2b --variant '$K' --prefill parallel --gen-len 16 --runs 3"
a='16x32sgr2;8x16sgr4;16x16sgr4;4x16sgr4;8x32sgr4;16x16sgr2'
logs=$(mktemp -d)
LAB_GPU_TAR="${OUT:-/tmp}/logs.tgz" OUT=$logs scripts/gpu-run.sh \
  "prefill-1024: $prefill --prompt-len 1024 --prefill-replays 10 --prefill-attention '$a'" \
  "prefill-4096: $prefill --prompt-len 4096 --prefill-replays 2 --prefill-attention '$a'" \
  "prefill-64: $prefill --prompt-len 64 --prefill-replays 50 --prefill-attention '8x32sgr2;16x32sgr2'" > "$logs/summary.log" 2>&1
tar czf "${OUT:-/tmp}/logs.tgz" -C "$logs" . # the summary too
