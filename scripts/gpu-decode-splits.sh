#!/usr/bin/env bash
# One GPU call (issues 15 and 16): the kv-split attention's split size (keysPerSplit 8, 16, 32) against its
# combining pass's chunk (combineChunk 16, 32, 64), gemma-2b f32: decode through generate after a 64-token prompt,
# and the step replayed at position 4096.
# Writes one tar of its logs (after every step) under $OUT; run it from the project root on a GPU host prepared by
# ../shared/device (source .devcarry/setup.sh first).
set -u
S=wgsl-recorded-step-shaped
X='wgsl-argmax-wide+fused-qkv'
bench="npm run -s bench:recorded -- --model gemma-2b --prompt-len 64 --gen-len 64 --position 4096 --runs 3"
steps=()
for kc in 8:64 8:16 16:16 16:32 32:16 32:32 32:64; do
  steps+=("k${kc%%:*}-c${kc##*:}: $bench --variant '$S@keysPerSplit=${kc%%:*},combineChunk=${kc##*:}+$X'")
done
logs=$(mktemp -d)
LAB_GPU_TAR="${OUT:-/tmp}/logs.tgz" OUT=$logs scripts/gpu-run.sh "${steps[@]}" > "$logs/summary.log" 2>&1
tar czf "${OUT:-/tmp}/logs.tgz" -C "$logs" . # the summary too
