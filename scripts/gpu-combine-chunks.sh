#!/usr/bin/env bash
# Not yet run (its first try ran out of the session's device time before the logs came back): the kv-split
# combining pass over 64-, 32- and 16-element workgroups (combineChunk) at decode positions 4096 and 8190
# (gemma-2b f32), then a sweep of combineChunk=16 against 64 at a 4096-token prompt.
# Writes one tar of its logs (after every step) under $OUT; run it from the project root on a GPU host prepared by
# ../shared/device (source .devcarry/setup.sh first).
set -u
S=wgsl-recorded-step-shaped
X='wgsl-argmax-wide+fused-qkv'
bench="npm run -s bench:recorded -- --model gemma-2b --prefill parallel --prefill-replays 1"
logs=$(mktemp -d)
LAB_GPU_TAR="${OUT:-/tmp}/logs.tgz" OUT=$logs scripts/gpu-run.sh \
  "pos4096-c64: $bench --variant '$S+$X' --prompt-len 4096 --gen-len 64 --position 4096 --runs 5" \
  "pos4096-c16: $bench --variant '$S@combineChunk=16+$X' --prompt-len 4096 --gen-len 64 --position 4096 --runs 5" \
  "pos4096-c32: $bench --variant '$S@combineChunk=32+$X' --prompt-len 4096 --gen-len 64 --position 4096 --runs 5" \
  "pos8190-c16: $bench --variant '$S@combineChunk=16+$X' --prompt-len 8128 --gen-len 64 --position 8190 --runs 2" \
  "sweep-4096: npx lab sweep 'parallel-prefill+$S@combineChunk=16+$X' --baseline 'parallel-prefill+$S+$X' --model gemma-2b --backend webgpu --no-git --prompt-len 4096 --gen-len 256 --db $logs/combine.db" > "$logs/summary.log" 2>&1
tar czf "${OUT:-/tmp}/logs.tgz" -C "$logs" . # the summary too
