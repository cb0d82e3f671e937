#!/usr/bin/env bash
# One GPU call (issue 16), run on a working tree whose defaults are session 16's options (PREFILL_ATTENTION with
# keysAStep 16, the subgroups' reduction and two heads a thread; a short prompt's pair and long-k product at 16
# inputs a step): lab verify of the parallel prefill at 129 and 1024 tokens, and the step at 1024 and 64 tokens
# beside the attention by workgroup memory (8x32s).
# Writes one tar of its logs (after every step) under $OUT; run it from the project root on a GPU host prepared by
# ../shared/device (source .devcarry/setup.sh first).
set -u
K='wgsl-recorded-step-shaped@keysPerSplit=16,argmax=in-step+fused-qkv'
prefill="npm run -s bench:recorded -- --model gemma-2b --variant '$K' --prefill parallel --gen-len 8 --runs 2"
p129=$(seq -s, 1 129)
p1024=$(seq -s, 1 1024)
logs=$(mktemp -d)
LAB_GPU_TAR="${OUT:-/tmp}/logs.tgz" OUT=$logs scripts/gpu-run.sh \
  "verify-129: ./bin/lab.js verify 'parallel-prefill+$K' --backend webgpu --model gemma-2b --prompt $p129" \
  "verify-64: ./bin/lab.js verify 'parallel-prefill+$K' --backend webgpu --model gemma-2b --prompt $(seq -s, 3 66)" \
  "prefill-1024: $prefill --prompt-len 1024 --prefill-replays 10 --prefill-attention '8x32s'" \
  "prefill-64: $prefill --prompt-len 64 --prefill-replays 50 --prefill-attention '8x32s'" \
  "verify-1024: ./bin/lab.js verify 'parallel-prefill+$K' --backend webgpu --model gemma-2b --prompt $p1024 --max-new-tokens 8" > "$logs/summary.log" 2>&1
tar czf "${OUT:-/tmp}/logs.tgz" -C "$logs" . # the summary too
