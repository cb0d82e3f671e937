#!/usr/bin/env bash
# The session's last call (issue 16, and issue 15's decode figures): the prompt's attention taking 32 threads a
# row where 16 leave its workgroups half empty; verify the parallel prefill (gemma-2b f32 at 129 and 64 tokens,
# bf16, gemma-7b bf16); prompts of 64 and 1024; a 4096-token prompt with decode at position 4096 and Hugging
# Face's prefill of the same prompt; a prompt of 8128 tokens (gemma's 8192 positions with 64 generated) with
# decode at position 8190; the decode figures of gemma-2b f32 and bf16, each with the host's queueing time.
# Writes one tar of its logs under $OUT; run it from the project root on a GPU host prepared by ../shared/device
# (source .devcarry/setup.sh first).
set -u
S=wgsl-recorded-step-shaped
X='wgsl-argmax-wide+fused-qkv'
plain="npm run -s bench:recorded -- --model gemma-2b --variant $S+$X"
bench="$plain --prefill parallel"
p129=$(seq -s, 1 129)
p64=$(seq -s, 3 66)
logs=$(mktemp -d)
LAB_GPU_TAR="${OUT:-/tmp}/logs.tgz" OUT=$logs scripts/gpu-run.sh \
  "verify-prefill-f32: npx lab verify 'parallel-prefill+$S+$X' --backend webgpu --model gemma-2b --prompt $p129 && npx lab verify 'parallel-prefill+$S+$X' --backend webgpu --model gemma-2b --prompt $p64" \
  "prefill-64: $bench --prompt-len 64 --prefill-replays 50 --prefill-attention '8x16s'" \
  "prefill-1024: $bench --prompt-len 1024 --gen-len 16 --runs 5 --prefill-replays 20" \
  "pos4096: $bench --prompt-len 4096 --gen-len 64 --position 4096 --runs 5 --prefill-replays 3" \
  "hf-prefill-4096: python3 scripts/peers/hf_prefill.py --model gemma-2b --dtype float32 --prompt-len 4096" \
  "pos8190: $bench --prompt-len 8128 --gen-len 64 --position 8190 --runs 2 --prefill-replays 2" \
  "bench-f32: $plain" \
  "bench-bf16: $plain --weights-dtype bf16" \
  "verify-prefill-bf16: npx lab verify 'parallel-prefill+$S+$X' --backend webgpu --model gemma-2b --weights-dtype bf16 --prompt $p129" \
  "verify-prefill-7b: npx lab verify 'parallel-prefill+wgsl-recorded-step-kv-split@keysPerSplit=16,tiling=shaped+$X' --backend webgpu --model gemma-7b --weights-dtype bf16 --prompt $p129" > "$logs/summary.log" 2>&1
tar czf "${OUT:-/tmp}/logs.tgz" -C "$logs" . # the summary too
