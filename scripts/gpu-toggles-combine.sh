#!/usr/bin/env bash
# One GPU call (issues 15 and 16): what Tint's robustness clamps cost. gemma-2b's decode (f32, bf16) and its
# 64- and 1024-token prompts through the multi-token step, under Dawn's default toggles, with
# enable_integer_range_analysis_in_robustness (clamps dropped where provably needless; safe) and with
# disable_robustness (all dropped; unsafe), and lab verify under the last. Then the kv-split combining pass over
# 64-, 32- and 16-element workgroups (combineChunk) at decode position 4096.
# Writes one tar of its logs (after every step) under $OUT; run it from the project root on a GPU host prepared by
# ../shared/device (source .devcarry/setup.sh first).
set -u
S=wgsl-recorded-step-shaped
X='wgsl-argmax-wide+fused-qkv'
bench="npm run -s bench:recorded -- --model gemma-2b --prefill parallel"
range='LAB_DAWN_TOGGLES=enable_integer_range_analysis_in_robustness'
none='LAB_DAWN_TOGGLES=disable_robustness'
p64="$bench --variant '$S+$X' --prompt-len 64 --prefill-replays 50"
p1024="$bench --variant '$S+$X' --prompt-len 1024 --gen-len 16 --runs 3 --prefill-replays 5"
bf16="$bench --variant '$S+$X' --prompt-len 64 --prefill-replays 20 --weights-dtype bf16"
long="$bench --prefill-replays 1 --prompt-len 4096 --gen-len 64 --position 4096 --runs 5"
logs=$(mktemp -d)
LAB_GPU_TAR="${OUT:-/tmp}/logs.tgz" OUT=$logs scripts/gpu-run.sh \
  "p64-default: $p64" "p64-range: $range $p64" "p64-none: $none $p64" \
  "p1024-default: $p1024" "p1024-range: $range $p1024" "p1024-none: $none $p1024" \
  "bf16-default: $bf16" "bf16-range: $range $bf16" "bf16-none: $none $bf16" \
  "verify-none: $none npx lab verify 'parallel-prefill+$S+$X' '$S+$X' --backend webgpu --model gemma-2b --prompt $(seq -s, 1 129)" \
  "pos4096-c64: $long --variant '$S+$X'" \
  "pos4096-c16: $long --variant '$S@combineChunk=16+$X'" \
  "pos4096-c32: $long --variant '$S@combineChunk=32+$X'" > "$logs/summary.log" 2>&1
tar czf "${OUT:-/tmp}/logs.tgz" -C "$logs" . # the summary too
