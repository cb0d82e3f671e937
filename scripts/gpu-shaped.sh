#!/usr/bin/env bash
# One GPU call (issues 15 and 16): verdicts on the shaped matrix-vector tiling against the paired one (lab sweep,
# 10 runs over 4 processes a variant), for gemma-7b bf16 (where the paired rule gave q/k/v a workgroup a row) and
# gemma-2b bf16/f32, with kv-split at 4 keys a split beside it; then decode at position 4096 with either tiling,
# side by side. Writes one tar of its logs and database under $OUT; run it from the project root on a GPU host
# prepared by ../shared/device (source .devcarry/setup.sh first).
set -u
K=wgsl-recorded-step-kv-split
X='wgsl-argmax-wide+fused-qkv'
logs=$(mktemp -d)
sweep2="npx lab sweep 'wgsl-recorded-step-shaped+$X' '$K@keysPerSplit=4,tiling=shaped+$X' --baseline '$K+$X' --model gemma-2b --backend webgpu --no-git --db $logs/shaped.db"
long="npm run -s bench:recorded -- --model gemma-2b --prefill parallel --prompt-len 4096 --gen-len 64 --position 4096 --runs 5 --prefill-replays 2"
OUT=$logs scripts/gpu-run.sh \
  "sweep-7b-bf16: npx lab sweep '$K@keysPerSplit=16,tiling=shaped+$X' --baseline '$K@keysPerSplit=16+$X' --model gemma-7b --weights-dtype bf16 --backend webgpu --no-git --db $logs/shaped.db" \
  "sweep-2b-bf16: $sweep2 --weights-dtype bf16" \
  "sweep-2b-f32: $sweep2 --weights-dtype f32" \
  "pos4096-paired: $long --variant '$K@keysPerSplit=16+$X'" \
  "pos4096-shaped: $long --variant '$K@keysPerSplit=16,tiling=shaped+$X'" \
  "report: npx lab report --db $logs/shaped.db" > "$logs/summary.log" 2>&1
tar czf "${OUT:-/tmp}/logs.tgz" -C "$logs" .
