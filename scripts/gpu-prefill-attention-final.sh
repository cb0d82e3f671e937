#!/usr/bin/env bash
# The multi-token step with its new attention default (8 keys a step on 16 threads a row) and its command
# buffers submitted in doubling chunks, issue 16: verify the parallel prefill (gemma-2b f32 at 129 and 64
# tokens, bf16, gemma-7b bf16); prompts of 1024 and 64 through generate and alone, beside a few more attention
# options; Hugging Face transformers' parallel prefill of the same prompts in the same call; a 4096-token
# prompt and decode at position 4096; a sweep of the parallel prefill against the scan at 1024 tokens.
# Writes one tar of its logs and database under $OUT; run it from the project root on a GPU host prepared by
# ../shared/device (source .devcarry/setup.sh first).
set -u
S=wgsl-recorded-step-shaped
X='wgsl-argmax-wide+fused-qkv'
bench="npm run -s bench:recorded -- --model gemma-2b --variant $S+$X --prefill parallel"
p129=$(seq -s, 1 129)
p64=$(seq -s, 3 66)
logs=$(mktemp -d)
LAB_GPU_TAR="${OUT:-/tmp}/logs.tgz" OUT=$logs scripts/gpu-run.sh \
  "verify-prefill-f32: npx lab verify 'parallel-prefill+$S+$X' --backend webgpu --model gemma-2b --prompt $p129 && npx lab verify 'parallel-prefill+$S+$X' --backend webgpu --model gemma-2b --prompt $p64" \
  "prefill-1024: $bench --prompt-len 1024 --gen-len 16 --runs 5 --prefill-replays 20 --prefill-attention '8x32s;4x32s;12x16s;6x16s;8x16;16x16s'" \
  "prefill-64: $bench --prompt-len 64 --prefill-replays 50 --prefill-attention '8x32s;4x32s;12x16s;16x16s;8x16'" \
  "hf-prefill-1024: python3 scripts/peers/hf_prefill.py --model gemma-2b --dtype float32 --prompt-len 1024" \
  "hf-prefill-64: python3 scripts/peers/hf_prefill.py --model gemma-2b --dtype float32 --prompt-len 64" \
  "pos4096: $bench --prompt-len 4096 --gen-len 64 --position 4096 --runs 3 --prefill-replays 3" \
  "sweep-prefill-1024: npx lab sweep 'parallel-prefill+$S+$X' --baseline '$S+$X' --model gemma-2b --backend webgpu --no-git --prompt-len 1024 --gen-len 16 --db $logs/prefill.db" \
  "verify-prefill-bf16: npx lab verify 'parallel-prefill+$S+$X' --backend webgpu --model gemma-2b --weights-dtype bf16 --prompt $p129" \
  "verify-prefill-7b: npx lab verify 'parallel-prefill+wgsl-recorded-step-kv-split@keysPerSplit=16,tiling=shaped+$X' --backend webgpu --model gemma-7b --weights-dtype bf16 --prompt $p129" > "$logs/summary.log" 2>&1
tar czf "${OUT:-/tmp}/logs.tgz" -C "$logs" . # the summary too
