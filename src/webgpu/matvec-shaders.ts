/**
 * The matrix-vector products of a recorded step (recorded-step.ts): W [n, k]
 * (out, in) against one vector, with the tilings npm run bench:tiling
 * measured, the residual add or the gated GELU folded in, the input's RMS norm
 * folded in on request, and the weights in float32 or packed bf16/f16.
 */
import { widenWordWgsl, type WeightDtype } from '../model/weight-dtype.ts';
import { checkTiling, lanesPerRowTiling, matVecGroups, rowsPerGroup, type MatVecTiling } from './matvec-tilings.ts';
import { prefetchBindingsWgsl, prefetchPrologueWgsl, type PrefetchPlan } from './prefetch-wgsl.ts';

export {
  lanesPerRow, lanesPerRowTiling, matVecGroups, pairedTiling, shapedTiling, tunedTiling, type MatVecTiling, type MatVecTilingRule,
} from './matvec-tilings.ts';
import { f32Literal, treeReductionWgsl, WORKGROUP } from './wgsl.ts';

/** What a product does besides its dot products. */
export interface MatVecOptions {
  tiling?: MatVecTiling;
  /**
   * Read the residual stream and RMS-norm it on the way in (scale (1 + w) at
   * binding 4): each row group sums the squares of the input its lanes load
   * anyway and scales its dot products by the inverse RMS at the end, which
   * saves the one-workgroup norm launch before the product and keeps the norm
   * off the path to the weights' loads.
   */
  normEps?: number;
  /** The element type of the weights (f32 unless said): bf16 and f16 are read packed and widened to f32 in the kernel. */
  weights?: WeightDtype;
  /**
   * How each row's lanes (and a folded norm's threads) add their partial sums: a tree in workgroup memory with
   * a barrier a level (the default), or subgroupAdd within each subgroup and one barrier to add the subgroups'
   * sums (needs the device's subgroups in consecutive runs of 4 to 32: subgroups.ts).
   */
  reduction?: Reduction;
  /** A later launch's weights to read into L2 with workgroups after this product's own (prefetch-wgsl.ts), bound from binding 5. */
  prefetch?: PrefetchPlan;
}

/** How a kernel's threads add their partial sums (MatVecOptions.reduction). */
export type Reduction = 'tree' | 'subgroups';

/** The WGSL header and entry-point builtins a kernel reducing by subgroups needs; none for a tree. */
export function reductionHeader(reduction: Reduction | undefined): { enable: string; builtins: string } {
  return reduction === 'subgroups'
    ? { enable: 'enable subgroups;\n', builtins: ', @builtin(subgroup_size) sgSize : u32, @builtin(subgroup_invocation_id) sgLane : u32' }
    : { enable: '', builtins: '' };
}

/** The WGSL type of the weight arrays a product binds: a vec4 of float32, or 8 packed halves (a 16-byte load either way). */
function weightArray(dtype: WeightDtype): string {
  return dtype === 'f32' ? 'array<vec4<f32>>' : 'array<vec4<u32>>';
}

/**
 * The dot products of weight rows with one vector: W [n, k] (out, in) read
 * in coalesced vec4 loads, the tiling's lanes to a row, their partial sums
 * added by a tree in workgroup memory. `epilogue(row, total)` is WGSL that
 * consumes the dot products of `row` (`total(m)` for weight array m):
 * storing, adding to the residual, or gating. `matrices` weight arrays are
 * read with the same vector (the MLP's gate and up).
 */
