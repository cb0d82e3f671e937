#!/usr/bin/env bash
# One GPU call (issues 15 and 16): the kv-split attention with every global load in one round (614efd4) against
# the commit before it (192a499), in alternating processes: decode after a 64-token scan (gemma-2b f32, bf16;
# gemma-7b bf16) and at position 4096; lab verify (f32, bf16) with it. The two trees come from
# scripts/ab-trees.sh base=192a499 new=614efd4 (carry .ab): committed files only.
# Writes one tar of its logs (after every step) under $OUT; run it from the project root on a GPU host prepared by
# ../shared/device (source .devcarry/setup.sh first).
set -u
base=$PWD/.ab/base
new=$PWD/.ab/new
for tree in "$base" "$new"; do ln -sfn "$PWD/node_modules" "$tree/node_modules"; done
X='fused-qkv'
K='wgsl-recorded-step-shaped@keysPerSplit=16,argmax=in-step'
run="npm run -s bench:recorded -- --variant '$K+$X'"
at4096="--model gemma-2b --prefill parallel --prefill-replays 2 --prompt-len 4096 --gen-len 64 --position 4096 --runs 5"
long="npm run -s bench:recorded -- --variant 'parallel-prefill+$K+$X' $at4096"
p129=$(seq -s, 1 129)
verify="./bin/lab.js verify 'parallel-prefill+$K+$X' '$K+$X' --backend webgpu --model gemma-2b --prompt $p129"
steps=()
for i in 1 2 3 4; do steps+=("f32-base-$i: cd $base && $run --model gemma-2b" "f32-$i: cd $new && $run --model gemma-2b"); done
for i in 1 2 3; do steps+=("bf16-base-$i: cd $base && $run --model gemma-2b --weights-dtype bf16" "bf16-$i: cd $new && $run --model gemma-2b --weights-dtype bf16"); done
for i in 1 2; do steps+=("pos4096-base-$i: cd $base && $long" "pos4096-$i: cd $new && $long"); done
steps+=("7b-base: cd $base && $run --model gemma-7b --weights-dtype bf16" "7b: cd $new && $run --model gemma-7b --weights-dtype bf16")
steps+=("verify-f32: cd $new && $verify" "verify-bf16: cd $new && $verify --weights-dtype bf16")
logs=$(mktemp -d)
LAB_GPU_TAR="${OUT:-/tmp}/logs.tgz" OUT=$logs scripts/gpu-run.sh "${steps[@]}" > "$logs/summary.log" 2>&1
tar czf "${OUT:-/tmp}/logs.tgz" -C "$logs" .
