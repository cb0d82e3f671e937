#!/usr/bin/env bash
# The multi-token step with its attention split over the head dimension (prefill-attention-shader.ts), issue 16:
# verify the parallel prefill (gemma-2b f32 at 64 and 129 tokens, bf16, gemma-7b bf16); time prompts of 64,
# 1024 and 4096 tokens with the step's per-launch profile; Hugging Face transformers' parallel prefill of the
# 1024- and 4096-token prompts in the same call.
# Writes one tar of its logs under $OUT; run it from the project root on a GPU host prepared by ../shared/device
# (source .devcarry/setup.sh first).
set -u
S=wgsl-recorded-step-shaped
X='wgsl-argmax-wide+fused-qkv'
bench="npm run -s bench:recorded -- --model gemma-2b"
p129=$(seq -s, 1 129)
p64=$(seq -s, 3 66)
logs=$(mktemp -d)
LAB_GPU_TAR="${OUT:-/tmp}/logs.tgz" OUT=$logs scripts/gpu-run.sh \
  "verify-prefill-f32: npx lab verify 'parallel-prefill+$S+$X' --backend webgpu --model gemma-2b --prompt $p129 && npx lab verify 'parallel-prefill+$S+$X' --backend webgpu --model gemma-2b --prompt $p64" \
  "prefill-1024: $bench --variant '$S+$X' --prefill parallel --prompt-len 1024 --gen-len 16 --runs 3" \
  "prefill-64: $bench --variant '$S+$X' --prefill parallel --prompt-len 64" \
  "prefill-4096: $bench --variant '$S+$X' --prefill parallel --prompt-len 4096 --gen-len 16 --runs 3" \
  "hf-prefill-1024: python3 scripts/peers/hf_prefill.py --model gemma-2b --dtype float32 --prompt-len 1024" \
  "hf-prefill-4096: python3 scripts/peers/hf_prefill.py --model gemma-2b --dtype float32 --prompt-len 4096" \
  "verify-prefill-bf16: npx lab verify 'parallel-prefill+$S+$X' --backend webgpu --model gemma-2b --weights-dtype bf16 --prompt $p129" \
  "verify-prefill-7b: npx lab verify 'parallel-prefill+wgsl-recorded-step-kv-split@keysPerSplit=16,tiling=shaped+$X' --backend webgpu --model gemma-7b --weights-dtype bf16 --prompt $p129" > "$logs/summary.log" 2>&1
tar czf "${OUT:-/tmp}/logs.tgz" -C "$logs" . # the summary too
