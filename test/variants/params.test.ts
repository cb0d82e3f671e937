import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import test from 'node:test';
import { VARIANTS } from '../../variants/index.ts';
import { resolveVariant, slotChoices } from '../../src/variants.ts';
import { crossProduct, gridSize, parseGridFlags, pointName, type ParamSpecs } from '../../src/variants/params.ts';
import { assertLabError } from '../helpers/assert-lab-error.ts';

const specs: ParamSpecs = {
  keysPerSplit: { type: 'integer', default: 32, values: [8, 16, 32], description: 'd' },
  tiling: { type: 'enum', default: 'lanes', values: ['lanes', 'paired'], description: 'd' },
  folded: { type: 'boolean', default: false, values: [false, true], description: 'd' },
};

test('a grid is the cross product of its values, the first parameter varying slowest', () => {
  const grid = parseGridFlags('v', specs, ['keysPerSplit=8,16', 'tiling=lanes,paired']);
  assert.deepEqual(grid, { keysPerSplit: [8, 16], tiling: ['lanes', 'paired'] });
  assert.equal(gridSize(grid), 4);
  assert.deepEqual(crossProduct(grid), [
    { keysPerSplit: 8, tiling: 'lanes' }, { keysPerSplit: 8, tiling: 'paired' },
    { keysPerSplit: 16, tiling: 'lanes' }, { keysPerSplit: 16, tiling: 'paired' },
  ]);
  assert.deepEqual(parseGridFlags('v', specs, ['folded=true,false']), { folded: [true, false] });
});

test('point names list the given parameters in declaration order and are valid branch names, shell-safe unquoted', () => {
  const name = pointName('wgsl-recorded-step', specs, { tiling: 'paired', keysPerSplit: 8 });
  assert.equal(name, 'wgsl-recorded-step@keysPerSplit=8,tiling=paired');
  execFileSync('git', ['check-ref-format', `refs/heads/lab/20261201-000000-abcd/${name}`]);
  assert.match(name, /^[A-Za-z0-9@=,._-]+$/); // no character a shell treats specially
  assert.equal(pointName('v', specs, {}), 'v');
});

test('bad parameters get one line naming what is known', () => {
  assertLabError(() => parseGridFlags('v', specs, ['nope=1']), /v has no parameter "nope"/, /keysPerSplit, tiling, folded/);
  assertLabError(() => parseGridFlags('v', specs, ['keysPerSplit=7']), /keysPerSplit=7 is outside its domain \(integer: 8, 16, 32\)/);
  assertLabError(() => parseGridFlags('v', specs, ['tiling=wide']), /outside its domain/);
  assertLabError(() => parseGridFlags('v', specs, ['folded=yes']), /outside its domain \(boolean: false, true\)/);
  assertLabError(() => parseGridFlags('v', specs, ['keysPerSplit']), /expected name=value/);
  assertLabError(() => parseGridFlags('v', specs, ['keysPerSplit=8', 'keysPerSplit=16']), /given twice/);
  assertLabError(() => parseGridFlags('v', specs, ['keysPerSplit=8,8']), /lists a value twice/);
  assertLabError(() => parseGridFlags('plain', undefined, ['a=1']), /plain has no parameters/);
});

test('a point resolves from its name anywhere (workers resolve it so), a preset is a point of its variant', () => {
  const point = resolveVariant(VARIANTS, 'wgsl-recorded-step@attention=split-keys,keysPerSplit=8,tiling=paired,normsInProducts=true');
  const preset = resolveVariant(VARIANTS, 'wgsl-recorded-step-split8-paired');
  assert.deepEqual(slotChoices(point, VARIANTS), slotChoices(preset, VARIANTS));
  assert.equal(point.pointOf, 'wgsl-recorded-step');
  assert.equal(preset.pointOf, 'wgsl-recorded-step');
  // A point of a preset starts from the preset's values.
  const fromPreset = resolveVariant(VARIANTS, 'wgsl-recorded-step-split8-paired@keysPerSplit=16');
  assert.deepEqual(fromPreset.values, { ...preset.values, keysPerSplit: 16 });
  // A combination keeps its parametrized part's values.
  const combined = resolveVariant(VARIANTS, 'kv-cache@allocation=chunked,growBy=16+fused-qkv');
  assert.deepEqual(combined.values, { layout: 'heads-first', allocation: 'chunked', growBy: 16 });
  assert.equal(slotChoices(combined, VARIANTS).kvCache, 'chunked-hsd-16');
  assertLabError(() => resolveVariant(VARIANTS, 'kv-cache@growBy=7'), /outside its domain/);
  // The combining pass's chunk is the kv-split attention's: named in the execution, refused with any other.
  assert.equal(slotChoices(resolveVariant(VARIANTS, 'wgsl-recorded-step-shaped@combineChunk=32'), VARIANTS).execution, 'wgsl-recorded-kv-split-k8-shaped-norms-folded-rope-in-attention-subgroups-combine32');
  assertLabError(() => slotChoices(resolveVariant(VARIANTS, 'wgsl-recorded-step-split8@combineChunk=32'), VARIANTS), /combineChunk sets the kv-split attention's combining pass, not split-keys's/);
  assertLabError(() => resolveVariant(VARIANTS, 'wgsl-recorded-step-shaped@combineChunk=12'), /outside its domain \(integer: 64, 32, 16, 8, 4\)/);
  assertLabError(() => resolveVariant(VARIANTS, 'fused-qkv@a=1'), /fused-qkv has no parameters/);
});

test("the step's longRowRows and stagger change only the tilings they name: the down product's rows, every product's loop", async () => {
  const { recordedStepExecution } = await import('../../src/model/implementations/execution.ts');
  const shaped = recordedStepExecution({ attention: 'kv-split', keysPerSplit: 16, tiling: 'shaped', normsInProducts: true }).options.tiling;
  const two = recordedStepExecution({ attention: 'kv-split', keysPerSplit: 16, tiling: 'shaped', normsInProducts: true, longRowRows: 2, stagger: true });
  assert.equal(two.name, 'wgsl-recorded-kv-split-k16-shaped-norms-folded-staggered-long-rows2');
  // gemma-2b's down (W [2048, 16384]) takes the workgroup and 4 rows under shaped; q/k/v (W [2560, 2048]) 128 lanes x 2.
  assert.deepEqual(shaped(2048, 16384), { lanes: 256, rowsPerThread: 4 });
  assert.deepEqual(two.options.tiling(2048, 16384), { lanes: 256, rowsPerThread: 2, stagger: true });
  assert.deepEqual(two.options.tiling(2560, 2048), { ...shaped(2560, 2048), stagger: true });
  assert.equal(slotChoices(resolveVariant(VARIANTS, 'wgsl-recorded-step-shaped@longRowRows=2'), VARIANTS).execution, 'wgsl-recorded-kv-split-k8-shaped-norms-folded-rope-in-attention-subgroups-long-rows2');
  assertLabError(() => resolveVariant(VARIANTS, 'wgsl-recorded-step-shaped@longRowRows=3'), /outside its domain \(integer: 0, 1, 2, 4\)/);
});
