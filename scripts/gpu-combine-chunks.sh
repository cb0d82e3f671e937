#!/usr/bin/env bash
# The kv-split combining pass spread over 16- or 32-element workgroups where a full cache has many splits
# (combineChunk, kv-split-attention-shader.ts), issue 16: decode at positions 4096 and 8190 (gemma-2b f32), and
# lab verify with a 2100-token prompt, whose 133 splits take the 16-element workgroups.
# Writes one tar of its logs under $OUT; run it from the project root on a GPU host prepared by ../shared/device
# (source .devcarry/setup.sh first).
set -u
S=wgsl-recorded-step-shaped
X='wgsl-argmax-wide+fused-qkv'
bench="npm run -s bench:recorded -- --model gemma-2b --variant $S+$X --prefill parallel"
logs=$(mktemp -d)
OUT=$logs scripts/gpu-run.sh \
  "pos4096: $bench --prompt-len 4096 --gen-len 64 --position 4096 --runs 5 --prefill-replays 2" \
  "pos8190: $bench --prompt-len 8128 --gen-len 64 --position 8190 --runs 2 --prefill-replays 1" \
  "verify-long: npx lab verify 'parallel-prefill+$S+$X' --backend webgpu --model gemma-2b --prompt $(seq -s, 1 2100)" > "$logs/summary.log" 2>&1
tar czf "${OUT:-/tmp}/logs.tgz" -C "$logs" .
