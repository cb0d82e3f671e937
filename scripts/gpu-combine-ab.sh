#!/usr/bin/env bash
# One GPU call (issues 15 and 16): the kv-split combining pass in one round of loads and the first pass loading
# its values with its keys (this commit) against the kernels before them (f3f2f25ab751d64eaeb690e6afbf007c48d15bac, run from a worktree),
# gemma-2b f32 at 128 and 4096 positions; then the multi-token step's products with the gated pair tiled apart
# (bench:recorded --prefill-tiling 'A|B') at 64 and 1024 tokens.
# On the H200 (docs/gpu/2026-12-02-h200-session12/run3) the worktree was not created, so the old-* steps did not run.
# Writes one tar of its logs (after every step) under $OUT; run it from the project root on a GPU host prepared by
# ../shared/device (source .devcarry/setup.sh first).
set -u
S=wgsl-recorded-step-shaped
X='wgsl-argmax-wide+fused-qkv'
bench="npm run -s bench:recorded -- --model gemma-2b --prompt-len 64 --gen-len 64 --position 4096 --runs 3"
prefill="npm run -s bench:recorded -- --model gemma-2b --variant '$S+$X' --prefill parallel --runs 2 --replays 20"
base=/tmp/lab-base
git worktree add --detach "$base" f3f2f25ab751d64eaeb690e6afbf007c48d15bac > /dev/null 2>&1 && ln -s "$PWD/node_modules" "$base/node_modules"
logs=$(mktemp -d)
LAB_GPU_TAR="${OUT:-/tmp}/logs.tgz" OUT=$logs scripts/gpu-run.sh \
  "old-k16-c16: cd $base && $bench --variant '$S@keysPerSplit=16,combineChunk=16+$X'" \
  "new-k16-c16: $bench --variant '$S@keysPerSplit=16,combineChunk=16+$X'" \
  "old-k8-c64: cd $base && $bench --variant '$S+$X'" \
  "new-k8-c64: $bench --variant '$S+$X'" \
  "new-k16-c64: $bench --variant '$S@keysPerSplit=16+$X'" \
  "new-k32-c64: $bench --variant '$S@keysPerSplit=32+$X'" \
  "prefill-1024: $prefill --prompt-len 1024 --gen-len 8 --prefill-replays 5 --prefill-tiling 'pv:16x8x8x8|pv:16x8x4x8;pv:16x8x8x8|pv:16x8x4x16;pv:16x8x8x16|pv:16x8x4x16;pv:16x8x8x8|pv:8x8x4x8'" \
  "prefill-64: $prefill --prompt-len 64 --gen-len 8 --prefill-replays 50 --prefill-tiling 'pv:16x4x4x16|pv:8x8x4x8;pv:8x8x4x8;pv:16x4x8x8;pv:16x4x4x16|pv:16x4x4x8'" > "$logs/summary.log" 2>&1
tar czf "${OUT:-/tmp}/logs.tgz" -C "$logs" . # the summary too
