#!/usr/bin/env bash
# One GPU call that measures the recorded step's newer options against the best step so far, side by side
# (issues 15 and 16): RoPE folded into the split attention (one launch fewer a layer), reductions by
# subgroups, the kv-split attention, and the multi-token step's k-major product layout. Writes its logs under $OUT; run it from the
# project root on a GPU host prepared by ../shared/device (source .devcarry/setup.sh first).
set -u
B=wgsl-recorded-step-split8-paired
X='wgsl-argmax-wide+fused-qkv'
R="$B@ropeInAttention=true"
S="$B@reduction=subgroups"
RS="$B@ropeInAttention=true,reduction=subgroups"
# The tune's best point in bf16 (docs/findings/2026-12-01-parameters-factorial-prefill) with both options.
T='wgsl-recorded-step-tuned@keysPerSplit=4,tiling=lanes,ropeInAttention=true,reduction=subgroups'
K=wgsl-recorded-step-kv-split
bench="npm run -s bench:recorded -- --model gemma-2b"
long="$bench --prefill parallel --prompt-len 4096 --gen-len 64 --position 4096 --runs 5 --prefill-replays 2"
prompt129=$(seq -s, 1 129)
scripts/gpu-run.sh \
  "verify-2b-f32: npx lab verify '$RS+$X' '$T+$X' --backend webgpu --model gemma-2b" \
  "verify-2b-bf16: npx lab verify '$RS+$X' '$T+$X' --backend webgpu --model gemma-2b --weights-dtype bf16" \
  "bench-f32-best: $bench --variant '$B+$X'" \
  "bench-f32-rope: $bench --variant '$R+$X'" \
  "bench-f32-subgroups: $bench --variant '$S+$X'" \
  "bench-f32-both: $bench --variant '$RS+$X'" \
  "bench-bf16-best: $bench --variant '$B+$X' --weights-dtype bf16" \
  "bench-bf16-both: $bench --variant '$RS+$X' --weights-dtype bf16" \
  "bench-bf16-tuned-both: $bench --variant '$T+$X' --weights-dtype bf16" \
  "bench-7b-bf16-both: npm run -s bench:recorded -- --model gemma-7b --variant '$RS+$X' --weights-dtype bf16" \
  "tiling-bf16-subgroups: npm run -s bench:tiling -- --weights-dtype bf16 --reduction subgroups" \
  "tiling-f32-subgroups: npm run -s bench:tiling -- --reduction subgroups" \
  "prefill-64: $bench --variant '$RS+$X' --prefill parallel --prompt-len 64 --prefill-tiling 'k:16x4x4x16;k:16x4x8x16;k:32x2x8x16;k:8x8x4x16;k:16x8x8x8'" \
  "prefill-1024: $bench --variant '$RS+$X' --prefill parallel --prompt-len 1024 --gen-len 16 --runs 3 --prefill-tiling 'k:16x8x8x8;k:16x8x4x16;k:32x4x8x8;k:16x4x8x16'" \
  "verify-kv: npx lab verify '$K+$X' '$K@keysPerSplit=16+$X' 'parallel-prefill+$K@keysPerSplit=16+$X' --backend webgpu --model gemma-2b --prompt $prompt129" \
  "verify-kv-bf16: npx lab verify '$K+$X' --backend webgpu --model gemma-2b --weights-dtype bf16 --prompt $prompt129" \
  "verify-kv-7b: npx lab verify '$K@keysPerSplit=16+$X' --backend webgpu --model gemma-7b --weights-dtype bf16 --prompt $prompt129" \
  "bench-f32-kv: $bench --variant '$K+$X'" \
  "bench-bf16-kv: $bench --variant '$K+$X' --weights-dtype bf16" \
  "bench-7b-bf16-kv16: npm run -s bench:recorded -- --model gemma-7b --variant '$K@keysPerSplit=16+$X' --weights-dtype bf16" \
  "pos4096-kv16: $long --variant '$K@keysPerSplit=16+$X'"
