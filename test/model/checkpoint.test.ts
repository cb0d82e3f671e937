import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PRESETS, type ModelConfig } from '../../src/model/config.ts';
import {
  configFromHuggingFace,
  expectedTensorShapes,
  openCheckpoint,
  writeCheckpoint,
} from '../../src/model/checkpoint.ts';
import { writeSafetensors, type SafetensorsDtype } from '../../src/model/safetensors.ts';
import { seededRandom } from '../../src/random.ts';
import { assertLabError } from '../helpers/assert-lab-error.ts';


type Tensors = Map<string, { shape: number[]; data: Float32Array }>;

const tiny: ModelConfig = { ...PRESETS.tiny };

function randomWeights(config: ModelConfig, seed: number): Tensors {
  const next = seededRandom(seed);
  const tensors: Tensors = new Map();
  for (const [name, shape] of expectedTensorShapes(config)) {
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    for (let i = 0; i < data.length; i++) data[i] = (next() * 2 - 1) * 0.1;
    tensors.set(name, { shape, data });
  }
  return tensors;
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'lab-checkpoint-'));
}


/** A checkpoint of `tiny` in a fresh directory, for the bad-input tests to break. */
function writeTiny(options: { dtype: SafetensorsDtype; shards?: number } = { dtype: 'F32' }, tensors = randomWeights(tiny, 7)): string {
  const dir = tempDir();
  writeCheckpoint(dir, tiny, tensors, options);
  return dir;
}

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
}

function maxRelativeError(a: Float32Array, b: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / Math.max(Math.abs(b[i]!), 1e-30));
  return worst;
}

// --- layout ----------------------------------------------------------------

test('expectedTensorShapes lists every Gemma tensor with [out, in] linear weights', () => {
  const shapes = expectedTensorShapes(tiny);
  assert.equal(shapes.size, 2 + 9 * tiny.layers);
  assert.deepEqual(shapes.get('model.embed_tokens.weight'), [256, 64]);
  assert.deepEqual(shapes.get('model.layers.1.self_attn.q_proj.weight'), [4 * 16, 64]);
  assert.deepEqual(shapes.get('model.layers.1.self_attn.k_proj.weight'), [2 * 16, 64]);
  assert.deepEqual(shapes.get('model.layers.1.self_attn.v_proj.weight'), [2 * 16, 64]);
  assert.deepEqual(shapes.get('model.layers.0.self_attn.o_proj.weight'), [64, 4 * 16]);
  assert.deepEqual(shapes.get('model.layers.0.mlp.gate_proj.weight'), [128, 64]);
  assert.deepEqual(shapes.get('model.layers.0.mlp.up_proj.weight'), [128, 64]);
  assert.deepEqual(shapes.get('model.layers.0.mlp.down_proj.weight'), [64, 128]);
  assert.deepEqual(shapes.get('model.layers.0.input_layernorm.weight'), [64]);
  assert.deepEqual(shapes.get('model.layers.0.post_attention_layernorm.weight'), [64]);
  assert.deepEqual(shapes.get('model.norm.weight'), [64]);
  assert.ok(!shapes.has('model.layers.2.input_layernorm.weight'));
});

test('configFromHuggingFace reads a real gemma-7b config.json unchanged', () => {
  const gemma7b = {
    architectures: ['GemmaForCausalLM'], attention_bias: false, attention_dropout: 0.0, bos_token_id: 2, eos_token_id: 1,
    head_dim: 256, hidden_act: 'gelu', hidden_size: 3072, initializer_range: 0.02, intermediate_size: 24576,
    max_position_embeddings: 8192, model_type: 'gemma', num_attention_heads: 16, num_hidden_layers: 28,
    num_key_value_heads: 16, pad_token_id: 0, rms_norm_eps: 1e-6, rope_scaling: null, rope_theta: 10000.0,
    torch_dtype: 'bfloat16', transformers_version: '4.38.0.dev0', use_cache: true, vocab_size: 256000,
  };
  assert.deepEqual(configFromHuggingFace(gemma7b, 'gemma-7b/config.json'), PRESETS['gemma-7b']);
});

