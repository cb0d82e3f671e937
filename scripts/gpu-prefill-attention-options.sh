#!/usr/bin/env bash
# The multi-token step's attention (prefill-attention-shader.ts) at several options, issue 16: keys a step x most
# threads a row, walks staggered (s) or in order, replayed at prompts of 1024, 64 and 4096 tokens (gemma-2b f32),
# and the parallel prefill verified at 129 tokens with the default.
# Writes one tar of its logs under $OUT; run it from the project root on a GPU host prepared by ../shared/device
# (source .devcarry/setup.sh first).
set -u
S=wgsl-recorded-step-shaped
X='wgsl-argmax-wide+fused-qkv'
bench="npm run -s bench:recorded -- --model gemma-2b --variant $S+$X --prefill parallel --runs 1 --replays 20"
options='4x8;4x8s;8x8s;16x8s;2x8s;4x16s;8x16s;4x4s;8x4s'
p129=$(seq -s, 1 129)
logs=$(mktemp -d)
LAB_GPU_TAR="${OUT:-/tmp}/logs.tgz" OUT=$logs scripts/gpu-run.sh \
  "attention-1024: $bench --prompt-len 1024 --gen-len 16 --prefill-attention '$options'" \
  "attention-64: $bench --prompt-len 64 --gen-len 16 --prefill-attention '$options'" \
  "attention-4096: $bench --prompt-len 4096 --gen-len 16 --prefill-replays 3 --prefill-attention '4x8s;8x8s;8x16s;16x16s'" \
  "verify-prefill-f32: npx lab verify 'parallel-prefill+$S+$X' --backend webgpu --model gemma-2b --prompt $p129" > "$logs/summary.log" 2>&1
tar czf "${OUT:-/tmp}/logs.tgz" -C "$logs" . # the summary too