function matVecBody(n: number, k: number, matrices: number, epilogue: (row: string, total: (m: number) => string) => string, bindings: string, options: MatVecOptions): string {
  const k4 = k / 4;
  const dtype = options.weights ?? 'f32';
  if (dtype !== 'f32' && k % 8 !== 0) throw new Error(`matrix-vector product: packed ${dtype} weights are read 8 to a load, so k (${k}) must be a multiple of 8`);
  // Each loop step loads 16 bytes of a row: 4 float32 weights, or 8 packed halves against two input vec4.
  const units = dtype === 'f32' ? k4 : k / 8;
  const norm = options.normEps === undefined ? null : options.normEps;
  const widen = (word: string) => widenWordWgsl(dtype as 'bf16' | 'f16', word);
  const tiling = options.tiling ?? lanesPerRowTiling(n, k);
  checkTiling(tiling);
  const { lanes, rowsPerThread } = tiling;
  const unroll = tiling.unroll ?? 1;
  const each = (f: (m: number, r: number) => string, join: string) =>
    Array.from({ length: matrices }, (_, m) => Array.from({ length: rowsPerThread }, (_, r) => f(m, r))).flat().join(join);
  /**
   * One loop step of `steps` strides from j: every load (input, then weights) first, then the dot products. With
   * the norm folded in, the input is taken times its gain only, its squares are summed on the way (the lanes of a
   * row group load the whole input between them), and the sums are scaled by the inverse RMS at the end: nothing
   * waits for the norm before the weights' loads go out.
   */
  const loopStep = (steps: number) => {
    const at = (u: number) => (u === 0 ? 'j' : `j + ${u * lanes}u`);
    const us = Array.from({ length: steps }, (_, u) => u);
    const names = (u: number) => (dtype === 'f32' ? [{ v: `v_${u}`, at: at(u) }] : [{ v: `v0_${u}`, at: `2u * (${at(u)})` }, { v: `v1_${u}`, at: `2u * (${at(u)}) + 1u` }]);
    const inputs = us.flatMap((u) => names(u).map(({ v, at: i }) => (norm === null ? `let ${v} = src[${i}];` : `let x${v} = src[${i}];
    let g${v} = gain[${i}];`)));
    const weightLoads = us.map((u) => each((m, r) => `let w${m}_${r}_${u} = weights${m}[base${r} + ${at(u)}];`, '\n    '));
    const gained = norm === null ? [] : us.flatMap((u) => names(u).map(({ v }) => `squares = squares + dot(x${v}, x${v});
    let ${v} = x${v} * g${v};`));
    const w = (m: number, r: number, u: number) => `w${m}_${r}_${u}`;
    const dots = us.map((u) =>
      each((m, r) =>
        dtype === 'f32'
          ? `acc${m}_${r} = acc${m}_${r} + dot(${w(m, r, u)}, v_${u});`
          : `acc${m}_${r} = acc${m}_${r} + dot(vec4<f32>(${widen(`${w(m, r, u)}.x`)}, ${widen(`${w(m, r, u)}.y`)}), v0_${u}) + dot(vec4<f32>(${widen(`${w(m, r, u)}.z`)}, ${widen(`${w(m, r, u)}.w`)}), v1_${u});`,
      '\n    '),
    );
    return [...inputs, ...weightLoads, ...gained, ...dots].join('\n    ');
  };
  // The unrolled steps while a whole group of them fits in the row, then single steps for the rest; staggered,
  // whole blocks of unrolled steps from the workgroup's own first block, wrapping around.
  const blocks = units / (lanes * unroll);
  const rowLoop =
    tiling.stagger && Number.isInteger(blocks)
      ? `let firstBlock = group % ${blocks}u;
  for (var b = 0u; b < ${blocks}u; b = b + 1u) {
    let block = select(b + firstBlock, b + firstBlock - ${blocks}u, b + firstBlock >= ${blocks}u);
    let j = lane + block * ${lanes * unroll}u;
    ${loopStep(unroll)}
  }`
      : unroll === 1
      ? `for (var j = lane; j < ${units}u; j = j + ${lanes}u) {
    ${loopStep(1)}
  }`
      : `var j = lane;
  for (; j + ${(unroll - 1) * lanes}u < ${units}u; j = j + ${unroll * lanes}u) {
    ${loopStep(unroll)}
  }
  for (; j < ${units}u; j = j + ${lanes}u) {
    ${loopStep(1)}
  }`;
  const rows = Array.from({ length: rowsPerThread }, (_, r) => r);
  const subgroups = options.reduction === 'subgroups';
  const header = reductionHeader(options.reduction);
  // The folded norm's squares are one more partial sum, added with the dot products' (partialSquares).
  const sums = (f: (name: string) => string, join: string) => [...(norm === null ? [] : ['Squares']), ...Array.from({ length: matrices }, (_, m) => rows.map((r) => `${m}_${r}`)).flat()].map(f).join(join);
  const accumulator = (name: string) => (name === 'Squares' ? 'squares' : `acc${name}`);
  const scaled = (total: string) => (norm === null ? total : `(${total} * inv)`);
  return `${header.enable}
${bindings}${norm === null ? '' : `
@group(0) @binding(4) var<storage, read> gain : array<vec4<f32>>;`}
${sums((name) => `var<workgroup> partial${name} : array<f32, ${WORKGROUP}>;`, '\n')}

${prefetchBindingsWgsl(options.prefetch)}

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wid : vec3<u32>, @builtin(num_workgroups) groups : vec3<u32>, @builtin(local_invocation_index) lid : u32${header.builtins}) {
  let group = wid.y * groups.x + wid.x;
  ${prefetchPrologueWgsl(options.prefetch, matVecGroups(n, k, tiling), 'group', 'lid', (value) => `dst[0] = bitcast<f32>(${value});`)}
  let lane = lid % ${lanes}u;
  let firstRow = group * ${rowsPerGroup(tiling)}u + (lid / ${lanes}u) * ${rowsPerThread}u;
  ${sums((name) => `var ${accumulator(name)} = 0.0;`, '\n  ')}
  // Rows past the end repeat the last row's loads, so that no thread leaves before the barriers below.
  ${rows.map((r) => `let base${r} = min(firstRow + ${r}u, ${n - 1}u) * ${units}u;`).join('\n  ')}
  ${rowLoop}
  ${
    subgroups
      ? `// Each subgroup adds its lanes' sums; the row group's first lane adds its ${lanes} / sgSize subgroups' sums.
  ${sums((name) => `let subgroup${name} = subgroupAdd(${accumulator(name)});`, '\n  ')}
  if (sgLane == 0u) {
    ${sums((name) => `partial${name}[lid / sgSize] = subgroup${name};`, '\n    ')}
  }
  workgroupBarrier();`
      : `${sums((name) => `partial${name}[lid] = ${accumulator(name)};`, '\n  ')}
  ${treeReductionWgsl(lanes, 'lane', (k) => sums((name) => `partial${name}[lid] = partial${name}[lid] + partial${name}[lid + ${k}];`, '\n      '))}`
  }
  if (lane == 0u) {
    ${
      subgroups
        ? `${sums((name) => `var total${name} = 0.0;`, '\n    ')}
    for (var g = lid / sgSize; g < (lid + ${lanes}u) / sgSize; g = g + 1u) {
      ${sums((name) => `total${name} = total${name} + partial${name}[g];`, '\n      ')}
    }`
        : ''
    }
    ${norm === null ? '' : `// The row group's lanes loaded the whole input: their squares are its sum of squares.
    let inv = inverseSqrt(${subgroups ? 'totalSquares' : 'partialSquares[lid]'} / ${f32Literal(k)} + ${f32Literal(norm)});`}
    ${rows
      .map((r) => `if (firstRow + ${r}u < ${n}u) {
      let row = firstRow + ${r}u;
      ${epilogue('row', (m) => scaled(subgroups ? `total${m}_${r}` : `partial${m}_${r}[lid]`))}
    }`)
      .join('\n    ')}
  }
}
`;
}

