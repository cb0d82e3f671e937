#!/usr/bin/env bash
# One GPU call (issues 15 and 16): the in-step loop's own GPU span beside each generate run's wall-clock time
# (bench:recorded prints both, run by run), to tell a slow run's idle GPU from a slow GPU; and longRowRows=2 (the
# down product at 256 lanes x 2 rows, fastest in bench:tiling) against the shaped tiling's 4, in alternating
# processes: gemma-2b f32 and bf16, gemma-7b bf16, decode at 4096; lab verify of longRowRows=2 (f32).
# Writes one tar of its logs (after every step) under $OUT; run it from the project root on a GPU host prepared by
# ../shared/device (source .devcarry/setup.sh first).
set -u
X='fused-qkv'
K='wgsl-recorded-step-shaped@keysPerSplit=16,argmax=in-step'
KL="$K,longRowRows=2"
K7='wgsl-recorded-step-kv-split@keysPerSplit=16,tiling=shaped,argmax=in-step'
bench="npm run -s bench:recorded -- --model gemma-2b"
at4096="--prefill parallel --prefill-replays 2 --prompt-len 4096 --gen-len 64 --position 4096 --runs 5"
p129=$(seq -s, 1 129)
logs=$(mktemp -d)
LAB_GPU_TAR="${OUT:-/tmp}/logs.tgz" OUT=$logs scripts/gpu-run.sh \
  "f32-1: $bench --variant '$K+$X'" \
  "f32-long2-1: $bench --variant '$KL+$X'" \
  "f32-2: $bench --variant '$K+$X'" \
  "f32-long2-2: $bench --variant '$KL+$X'" \
  "f32-3: $bench --variant '$K+$X'" \
  "f32-long2-3: $bench --variant '$KL+$X'" \
  "bf16-1: $bench --variant '$K+$X' --weights-dtype bf16" \
  "bf16-long2-1: $bench --variant '$KL+$X' --weights-dtype bf16" \
  "bf16-2: $bench --variant '$K+$X' --weights-dtype bf16" \
  "bf16-long2-2: $bench --variant '$KL+$X' --weights-dtype bf16" \
  "7b-bf16: npm run -s bench:recorded -- --model gemma-7b --weights-dtype bf16 --variant '$K7+$X'" \
  "7b-bf16-long2: npm run -s bench:recorded -- --model gemma-7b --weights-dtype bf16 --variant '$K7,longRowRows=2+$X'" \
  "pos4096-1: $bench --variant 'parallel-prefill+$K+$X' $at4096" \
  "pos4096-long2: $bench --variant 'parallel-prefill+$KL+$X' $at4096" \
  "pos4096-2: $bench --variant 'parallel-prefill+$K+$X' $at4096" \
  "verify-long2: npx lab verify 'parallel-prefill+$KL+$X' --backend webgpu --model gemma-2b --prompt $p129" > "$logs/summary.log" 2>&1
tar czf "${OUT:-/tmp}/logs.tgz" -C "$logs" .
