#!/usr/bin/env bash
# One GPU call (issues 15 and 16): the kv-split attention with its values' loads issued beside the keys' against
# the commit before it, in alternating processes: decode after a 64-token scan (gemma-2b f32, bf16) and at
# position 4096; then bench:tiling with its passes submitted together after a warm-up, with and without the
# stagger (f32, bf16); lab verify (f32). The two trees come from scripts/ab-trees.sh base=c124e6b new=0ffa358
# (carry .ab): committed files only, so that nothing uncommitted here travels into the figures.
# Writes one tar of its logs (after every step) under $OUT; run it from the project root on a GPU host prepared by
# ../shared/device (source .devcarry/setup.sh first).
set -u
base=$PWD/.ab/base
new=$PWD/.ab/new
for tree in "$base" "$new"; do ln -sfn "$PWD/node_modules" "$tree/node_modules"; done
X='fused-qkv'
K='wgsl-recorded-step-shaped@keysPerSplit=16,argmax=in-step'
run="npm run -s bench:recorded -- --model gemma-2b --variant '$K+$X'"
old="cd $base && $run"
bench="cd $new && $run"
at4096="--prefill parallel --prefill-replays 2 --prompt-len 4096 --gen-len 64 --position 4096 --runs 5"
tiling="npm run -s bench:tiling -- --reduction subgroups --stagger false,true"
p129=$(seq -s, 1 129)
logs=$(mktemp -d)
LAB_GPU_TAR="${OUT:-/tmp}/logs.tgz" OUT=$logs scripts/gpu-run.sh \
  "f32-base-1: $old" \
  "f32-1: $bench" \
  "f32-base-2: $old" \
  "f32-2: $bench" \
  "f32-base-3: $old" \
  "f32-3: $bench" \
  "bf16-base-1: $old --weights-dtype bf16" \
  "bf16-1: $bench --weights-dtype bf16" \
  "bf16-base-2: $old --weights-dtype bf16" \
  "bf16-2: $bench --weights-dtype bf16" \
  "pos4096-base: cd $base && npm run -s bench:recorded -- --model gemma-2b --variant 'parallel-prefill+$K+$X' $at4096" \
  "pos4096: cd $new && npm run -s bench:recorded -- --model gemma-2b --variant 'parallel-prefill+$K+$X' $at4096" \
  "tiling-f32: cd $new && $tiling" \
  "tiling-bf16: cd $new && $tiling --weights-dtype bf16" \
  "verify-f32: cd $new && ./bin/lab.js verify 'parallel-prefill+$K+$X' '$K+$X' --backend webgpu --model gemma-2b --prompt $p129" > "$logs/summary.log" 2>&1
tar czf "${OUT:-/tmp}/logs.tgz" -C "$logs" .
