#!/usr/bin/env bash
# One GPU call (issue 16): the multi-token step's products with the next step's loads held in registers
# (MatMulTiling.pipelined, bench:recorded --prefill-tiling p:/pv:) against the default tiling, for prompts of 64
# and 1024 tokens, beside Hugging Face transformers' parallel prefill of 1024 (f32); then decode at position 4096
# with the paired and the shaped tiling, twice each in turn (a slower generate with shaped was seen once before).
# Writes one tar of its logs under $OUT; run it from the project root on a GPU host prepared by ../shared/device
# (source .devcarry/setup.sh first).
set -u
K=wgsl-recorded-step-kv-split
X='wgsl-argmax-wide+fused-qkv'
bench="npm run -s bench:recorded -- --model gemma-2b"
long="$bench --prefill parallel --prompt-len 4096 --gen-len 64 --position 4096 --runs 5 --prefill-replays 2"
logs=$(mktemp -d)
OUT=$logs scripts/gpu-run.sh \
  "prefill-1024: $bench --variant '$K+$X' --prefill parallel --prompt-len 1024 --gen-len 16 --runs 3 --prefill-tiling 'p:16x8x4x16;p:16x8x8x16;p:16x8x8x8;pv:16x8x8x8'" \
  "prefill-64: $bench --variant '$K+$X' --prefill parallel --prompt-len 64 --prefill-tiling 'p:16x4x4x16;pv:16x4x4x16;p:16x4x8x8;p:8x8x4x8;p:16x4x4x8'" \
  "hf-prefill-1024: python3 scripts/peers/hf_prefill.py --model gemma-2b --dtype float32 --prompt-len 1024" \
  "pos4096-paired-1: $long --variant '$K@keysPerSplit=16+$X'" \
  "pos4096-shaped-1: $long --variant '$K@keysPerSplit=16,tiling=shaped+$X'" \
  "pos4096-paired-2: $long --variant '$K@keysPerSplit=16+$X'" \
  "pos4096-shaped-2: $long --variant '$K@keysPerSplit=16,tiling=shaped+$X'" > "$logs/summary.log" 2>&1
tar czf "${OUT:-/tmp}/logs.tgz" -C "$logs" .
