import { defineVariant } from '../src/variants.ts';

export default defineVariant({
  name: 'baseline',
  description: 'The seed baseline: prefill scan, on-device generation, per-head attention mapped over groups, separate Q/K/V',
  slots: {},
});
