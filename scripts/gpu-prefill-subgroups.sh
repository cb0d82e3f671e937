#!/usr/bin/env bash
# One GPU call (issue 16): the prompt's attention with its partial scores added by subgroup shuffles (g) against
# workgroup memory, at several keys a step and threads a row, at 1024 and 64 tokens; the gated pair's products
# with tileK 16 (padded, unrolled or not) beside the single products' default, at 1024 tokens.
# Writes one tar of its logs (after every step) under $OUT; run it from the project root on a GPU host prepared by
# ../shared/device (source .devcarry/setup.sh first).
set -u
K='wgsl-recorded-step-shaped@keysPerSplit=16,argmax=in-step+fused-qkv'
prefill="npm run -s bench:recorded -- --model gemma-2b --variant '$K' --prefill parallel --gen-len 16 --runs 3"
a='8x32s;8x32sg;8x16sg;16x16sg;4x16sg;16x32sg;8x8sg'
t1024='default|pvd:16x8x4x16;default|pvud:16x8x4x16;default|pv:16x8x4x16;default|pvud:8x8x4x16;pvd:16x8x8x16|pvd:16x8x4x16'
logs=$(mktemp -d)
LAB_GPU_TAR="${OUT:-/tmp}/logs.tgz" OUT=$logs scripts/gpu-run.sh \
  "prefill-1024: $prefill --prompt-len 1024 --prefill-replays 10 --prefill-attention '$a' --prefill-tiling '$t1024'" \
  "prefill-64: $prefill --prompt-len 64 --prefill-replays 50 --prefill-attention '$a'" > "$logs/summary.log" 2>&1
tar czf "${OUT:-/tmp}/logs.tgz" -C "$logs" . # the summary too
