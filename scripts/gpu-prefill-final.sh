#!/usr/bin/env bash
# The closing GPU call of the session (issues 15 and 16), after the multi-token step's default tiling became the
# pipelined row-vectors one: verify the parallel prefill at both tile sizes (64 and 129 tokens) in f32, bf16 and
# on gemma-7b; time prompts of 64 and 1024 with it (and a few other tilings of the same layout) beside Hugging
# Face transformers' parallel prefill of the same prompts; a sweep of the parallel prefill against the scan at a
# 1024-token prompt; and the shaped step through generate (gemma-2b f32/bf16, gemma-7b bf16).
# Writes one tar of its logs and database under $OUT; run it from the project root on a GPU host prepared by
# ../shared/device (source .devcarry/setup.sh first).
set -u
S=wgsl-recorded-step-shaped
X='wgsl-argmax-wide+fused-qkv'
bench="npm run -s bench:recorded -- --model gemma-2b"
p129=$(seq -s, 1 129)
p64=$(seq -s, 3 66)
logs=$(mktemp -d)
OUT=$logs scripts/gpu-run.sh \
  "verify-prefill-f32: npx lab verify 'parallel-prefill+$S+$X' --backend webgpu --model gemma-2b --prompt $p129 && npx lab verify 'parallel-prefill+$S+$X' --backend webgpu --model gemma-2b --prompt $p64" \
  "verify-prefill-bf16: npx lab verify 'parallel-prefill+$S+$X' --backend webgpu --model gemma-2b --weights-dtype bf16 --prompt $p129" \
  "verify-prefill-7b: npx lab verify 'parallel-prefill+wgsl-recorded-step-kv-split@keysPerSplit=16,tiling=shaped+$X' --backend webgpu --model gemma-7b --weights-dtype bf16 --prompt $p129" \
  "prefill-1024: $bench --variant '$S+$X' --prefill parallel --prompt-len 1024 --gen-len 16 --runs 3 --prefill-tiling 'pv:16x8x4x16;pv:16x8x8x16;pv:8x8x8x8'" \
  "prefill-64: $bench --variant '$S+$X' --prefill parallel --prompt-len 64 --prefill-tiling 'pv:16x4x8x8;pv:8x8x4x8;pv:16x4x8x16'" \
  "hf-prefill-1024: python3 scripts/peers/hf_prefill.py --model gemma-2b --dtype float32 --prompt-len 1024" \
  "hf-prefill-64: python3 scripts/peers/hf_prefill.py --model gemma-2b --dtype float32 --prompt-len 64" \
  "sweep-prefill-1024: npx lab sweep 'parallel-prefill+$S+$X' --baseline '$S+$X' --model gemma-2b --backend webgpu --no-git --prompt-len 1024 --gen-len 16 --db $logs/prefill.db" \
  "bench-f32-shaped: $bench --variant '$S+$X'" \
  "bench-bf16-shaped: $bench --weights-dtype bf16 --variant '$S+$X'" \
  "bench-7b-bf16-shaped: npm run -s bench:recorded -- --model gemma-7b --weights-dtype bf16 --variant 'wgsl-recorded-step-kv-split@keysPerSplit=16,tiling=shaped+$X'" > "$logs/summary.log" 2>&1
tar czf "${OUT:-/tmp}/logs.tgz" -C "$logs" .