test('configFromHuggingFace fills head_dim, rope_theta, rms_norm_eps and max_position_embeddings defaults', () => {
  const config = configFromHuggingFace(
    { vocab_size: 100, hidden_size: 64, intermediate_size: 96, num_hidden_layers: 1, num_attention_heads: 4, num_key_value_heads: 1 },
    'x/config.json',
  );
  assert.deepEqual(config, {
    vocabSize: 100, hidden: 64, intermediate: 96, layers: 1, heads: 4, kvHeads: 1,
    headDim: 16, ropeTheta: 10000, rmsEps: 1e-6, maxSeq: 8192,
  });
});

// --- round trips -----------------------------------------------------------

test('a single-file F32 checkpoint round-trips exactly', () => {
  const weights = randomWeights(tiny, 1);
  const dir = tempDir();
  writeCheckpoint(dir, tiny, weights, { dtype: 'F32' });
  assert.ok(fs.existsSync(path.join(dir, 'model.safetensors')));
  assert.ok(!fs.existsSync(path.join(dir, 'model.safetensors.index.json')));
  const config = readJson(path.join(dir, 'config.json'));
  assert.equal(config['hidden_size'], 64);
  assert.equal(config['num_key_value_heads'], 2);
  assert.equal(config['torch_dtype'], 'float32');

  const checkpoint = openCheckpoint(dir);
  assert.equal(checkpoint.dir, dir);
  assert.deepEqual(checkpoint.config, tiny);
  for (const [name, t] of weights) {
    const got = checkpoint.read(name);
    assert.deepEqual(got.shape, t.shape, name);
    assert.deepEqual(got.data, t.data, name);
  }
});

test('a checkpoint in 3 BF16 shards round-trips within bf16 rounding', () => {
  const weights = randomWeights(tiny, 2);
  const dir = tempDir();
  writeCheckpoint(dir, tiny, weights, { dtype: 'BF16', shards: 3 });
  const shardFiles = ['model-00001-of-00003.safetensors', 'model-00002-of-00003.safetensors', 'model-00003-of-00003.safetensors'];
  for (const f of shardFiles) assert.ok(fs.existsSync(path.join(dir, f)), f);
  assert.ok(!fs.existsSync(path.join(dir, 'model.safetensors')));

  const index = readJson(path.join(dir, 'model.safetensors.index.json'));
  const weightMap = index['weight_map'] as Record<string, string>;
  assert.deepEqual(new Set(Object.keys(weightMap)), new Set(weights.keys()));
  assert.deepEqual(new Set(Object.values(weightMap)), new Set(shardFiles));
  const totalElements = [...weights.values()].reduce((n, t) => n + t.data.length, 0);
  assert.deepEqual(index['metadata'], { total_size: totalElements * 2 });

  const checkpoint = openCheckpoint(dir);
  assert.deepEqual(checkpoint.config, tiny);
  for (const [name, t] of weights) {
    const got = checkpoint.read(name);
    assert.deepEqual(got.shape, t.shape, name);
    assert.ok(maxRelativeError(got.data, t.data) <= 2 ** -8, name);
  }
});

test('an F16 sharded checkpoint round-trips within f16 rounding', () => {
  const weights = randomWeights(tiny, 3);
  const dir = writeTiny({ dtype: 'F16', shards: 2 }, weights);
  const checkpoint = openCheckpoint(dir);
  for (const [name, t] of weights) {
    const got = checkpoint.read(name).data;
    for (let i = 0; i < got.length; i++) {
      assert.ok(Math.abs(got[i]! - t.data[i]!) <= Math.max(Math.abs(t.data[i]!) * 2 ** -11, 2 ** -25), `${name}[${i}]`);
    }
  }
});

test('rewriting a directory in the other layout leaves no stale entry file', () => {
  const dir = writeTiny({ dtype: 'F32' });
  writeCheckpoint(dir, tiny, randomWeights(tiny, 4), { dtype: 'F32', shards: 2 });
  assert.ok(!fs.existsSync(path.join(dir, 'model.safetensors')));
  writeCheckpoint(dir, tiny, randomWeights(tiny, 4), { dtype: 'F32' });
  assert.ok(!fs.existsSync(path.join(dir, 'model.safetensors.index.json')));
  openCheckpoint(dir);
});

