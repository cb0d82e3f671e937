import { parallelPrefill } from '../src/model/implementations/prefill.ts';
import { defineVariant } from '../src/variants.ts';

export default defineVariant({
  name: 'parallel-prefill',
  description: "The whole prompt in one forward step (T = prompt length) under the causal mask, instead of the token-by-token scan",
  slots: { prefill: parallelPrefill },
});
