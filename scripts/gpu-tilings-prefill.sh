#!/usr/bin/env bash
# One GPU call (issues 15 and 16): the shaped matrix-vector tiling (at most 128 lanes to a short row, 4 rows a
# thread for the long down rows) against the paired one, through generate for gemma-2b f32/bf16 and gemma-7b
# bf16 and at position 4096; and the multi-token step's products in the row-vectors layout at several tilings for
# prompts of 64 and 1024 tokens, beside Hugging Face transformers' parallel prefill of the same prompts (f32).
# Writes one tar of its logs under $OUT; run it from the project root on a GPU host prepared by ../shared/device
# (source .devcarry/setup.sh first).
set -u
K=wgsl-recorded-step-kv-split
X='wgsl-argmax-wide+fused-qkv'
S="$K@tiling=shaped"
bench="npm run -s bench:recorded -- --model gemma-2b"
long="$bench --prefill parallel --prompt-len 4096 --gen-len 64 --position 4096 --runs 5 --prefill-replays 2"
prompt129=$(seq -s, 1 129)
logs=$(mktemp -d)
OUT=$logs scripts/gpu-run.sh \
  "verify-shaped: npx lab verify '$S+$X' 'parallel-prefill+$S+$X' --backend webgpu --model gemma-2b --prompt $prompt129" \
  "verify-shaped-7b: npx lab verify '$K@keysPerSplit=16,tiling=shaped+$X' --backend webgpu --model gemma-7b --weights-dtype bf16 --prompt $prompt129" \
  "bench-f32-paired: $bench --variant '$K+$X'" \
  "bench-f32-shaped: $bench --variant '$S+$X'" \
  "bench-bf16-paired: $bench --weights-dtype bf16 --variant '$K+$X'" \
  "bench-bf16-shaped: $bench --weights-dtype bf16 --variant '$S+$X'" \
  "bench-7b-bf16-paired: npm run -s bench:recorded -- --model gemma-7b --weights-dtype bf16 --variant '$K@keysPerSplit=16+$X'" \
  "bench-7b-bf16-shaped: npm run -s bench:recorded -- --model gemma-7b --weights-dtype bf16 --variant '$K@keysPerSplit=16,tiling=shaped+$X'" \
  "pos4096-shaped: $long --variant '$K@keysPerSplit=16,tiling=shaped+$X'" \
  "prefill-64: $bench --variant '$S+$X' --prefill parallel --prompt-len 64 --prefill-tiling 'v:16x4x4x16;v:16x4x8x8;v:8x8x4x8;v:8x8x8x8;v:16x4x8x16'" \
  "prefill-1024: $bench --variant '$S+$X' --prefill parallel --prompt-len 1024 --gen-len 16 --runs 3 --prefill-tiling 'v:16x8x4x16;v:16x8x8x8;v:16x8x8x16;v:8x8x8x8'" \
  "hf-prefill-64: python3 scripts/peers/hf_prefill.py --model gemma-2b --dtype float32 --prompt-len 64" \
  "hf-prefill-1024: python3 scripts/peers/hf_prefill.py --model gemma-2b --dtype float32 --prompt-len 1024" > "$logs/summary.log" 2>&1
tar czf "${OUT:-/tmp}/logs.tgz" -C "$logs" .
