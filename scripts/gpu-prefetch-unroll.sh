#!/usr/bin/env bash
# One GPU call that measures two new parameters of the recorded step (issues 15 and 16) against the best step so
# far: each product reading the next product's weights ahead into L2 (prefetchMiB) and the products' loops
# unrolled (unroll), and the matrix-vector tilings at every unroll for gemma-2b f32/bf16 and gemma-7b bf16.
# Writes one tar of its logs under $OUT; run it from the project root on a GPU host prepared by ../shared/device
# (source .devcarry/setup.sh first).
set -u
K=wgsl-recorded-step-kv-split
X='wgsl-argmax-wide+fused-qkv'
bench="npm run -s bench:recorded -- --model gemma-2b"
bench7="npm run -s bench:recorded -- --model gemma-7b --weights-dtype bf16"
prompt129=$(seq -s, 1 129)
steps=(
  "verify-2b-f32: npx lab verify '$K@prefetchMiB=16,unroll=2+$X' '$K@prefetchMiB=32,unroll=4+$X' --backend webgpu --model gemma-2b --prompt $prompt129"
  "verify-2b-bf16: npx lab verify '$K@prefetchMiB=16,unroll=2+$X' --backend webgpu --model gemma-2b --weights-dtype bf16 --prompt $prompt129"
)
for dtype in f32 bf16; do
  for p in '' '@prefetchMiB=8' '@prefetchMiB=16' '@prefetchMiB=32' '@unroll=2' '@unroll=4' '@prefetchMiB=16,unroll=2'; do
    name=$(echo "bench-$dtype$p" | tr '@=,' '-__')
    steps+=("$name: $bench --weights-dtype $dtype --variant '$K$p+$X'")
  done
done
for p in '' ',prefetchMiB=16' ',prefetchMiB=32' ',unroll=2'; do
  name=$(echo "bench-7b-bf16$p" | tr '@=,' '-__')
  steps+=("$name: $bench7 --variant '$K@keysPerSplit=16$p+$X'")
done
steps+=(
  "tiling-7b-bf16: npm run -s bench:tiling -- --model gemma-7b --weights-dtype bf16 --reduction subgroups --unroll 1,2,4 --repeats 9"
  "tiling-2b-bf16: npm run -s bench:tiling -- --weights-dtype bf16 --reduction subgroups --unroll 1,2,4 --repeats 9"
  "tiling-2b-f32: npm run -s bench:tiling -- --reduction subgroups --unroll 1,2,4 --repeats 9"
)
logs=$(mktemp -d)
OUT=$logs scripts/gpu-run.sh "${steps[@]}" > "$logs/summary.log" 2>&1
tar czf "${OUT:-/tmp}/logs.tgz" -C "$logs" .