function matVecBindings(options: MatVecOptions): string {
  return `
@group(0) @binding(0) var<storage, read> weights0 : ${weightArray(options.weights ?? 'f32')};
@group(0) @binding(1) var<storage, read> src : array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> dst : array<f32>;
`;
}

/** dst[offset + row] = W[row] . src: a projection's output written into place. */
export function matVecShader(n: number, k: number, offset: number, options: MatVecOptions = {}): string {
  return matVecBody(n, k, 1, (row, total) => `dst[${offset}u + ${row}] = ${total(0)};`, matVecBindings(options), options);
}

/** dst[row] += W[row] . src: a projection added to the residual stream in the same launch. */
export function matVecAddShader(n: number, k: number, options: MatVecOptions = {}): string {
  return matVecBody(n, k, 1, (row, total) => `dst[${row}] = dst[${row}] + ${total(0)};`, matVecBindings(options), options);
}

/**
 * dst[row] = gelu_tanh(Wgate[row] . src) * (Wup[row] . src): the MLP's two
 * products and its activation in one launch. tanh's argument is clamped at
 * +-10 (where tanh is 1 to float32 precision) because some drivers compute
 * tanh from exponentials that overflow to inf/inf.
 */
export function gatedMatVecShader(n: number, k: number, options: MatVecOptions = {}): string {
  const bindings = `
@group(0) @binding(0) var<storage, read> weights0 : ${weightArray(options.weights ?? 'f32')};
@group(0) @binding(3) var<storage, read> weights1 : ${weightArray(options.weights ?? 'f32')};
@group(0) @binding(1) var<storage, read> src : array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> dst : array<f32>;
`;
  const epilogue = (row: string, total: (m: number) => string) => `
      let g = ${total(0)};
      let inner = clamp(${f32Literal(Math.sqrt(2 / Math.PI))} * (g + ${f32Literal(0.044715)} * g * g * g), -10.0, 10.0);
      dst[${row}] = 0.5 * g * (1.0 + tanh(inner)) * ${total(1)};`;
  return matVecBody(n, k, 2, epilogue, bindings, options);
}

