#!/usr/bin/env bash
# One GPU call (issue 16), the multi-token step with session 16's defaults (the gated pair of a long prompt at 16
# inputs a step, unrolled and padded; the attention's partial scores added by subgroup shuffles) against the
# defaults before (the pair at 8 a step: default|pv:16x8x4x8; the attention by workgroup memory: 8x32s) and other
# tilings: the pair unpadded, the down product (C of A|B|C) and the other single products at 16 a step, the pair
# at 128 x 64 in 4 x 8 a thread; at 64 tokens the short pair at 16 a step; 4096 tokens; Hugging Face's 1024-token
# prompt (f32) in the same call; lab verify of the parallel prefill at 129 tokens (f32, bf16) and 1024 (f32).
# Writes one tar of its logs (after every step) under $OUT; run it from the project root on a GPU host prepared by
# ../shared/device (source .devcarry/setup.sh first).
set -u
K='wgsl-recorded-step-shaped@keysPerSplit=16,argmax=in-step+fused-qkv'
prefill="npm run -s bench:recorded -- --model gemma-2b --variant '$K' --prefill parallel --gen-len 16 --runs 3"
t1024='default|pv:16x8x4x8;default|pvu:16x8x4x16;default|default|pvud:16x8x8x16;default|default|pvu:16x8x8x16;pvu:16x8x8x16|default|default;default|pvud:32x4x8x16'
t64='default|pvud:8x8x4x16;default|pvu:8x8x4x16;default|pvud:8x8x4x16|pvud:8x8x4x16'
p129=$(seq -s, 1 129)
p1024=$(seq -s, 1 1024)
logs=$(mktemp -d)
LAB_GPU_TAR="${OUT:-/tmp}/logs.tgz" OUT=$logs scripts/gpu-run.sh \
  "prefill-1024: $prefill --prompt-len 1024 --prefill-replays 10 --prefill-attention '8x32s' --prefill-tiling '$t1024'" \
  "hf-prefill-1024: python3 scripts/peers/hf_prefill.py --model gemma-2b --dtype float32 --prompt-len 1024" \
  "prefill-64: $prefill --prompt-len 64 --prefill-replays 50 --prefill-attention '8x32s' --prefill-tiling '$t64'" \
  "prefill-4096: $prefill --prompt-len 4096 --prefill-replays 2 --prefill-attention '8x32s'" \
  "verify-129: ./bin/lab.js verify 'parallel-prefill+$K' '$K' --backend webgpu --model gemma-2b --prompt $p129" \
  "verify-129-bf16: ./bin/lab.js verify 'parallel-prefill+$K' --backend webgpu --model gemma-2b --weights-dtype bf16 --prompt $p129" \
  "verify-1024: ./bin/lab.js verify 'parallel-prefill+$K' --backend webgpu --model gemma-2b --prompt $p1024 --max-new-tokens 16" > "$logs/summary.log" 2>&1
tar czf "${OUT:-/tmp}/logs.tgz" -C "$logs" . # the summary too
