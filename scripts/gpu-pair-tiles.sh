#!/usr/bin/env bash
# One GPU call (issues 15 and 16): prefillTiling's new tiles for the gated pair (and a short prompt's down
# product) at 64 and 1024 tokens, beside Hugging Face's parallel prefill of the same prompts (f32), with the
# split-over-k target varied (@G); decode at position 4096 through generate with the kv-split attention in
# splits of 16 and its combining pass over 16, 8 and 4 elements a workgroup; lab verify of both on the H200.
# Writes one tar of its logs (after every step) under $OUT; run it from the project root on a GPU host prepared by
# ../shared/device (source .devcarry/setup.sh first).
set -u
S=wgsl-recorded-step-shaped
X='wgsl-argmax-wide+fused-qkv'
K="$S@keysPerSplit=16"
prefill="npm run -s bench:recorded -- --model gemma-2b --variant '$K+$X' --prefill parallel"
long="$prefill --prefill-replays 1 --prompt-len 4096 --gen-len 64 --position 4096 --runs 5"
logs=$(mktemp -d)
LAB_GPU_TAR="${OUT:-/tmp}/logs.tgz" OUT=$logs scripts/gpu-run.sh \
  "prefill-64: $prefill --prompt-len 64 --prefill-replays 50 --prefill-tiling 'default@256;default@1024;pv:16x4x4x16|default'" \
  "prefill-1024: $prefill --prompt-len 1024 --gen-len 16 --runs 3 --prefill-replays 10 --prefill-tiling 'default@256;default@1024'" \
  "hf-prefill-1024: python3 scripts/peers/hf_prefill.py --model gemma-2b --dtype float32 --prompt-len 1024" \
  "pos4096-c16: $long --variant '$K+$X'" \
  "pos4096-c8: $long --variant '$K,combineChunk=8+$X'" \
  "pos4096-c4: $long --variant '$K,combineChunk=4+$X'" \
  "verify: npx lab verify 'parallel-prefill+$K+$X' '$K,combineChunk=4+$X' --backend webgpu --model gemma-2b --prompt $(seq -s, 1 129) && npx lab verify 'parallel-prefill+$K+$X' --backend webgpu --model gemma-2b --prompt $(seq -s, 3 66)" \
  "hf-prefill-64: python3 scripts/peers/hf_prefill.py --model gemma-2b --dtype float32 --prompt-len 64" > "$logs/summary.log" 2>&1
tar czf "${OUT:-/tmp}/logs.tgz" -C "$logs" . # the summary too
