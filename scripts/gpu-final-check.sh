#!/usr/bin/env bash
# One GPU call: gpu-final-figures.sh without its sweep and Hugging Face's 64-token prompt, for a call with little
# device time left (about 4 minutes): the parallel prefill at 64 (two processes) and 1024 tokens beside Hugging
# Face's 1024, decode at 4096 (two processes), decode after a 64-token scan (f32, bf16; gemma-7b bf16), and the
# verifies. Writes one tar of its logs under $OUT; run it from the project root on a GPU host prepared by
# ../shared/device (source .devcarry/setup.sh first).
set -u
S=wgsl-recorded-step-shaped
X='fused-qkv'
K="$S@keysPerSplit=16,argmax=in-step"
K7='wgsl-recorded-step-kv-split@keysPerSplit=16,tiling=shaped,argmax=in-step'
bench="npm run -s bench:recorded -- --model gemma-2b"
prefill="$bench --variant '$K+$X' --prefill parallel"
p129=$(seq -s, 1 129)
logs=$(mktemp -d)
LAB_GPU_TAR="${OUT:-/tmp}/logs.tgz" OUT=$logs scripts/gpu-run.sh \
  "bench-f32: $bench --variant '$K+$X'" \
  "bench-bf16: $bench --variant '$K+$X' --weights-dtype bf16" \
  "bench-7b-bf16: npm run -s bench:recorded -- --model gemma-7b --weights-dtype bf16 --variant '$K7+$X'" \
  "pos4096-1: $prefill --prefill-replays 2 --prompt-len 4096 --gen-len 64 --position 4096 --runs 5" \
  "pos4096-2: $prefill --prefill-replays 2 --prompt-len 4096 --gen-len 64 --position 4096 --runs 5" \
  "prefill-64-1: $prefill --prompt-len 64 --prefill-replays 50" \
  "prefill-64-2: $prefill --prompt-len 64 --prefill-replays 50" \
  "prefill-1024: $prefill --prompt-len 1024 --gen-len 16 --runs 3 --prefill-replays 10" \
  "hf-prefill-1024: python3 scripts/peers/hf_prefill.py --model gemma-2b --dtype float32 --prompt-len 1024" \
  "verify-f32: npx lab verify 'parallel-prefill+$K+$X' '$K+$X' --backend webgpu --model gemma-2b --prompt $p129" \
  "verify-bf16: npx lab verify 'parallel-prefill+$K+$X' --backend webgpu --model gemma-2b --weights-dtype bf16 --prompt $p129" \
  "verify-7b: npx lab verify 'parallel-prefill+$K7+$X' --backend webgpu --model gemma-7b --weights-dtype bf16 --prompt $p129" > "$logs/summary.log" 2>&1
tar czf "${OUT:-/tmp}/logs.tgz" -C "$logs" .
