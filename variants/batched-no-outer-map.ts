import { composeVariants } from '../src/variants.ts';
import batchedAttention from './batched-attention.ts';
import noOuterMap from './no-outer-map.ts';

export default composeVariants(
  'batched-no-outer-map',
  'Batched attention and outer-map removal together',
  [batchedAttention, noOuterMap],
);