test('a real-looking Gemma directory with extra config fields, files and tensors is accepted', () => {
  const weights = randomWeights(tiny, 5);
  weights.set('lm_head.weight', { shape: [256, 64], data: new Float32Array(256 * 64) });
  const dir = writeTiny({ dtype: 'BF16', shards: 2 }, weights);
  const configPath = path.join(dir, 'config.json');
  const config = readJson(configPath);
  delete config['head_dim']; // 64 / 4 = 16 = tiny's headDim, so the default applies
  delete config['rope_theta'];
  Object.assign(config, { transformers_version: '4.38.0', bos_token_id: 2, rope_scaling: null, hidden_act: 'gelu' });
  fs.writeFileSync(configPath, JSON.stringify(config));
  for (const extra of ['tokenizer.json', 'tokenizer.model', 'generation_config.json', 'README.md']) {
    fs.writeFileSync(path.join(dir, extra), '{}');
  }
  const checkpoint = openCheckpoint(dir);
  assert.deepEqual(checkpoint.config, tiny);
  assert.deepEqual(checkpoint.read('lm_head.weight').shape, [256, 64]);
});

test('a needed tensor of an integer dtype is refused up front, naming it', () => {
  const dir = writeTiny();
  const file = path.join(dir, 'model.safetensors');
  const weights = randomWeights(tiny, 6);
  weights.delete('model.norm.weight');
  writeSafetensors(file, [...weights].map(([name, t]) => ({ name, ...t })), 'F32');
  // Append an I32 model.norm.weight by hand: the writer only writes float dtypes.
  const raw = fs.readFileSync(file);
  const headerLength = Number(raw.readBigUInt64LE(0));
  const header = JSON.parse(raw.subarray(8, 8 + headerLength).toString('utf8')) as Record<string, unknown>;
  const dataLength = raw.length - 8 - headerLength;
  header['model.norm.weight'] = { dtype: 'I32', shape: [64], data_offsets: [dataLength, dataLength + 256] };
  const json = Buffer.from(JSON.stringify(header));
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(BigInt(json.length));
  fs.writeFileSync(file, Buffer.concat([prefix, json, raw.subarray(8 + headerLength), Buffer.alloc(256)]));
  assertLabError(() => openCheckpoint(dir), file, '"model.norm.weight"', 'I32');
});

test('read of a tensor the checkpoint lacks is a LabError naming it', () => {
  const checkpoint = openCheckpoint(writeTiny());
  assertLabError(() => checkpoint.read('model.layers.9.mlp.up_proj.weight'), '"model.layers.9.mlp.up_proj.weight"');
});

// --- bad input -------------------------------------------------------------

test('a missing directory is a LabError naming it', () => {
  const dir = path.join(tempDir(), 'nowhere');
  assertLabError(() => openCheckpoint(dir), dir, 'does not exist');
});

test('a file given as the directory is a LabError', () => {
  const file = path.join(tempDir(), 'file');
  fs.writeFileSync(file, '');
  assertLabError(() => openCheckpoint(file), file, 'not a directory');
});

test('a missing config.json is a LabError naming it', () => {
  const dir = writeTiny();
  fs.rmSync(path.join(dir, 'config.json'));
  assertLabError(() => openCheckpoint(dir), path.join(dir, 'config.json'), 'not found');
});

test('a malformed config.json is a LabError naming it', () => {
  const dir = writeTiny();
  fs.writeFileSync(path.join(dir, 'config.json'), '{"hidden_size": 64,');
  assertLabError(() => openCheckpoint(dir), path.join(dir, 'config.json'), 'not valid JSON');
  fs.writeFileSync(path.join(dir, 'config.json'), '[64]');
  assertLabError(() => openCheckpoint(dir), path.join(dir, 'config.json'), 'JSON object');
});

test('a config.json missing a required field names the field', () => {
  for (const field of ['vocab_size', 'hidden_size', 'intermediate_size', 'num_hidden_layers', 'num_attention_heads', 'num_key_value_heads']) {
    const dir = writeTiny();
    const configPath = path.join(dir, 'config.json');
    const config = readJson(configPath);
    delete config[field];
    fs.writeFileSync(configPath, JSON.stringify(config));
    assertLabError(() => openCheckpoint(dir), configPath, `"${field}"`);
  }
});

