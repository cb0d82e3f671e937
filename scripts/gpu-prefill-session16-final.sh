#!/usr/bin/env bash
# One GPU call (issue 16), session 16's final figures: the multi-token step with its defaults (the gated pair and a
# short prompt's down product at 16 inputs a step, unrolled and padded; the attention by subgroup shuffles, two heads
# a thread, 16 keys a step) at 64, 1024 and 4096 tokens, beside other rows a thread and keys a step; Hugging Face's
# 1024-token prompt (f32) in the same call; lab verify of the parallel prefill at 129 tokens (f32, bf16) and 1024.
# Writes one tar of its logs (after every step) under $OUT; run it from the project root on a GPU host prepared by
# ../shared/device (source .devcarry/setup.sh first).
set -u
K='wgsl-recorded-step-shaped@keysPerSplit=16,argmax=in-step+fused-qkv'
prefill="npm run -s bench:recorded -- --model gemma-2b --variant '$K' --prefill parallel --gen-len 16 --runs 3"
a='8x32s;8x32sg;8x16sgr4;16x16sgr4;8x32sgr4;16x32sgr4;8x32sgr2'
p129=$(seq -s, 1 129)
p1024=$(seq -s, 1 1024)
logs=$(mktemp -d)
LAB_GPU_TAR="${OUT:-/tmp}/logs.tgz" OUT=$logs scripts/gpu-run.sh \
  "prefill-1024: $prefill --prompt-len 1024 --prefill-replays 10 --prefill-attention '$a'" \
  "hf-prefill-1024: python3 scripts/peers/hf_prefill.py --model gemma-2b --dtype float32 --prompt-len 1024" \
  "prefill-4096: $prefill --prompt-len 4096 --prefill-replays 2 --prefill-attention '$a'" \
  "prefill-64: $prefill --prompt-len 64 --prefill-replays 50 --prefill-attention '8x32s;8x32sg'" \
  "verify-129: ./bin/lab.js verify 'parallel-prefill+$K' '$K' --backend webgpu --model gemma-2b --prompt $p129" \
  "verify-129-bf16: ./bin/lab.js verify 'parallel-prefill+$K' --backend webgpu --model gemma-2b --weights-dtype bf16 --prompt $p129" \
  "verify-1024: ./bin/lab.js verify 'parallel-prefill+$K' --backend webgpu --model gemma-2b --prompt $p1024 --max-new-tokens 16" \
  "prefill-1024-2: $prefill --prompt-len 1024 --prefill-replays 10" > "$logs/summary.log" 2>&1
tar czf "${OUT:-/tmp}/logs.tgz" -C "$logs" . # the summary too
