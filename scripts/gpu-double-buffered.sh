#!/usr/bin/env bash
# One GPU call (issue 16): the multi-token step's products double-buffered (one barrier a step) against the same
# tiles with two (default~), at 64 (and its split-over-k target at 128), 1024 and 4096 tokens, gemma-2b f32; decode
# at position 4096 through generate; lab verify of the parallel prefill with the new default (f32, bf16,
# gemma-7b bf16).
# Writes one tar of its logs (after every step) under $OUT; run it from the project root on a GPU host prepared by
# ../shared/device (source .devcarry/setup.sh first).
set -u
S=wgsl-recorded-step-shaped
X='wgsl-argmax-wide+fused-qkv'
K="$S@keysPerSplit=16"
prefill="npm run -s bench:recorded -- --model gemma-2b --variant '$K+$X' --prefill parallel"
p129=$(seq -s, 1 129)
logs=$(mktemp -d)
LAB_GPU_TAR="${OUT:-/tmp}/logs.tgz" OUT=$logs scripts/gpu-run.sh \
  "prefill-64: $prefill --prompt-len 64 --prefill-replays 50 --prefill-tiling 'default~;default@128'" \
  "prefill-1024: $prefill --prompt-len 1024 --gen-len 16 --runs 3 --prefill-replays 10 --prefill-tiling 'default~'" \
  "pos4096: $prefill --prefill-replays 2 --prompt-len 4096 --gen-len 64 --position 4096 --runs 5 --prefill-tiling 'default~'" \
  "verify-f32: npx lab verify 'parallel-prefill+$K+$X' --backend webgpu --model gemma-2b --prompt $p129 && npx lab verify 'parallel-prefill+$K+$X' --backend webgpu --model gemma-2b --prompt $(seq -s, 3 66)" \
  "verify-bf16: npx lab verify 'parallel-prefill+$K+$X' --backend webgpu --model gemma-2b --weights-dtype bf16 --prompt $p129" \
  "verify-7b: npx lab verify 'parallel-prefill+wgsl-recorded-step-kv-split@keysPerSplit=16,tiling=shaped+$X' --backend webgpu --model gemma-7b --weights-dtype bf16 --prompt $p129" > "$logs/summary.log" 2>&1
tar czf "${OUT:-/tmp}/logs.tgz" -C "$logs" . # the summary too