test('config.json fields of the wrong type or relations are rejected', () => {
  const base = { vocab_size: 100, hidden_size: 64, intermediate_size: 96, num_hidden_layers: 1, num_attention_heads: 4, num_key_value_heads: 1 };
  assertLabError(() => configFromHuggingFace({ ...base, hidden_size: '64' }, 'c.json'), 'c.json', '"hidden_size"', 'integer');
  assertLabError(() => configFromHuggingFace({ ...base, num_hidden_layers: 1.5 }, 'c.json'), 'c.json', '"num_hidden_layers"');
  assertLabError(() => configFromHuggingFace({ ...base, num_key_value_heads: 3 }, 'c.json'), 'c.json', 'kvHeads');
  assertLabError(() => configFromHuggingFace({ ...base, num_attention_heads: 5 }, 'c.json'), 'c.json', '"head_dim"');
  assertLabError(() => configFromHuggingFace({ ...base, model_type: 'gemma2' }, 'c.json'), 'c.json', 'gemma2');
});

test('a directory with neither model.safetensors nor the index is a LabError', () => {
  const dir = writeTiny();
  fs.rmSync(path.join(dir, 'model.safetensors'));
  assertLabError(() => openCheckpoint(dir), dir, 'model.safetensors', 'model.safetensors.index.json');
});

test('an index naming a missing shard file is a LabError naming the shard', () => {
  const dir = writeTiny({ dtype: 'BF16', shards: 3 });
  fs.rmSync(path.join(dir, 'model-00002-of-00003.safetensors'));
  assertLabError(() => openCheckpoint(dir), 'model.safetensors.index.json', 'model-00002-of-00003.safetensors');
});

test('a malformed index is a LabError naming it', () => {
  const dir = writeTiny({ dtype: 'F32', shards: 2 });
  const indexPath = path.join(dir, 'model.safetensors.index.json');
  fs.writeFileSync(indexPath, '{"weight_map": ');
  assertLabError(() => openCheckpoint(dir), indexPath, 'not valid JSON');
  fs.writeFileSync(indexPath, '{"metadata": {}}');
  assertLabError(() => openCheckpoint(dir), indexPath, 'weight_map');
});

test('an index mapping a tensor to a shard that lacks it is a LabError naming both', () => {
  const dir = writeTiny({ dtype: 'F32', shards: 2 });
  const indexPath = path.join(dir, 'model.safetensors.index.json');
  const index = readJson(indexPath);
  const weightMap = index['weight_map'] as Record<string, string>;
  const wrongShard = weightMap['model.norm.weight'] === 'model-00001-of-00002.safetensors' ? 'model-00002-of-00002.safetensors' : 'model-00001-of-00002.safetensors';
  weightMap['model.norm.weight'] = wrongShard;
  fs.writeFileSync(indexPath, JSON.stringify(index));
  assertLabError(() => openCheckpoint(dir), '"model.norm.weight"', wrongShard);
});

test('a corrupt shard fails opening with its own path in the message', () => {
  const dir = writeTiny({ dtype: 'F32', shards: 3 });
  const shard = path.join(dir, 'model-00003-of-00003.safetensors');
  fs.truncateSync(shard, fs.statSync(shard).size - 1);
  assertLabError(() => openCheckpoint(dir), shard, 'file is only');
});

test('a tensor whose shape disagrees with config.json names the tensor and both shapes', () => {
  const weights = randomWeights(tiny, 8);
  weights.set('model.layers.1.self_attn.k_proj.weight', { shape: [64, 64], data: new Float32Array(64 * 64) });
  const dir = writeTiny({ dtype: 'F32', shards: 2 }, weights);
  assertLabError(() => openCheckpoint(dir), '"model.layers.1.self_attn.k_proj.weight"', '[64, 64]', '[32, 64]', 'config.json');
});

test('a tensor the model needs that no file has is named', () => {
  const weights = randomWeights(tiny, 9);
  weights.delete('model.layers.1.mlp.down_proj.weight');
  const dir = writeTiny({ dtype: 'BF16' }, weights);
  assertLabError(() => openCheckpoint(dir), dir, '"model.layers.1.mlp.down_proj.weight"');
});

test('many missing tensors are counted and the first few named', () => {
  const weights = randomWeights(tiny, 10);
  for (const name of [...weights.keys()]) if (name.startsWith('model.layers.1.')) weights.delete(name);
  const dir = writeTiny({ dtype: 'F32', shards: 2 }, weights);
  assertLabError(() => openCheckpoint(dir), '9 tensors', '"model.layers.1.input_layernorm.weight"', 'and 4 more');
});
