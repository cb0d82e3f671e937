#!/usr/bin/env bash
# One GPU call (issue 16): the multi-token step's products with the step's inputs unrolled (u), the tiles' rows
# padded against bank conflicts in the staging stores (d), and tileK 16 and 32 in the workgroup memory the device
# grants past 16 KiB, pipelined (p) or not, at 1024 and 64 tokens; Hugging Face's parallel prefill of the same
# 1024-token prompt (f32) in the same call.
# Writes one tar of its logs (after every step) under $OUT; run it from the project root on a GPU host prepared by
# ../shared/device (source .devcarry/setup.sh first).
set -u
K='wgsl-recorded-step-shaped@keysPerSplit=16,argmax=in-step+fused-qkv'
prefill="npm run -s bench:recorded -- --model gemma-2b --variant '$K' --prefill parallel --gen-len 16 --runs 3"
t1024='pvu:16x8x8x8|pvu:16x8x4x8;pvd:16x8x8x8|pvd:16x8x4x8;pvud:16x8x8x8|pvud:16x8x4x8;pvud:16x8x8x16|pvud:16x8x4x16;vud:16x8x8x16|vud:16x8x4x16;pvud:16x8x8x32|pvud:16x8x4x32;vud:16x8x8x32|vud:16x8x4x32'
t64='pvu:16x4x4x16|pvu:8x8x4x8;pvud:16x4x4x16|pvud:8x8x4x8;pvud:16x4x4x32|pvud:8x8x4x16'
logs=$(mktemp -d)
LAB_GPU_TAR="${OUT:-/tmp}/logs.tgz" OUT=$logs scripts/gpu-run.sh \
  "prefill-1024: $prefill --prompt-len 1024 --prefill-replays 10 --prefill-tiling '$t1024'" \
  "hf-prefill-1024: python3 scripts/peers/hf_prefill.py --model gemma-2b --dtype float32 --prompt-len 1024" \
  "prefill-64: $prefill --prompt-len 64 --prefill-replays 50 --prefill-tiling '$t64'" > "$logs/summary.log" 2>&1
tar czf "${OUT:-/tmp}/logs.tgz" -C "$logs" . # the summary too
