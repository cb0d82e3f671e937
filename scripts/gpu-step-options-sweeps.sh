#!/usr/bin/env bash
# The second GPU call of the step-options study (scripts/gpu-step-options.sh measured them by bench): sweeps
# with the lab's verdicts, the best step so far as the baseline, in bf16 and f32; then decode at position 4096.
set -u
B=wgsl-recorded-step-split8-paired
X='wgsl-argmax-wide+fused-qkv'
sweep="npx lab sweep '$B@ropeInAttention=true+$X' '$B@reduction=subgroups+$X' 'wgsl-recorded-step-rope-subgroups+$X' --baseline '$B+$X' --model gemma-2b --backend webgpu --no-git"
long="npm run -s bench:recorded -- --model gemma-2b --prefill parallel --prompt-len 4096 --gen-len 64 --position 4096 --runs 3"
scripts/gpu-run.sh \
  "sweep-bf16: $sweep --weights-dtype bf16 --db $OUT/step-options.db" \
  "sweep-f32: $sweep --weights-dtype f32 --db $OUT/step-options.db" \
  "pos4096-rope-subgroups: $long --variant 'wgsl-recorded-step-rope-subgroups+$X'" \
  "pos4096-grouped-subgroups: $long --variant '$B@reduction=subgroups+$X' --attention grouped-split"
