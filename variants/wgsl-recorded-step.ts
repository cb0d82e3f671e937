import { recordedStepExecution, STEP_TILINGS, type RecordedStepChoice } from '../src/model/implementations/execution.ts';
import { inStepArgMaxGeneration, wgslArgMaxGeneration, wgslWideArgMaxGeneration } from '../src/model/implementations/generation.ts';
import { wgslMatVec } from '../src/model/implementations/linear.ts';
import { WEIGHT_DTYPES, type WeightDtype } from '../src/model/weight-dtype.ts';
import { KEYS_PER_SPLIT } from '../src/webgpu/recorded-step.ts';
import { COMBINE_CHUNK, COMBINE_CHUNKS } from '../src/webgpu/kv-split-combine-shader.ts';
import { defineParametrizedVariant } from '../src/variants.ts';

/** The generation loops the step can be paired with: `baseline` keeps the baseline's loop (TF.js's argMax). */
const ARGMAX = { baseline: undefined, wgsl: wgslArgMaxGeneration, 'wgsl-wide': wgslWideArgMaxGeneration, 'in-step': inStepArgMaxGeneration } as const;

const tuned = { attention: 'split-keys', tiling: 'tuned', normsInProducts: true } as const;

export default defineParametrizedVariant({
  name: 'wgsl-recorded-step',
  description: "Each single-token step replayed from launches recorded once (the lab's WGSL kernels, bind groups made once; webgpu only), over wgsl-matvec's [out, in] weights",
  params: {
    attention: {
      type: 'enum',
      default: 'per-head',
      values: ['per-head', 'split-keys', 'grouped-split', 'kv-split'],
      description: "one workgroup per query head; heads x splits workgroups then a combining launch (flash-decoding); each split scored for all of a KV head's query heads in one workgroup (grouped-split: keysPerSplit a multiple of 32; kv-split: every load of the split issued at once, and a combining launch spread over chunks)",
    },
    keysPerSplit: { type: 'integer', default: KEYS_PER_SPLIT, values: [4, 8, 16, 32, 64], description: 'cached positions one split workgroup takes (split-keys and grouped-split)' },
    tiling: { type: 'enum', default: 'lanes', values: Object.keys(STEP_TILINGS), description: "how the products' threads cover a weight: a warp or more to a row, tuned lanes and rows, two rows a thread for short products, or shaped (at most 128 lanes to a short row, 4 rows a thread for the long down rows)" },
    normsInProducts: { type: 'boolean', default: false, values: [false, true], description: "RMS-norm the residual inside each layer's products instead of in launches of their own" },
    ropeInAttention: { type: 'boolean', default: false, values: [false, true], description: 'rotate q and k inside the split attention, which also writes the cache, instead of in a launch of their own (attention=split-keys or kv-split)' },
    reduction: { type: 'enum', default: 'tree', values: ['tree', 'subgroups'], description: "how the products add their lanes' sums: a tree in workgroup memory, or subgroupAdd (needs the adapter's subgroups)" },
    unroll: { type: 'integer', default: 1, values: [1, 2, 4], description: "loop steps each product thread issues together: all their loads, then their FMAs (more of a thread's reads in flight)" },
    stagger: { type: 'boolean', default: false, values: [false, true], description: "each product workgroup starts its row loop at its own block of columns and wraps around, so that the workgroups in flight read different columns of their rows (not every row's same, a power-of-two stride apart)" },
    longRowRows: {
      type: 'integer',
      default: 0,
      values: [0, 1, 2, 4],
      description: "rows a thread of the products whose rows take a whole workgroup at 16 vec4 a lane or more (the MLP's down): 0 keeps the tiling's own (shaped: 4)",
    },
    prefetchMiB: {
      type: 'integer',
      default: 0,
      values: [0, 4, 8, 16, 32],
      description: "MiB of the next product's weights each product reads into the GPU's L2 with workgroups after its own (its drain), so that the short, latency-bound products find them there",
    },
    combineChunk: {
      type: 'integer',
      default: COMBINE_CHUNK,
      values: [...COMBINE_CHUNKS],
      description: "output elements a workgroup of the kv-split attention's combining pass takes: fewer spread a long context's splits over more threads (attention=kv-split)",
    },
    argmax: { type: 'enum', default: 'baseline', values: Object.keys(ARGMAX), description: "how each token is chosen: the baseline's loop, one-workgroup WGSL argMax, the two-launch wide one, or the wide one's two launches recorded into the step's own command buffer, the token fed to the next step on the device (in-step: no TF.js work between steps)" },
    weightsDtype: { type: 'enum', default: 'sweep', values: ['sweep', ...WEIGHT_DTYPES], description: "the weights' element type in its worker: the sweep's (--weights-dtype), or f32, bf16, f16 whatever the sweep's" },
  },
  runWith: (p) => (p.weightsDtype === 'sweep' ? {} : { weightsDtype: p.weightsDtype as WeightDtype }),
  slots: (p) => {
    const generation = ARGMAX[p.argmax as keyof typeof ARGMAX];
    const choice = { attention: p.attention, keysPerSplit: p.keysPerSplit, tiling: p.tiling, normsInProducts: p.normsInProducts, ropeInAttention: p.ropeInAttention, reduction: p.reduction, unroll: p.unroll, stagger: p.stagger, ...(p.longRowRows ? { longRowRows: p.longRowRows } : {}), prefetchMiB: p.prefetchMiB, combineChunk: p.combineChunk } as RecordedStepChoice;
    return { execution: recordedStepExecution(choice), linear: wgslMatVec, ...(generation ? { generation } : {}) };
  },
  // The names earlier sweeps, experiment files and findings used, each a setting of the step.
  presets: {
    'wgsl-recorded-step-split': {
      description: 'wgsl-recorded-step with its attention split over the cached positions (flash-decoding: heads x splits workgroups, then a combining launch; webgpu only)',
      values: { attention: 'split-keys' },
    },
    'wgsl-recorded-step-norm-folded': {
      description: 'wgsl-recorded-step-split with each RMSNorm folded into the product that reads it (its row groups sum the input squares from their own loads): two launches fewer a layer and the final norm (37 a gemma-2b step); webgpu only',
      values: { attention: 'split-keys', normsInProducts: true },
    },
    'wgsl-recorded-step-tiled': {
      description: 'wgsl-recorded-step-split with the tuned product tiling: more threads to a short row, rows sharing input loads for a long one (tunedTiling; npm run bench:tiling); webgpu only',
      values: { attention: 'split-keys', tiling: 'tuned' },
    },
    'wgsl-recorded-step-tuned': { description: 'wgsl-recorded-step-split with both: norms folded into the products and the tuned tiling; webgpu only', values: tuned },
    'wgsl-recorded-step-paired': {
      description: 'wgsl-recorded-step-tuned with two rows a thread for the short products (q/k/v, output) and 64 lanes x 2 rows for the logits; webgpu only',
      values: { ...tuned, tiling: 'paired' },
    },
    'wgsl-recorded-step-split16': { description: 'wgsl-recorded-step-tuned with attention splits of 16 positions instead of 32; webgpu only', values: { ...tuned, keysPerSplit: 16 } },
    'wgsl-recorded-step-split8': { description: 'wgsl-recorded-step-tuned with attention splits of 8 positions instead of 32; webgpu only', values: { ...tuned, keysPerSplit: 8 } },
    'wgsl-recorded-step-split4': { description: 'wgsl-recorded-step-tuned with attention splits of 4 positions instead of 32; webgpu only', values: { ...tuned, keysPerSplit: 4 } },
    'wgsl-recorded-step-split8-paired': {
      description: 'wgsl-recorded-step-tuned with attention splits of 8 positions and the paired tiling (wgsl-recorded-step-split8 and -paired together); webgpu only',
      values: { ...tuned, keysPerSplit: 8, tiling: 'paired' },
    },
    'wgsl-recorded-step-rope-subgroups': {
      description: 'wgsl-recorded-step-split8-paired with RoPE folded into the split attention (18 launches fewer on gemma-2b) and every product reduced by subgroups; webgpu with subgroups only',
      values: { ...tuned, keysPerSplit: 8, tiling: 'paired', ropeInAttention: true, reduction: 'subgroups' },
    },
    'wgsl-recorded-step-kv-split': {
      description: "wgsl-recorded-step-rope-subgroups with the kv-split attention: each split's keys and values loaded all at once for every query head of their KV head, RoPE and the cache write folded in, and a combining launch spread over chunks (on the H200 faster than every earlier step, at 128 positions and at 4096); webgpu with subgroups only",
      values: { ...tuned, attention: 'kv-split', keysPerSplit: 8, tiling: 'paired', ropeInAttention: true, reduction: 'subgroups' },
    },
    'wgsl-recorded-step-shaped': {
      description: "wgsl-recorded-step-kv-split with the shaped tiling: at most 128 lanes to a short row, 4 rows a thread for the down product's long rows (gemma-7b bf16 on the H200: 6.02 to 5.26 ms/token); webgpu with subgroups only",
      values: { ...tuned, attention: 'kv-split', keysPerSplit: 8, tiling: 'shaped', ropeInAttention: true, reduction: 'subgroups' },
    },
  },
});
