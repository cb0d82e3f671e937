#!/usr/bin/env bash
# One GPU call (issue 16): decode at position 4096 after a 4096-token prompt (two processes) and after a 64-token
# scan (f32, bf16), with bench:recorded's floors counting the KV cache each step reads (weights + KV cache at the
# read bandwidth). Writes one tar of its logs under $OUT; run it from the project root on a GPU host prepared by
# ../shared/device (source .devcarry/setup.sh first).
set -u
K='wgsl-recorded-step-shaped@keysPerSplit=16,argmax=in-step+fused-qkv'
bench="npm run -s bench:recorded -- --model gemma-2b --variant $K"
at4096="--prefill parallel --prefill-replays 2 --prompt-len 4096 --gen-len 64 --position 4096 --runs 5"
logs=$(mktemp -d)
LAB_GPU_TAR="${OUT:-/tmp}/logs.tgz" OUT=$logs scripts/gpu-run.sh \
  "pos4096-1: $bench $at4096" \
  "pos4096-2: $bench $at4096" \
  "pos4096-3: $bench $at4096" \
  "f32: $bench" \
  "bf16: $bench --weights-dtype bf16" > "$logs/summary.log" 2>&1
tar czf "${OUT:-/tmp}/logs.tgz" -C "$logs" .
