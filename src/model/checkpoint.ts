/**
 * A Gemma checkpoint directory as Hugging Face lays it out: config.json beside
 * either one model.safetensors or shards listed by model.safetensors.index.json.
 *
 * openCheckpoint checks everything it can from the headers alone (every tensor
 * the model needs is present, readable and of the shape config.json implies),
 * so a bad checkpoint fails in milliseconds instead of minutes into loading.
 */
import fs from 'node:fs';
import path from 'node:path';
import { LabError } from '../errors.ts';
import { validateConfig, type ModelConfig } from './config.ts';
import {
  readSafetensorsHeader,
  readTensorFloat32,
  readTensorHalfWords,
  writeSafetensors,
  type SafetensorsDtype,
  type SafetensorsHeader,
  type TensorToWrite,
} from './safetensors.ts';

export const CONFIG_FILE = 'config.json';
export const SINGLE_FILE = 'model.safetensors';
export const INDEX_FILE = 'model.safetensors.index.json';

export interface Checkpoint {
  dir: string;
  /** from config.json, validated */
  config: ModelConfig;
  /** Reads one tensor converted to float32, with its shape. */
  read(name: string): { shape: number[]; data: Float32Array };
  /** The dtype a tensor is stored in. */
  dtypeOf(name: string): SafetensorsDtype;
  /** A BF16 or F16 tensor's bits as stored, two elements to a word (safetensors.ts readTensorHalfWords). */
  readHalfWords(name: string): { shape: number[]; words: Int32Array };
}

/** Every tensor the forward pass needs, under its Gemma name; linear weights are [out, in]. */
export function expectedTensorShapes(config: ModelConfig): Map<string, number[]> {
  const { vocabSize, hidden, intermediate, heads, kvHeads, headDim } = config;
  const shapes = new Map<string, number[]>();
  shapes.set('model.embed_tokens.weight', [vocabSize, hidden]);
  for (let i = 0; i < config.layers; i++) {
    const p = `model.layers.${i}`;
    shapes.set(`${p}.input_layernorm.weight`, [hidden]);
    shapes.set(`${p}.self_attn.q_proj.weight`, [heads * headDim, hidden]);
    shapes.set(`${p}.self_attn.k_proj.weight`, [kvHeads * headDim, hidden]);
    shapes.set(`${p}.self_attn.v_proj.weight`, [kvHeads * headDim, hidden]);
    shapes.set(`${p}.self_attn.o_proj.weight`, [hidden, heads * headDim]);
    shapes.set(`${p}.post_attention_layernorm.weight`, [hidden]);
    shapes.set(`${p}.mlp.gate_proj.weight`, [intermediate, hidden]);
    shapes.set(`${p}.mlp.up_proj.weight`, [intermediate, hidden]);
    shapes.set(`${p}.mlp.down_proj.weight`, [hidden, intermediate]);
  }
  shapes.set('model.norm.weight', [hidden]);
  return shapes;
}

// ---------------------------------------------------------------------------
// config.json

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Maps a Hugging Face Gemma config.json to ModelConfig. Fields the lab does not
 * use (torch_dtype, architectures, ...) are ignored so real directories load unchanged.
 */
export function configFromHuggingFace(json: unknown, where: string): ModelConfig {
  if (!isPlainObject(json)) {
    throw new LabError(`${where}: must be a JSON object with the model's fields`, 'see /work/shared/spec/gemma.md for the fields');
  }
  const modelType = json['model_type'];
  if (typeof modelType === 'string' && modelType !== 'gemma') {
    // Gemma 2/3 load "fine" by tensor names but compute a different function; refuse rather than mislead.
    throw new LabError(
      `${where}: model_type is "${modelType}", but the lab implements Gemma v1 ("gemma") only`,
      'use a Gemma (v1) checkpoint such as gemma-2b or gemma-7b',
    );
  }
  const field = (key: string, integer: boolean, fallback?: number): number => {
    const value = json[key];
    if (value === undefined || value === null) {
      if (fallback !== undefined) return fallback;
      throw new LabError(`${where}: missing required field "${key}"`, 'a Gemma config.json has vocab_size, hidden_size, intermediate_size, num_hidden_layers, num_attention_heads, num_key_value_heads');
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
      throw new LabError(`${where}: field "${key}" must be ${integer ? 'an integer' : 'a number'}, got ${JSON.stringify(value)}`);
    }
    return value;
  };
  const hidden = field('hidden_size', true);
  const heads = field('num_attention_heads', true);
  const config: ModelConfig = {
    vocabSize: field('vocab_size', true),
    hidden,
    intermediate: field('intermediate_size', true),
    layers: field('num_hidden_layers', true),
    heads,
    kvHeads: field('num_key_value_heads', true),
    // gemma-7b's head_dim (256) is not hidden / heads (192), so the default applies only when the field is absent.
    headDim: field('head_dim', true, heads > 0 && hidden % heads === 0 ? hidden / heads : undefined),
    ropeTheta: field('rope_theta', false, 10000),
    rmsEps: field('rms_norm_eps', false, 1e-6),
    maxSeq: field('max_position_embeddings', true, 8192),
  };
  return validateConfig(config, where);
}

function configToHuggingFace(config: ModelConfig, dtype: SafetensorsDtype): Record<string, unknown> {
  return {
    architectures: ['GemmaForCausalLM'],
    model_type: 'gemma',
    vocab_size: config.vocabSize,
    hidden_size: config.hidden,
    intermediate_size: config.intermediate,
    num_hidden_layers: config.layers,
    num_attention_heads: config.heads,
    num_key_value_heads: config.kvHeads,
    head_dim: config.headDim,
    rope_theta: config.ropeTheta,
    rms_norm_eps: config.rmsEps,
    max_position_embeddings: config.maxSeq,
    hidden_activation: 'gelu_pytorch_tanh',
    tie_word_embeddings: true,
    torch_dtype: { F32: 'float32', F16: 'float16', BF16: 'bfloat16' }[dtype],
  };
}

function readJsonFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new LabError(`${file}: ${what} not found`, 'a Gemma checkpoint directory needs config.json beside its safetensors files');
    throw new LabError(`${file}: cannot read ${what} (${code ?? String(e)})`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new LabError(`${file}: ${what} is not valid JSON: ${(e as Error).message}`, 'fix or re-download the file');
  }
}

// ---------------------------------------------------------------------------
// Opening

/** Where each tensor lives: the header of the file that holds it. */
type TensorLocations = Map<string, SafetensorsHeader>;

function locateSingleFile(file: string): TensorLocations {
  const header = readSafetensorsHeader(file);
  const locations: TensorLocations = new Map();
  for (const name of [...header.tensors.keys(), ...header.unreadable.keys()]) locations.set(name, header);
  return locations;
}

function locateSharded(dir: string, indexFile: string): TensorLocations {
  const index = readJsonFile(indexFile, 'shard index');
  const weightMap = isPlainObject(index) ? index['weight_map'] : undefined;
  if (!isPlainObject(weightMap)) {
    throw new LabError(`${indexFile}: must have a "weight_map" object mapping tensor names to shard files`, 'fix or re-download the index');
  }
  const headers = new Map<string, SafetensorsHeader>();
  const locations: TensorLocations = new Map();
  for (const [name, shard] of Object.entries(weightMap)) {
    if (typeof shard !== 'string' || shard === '') {
      throw new LabError(`${indexFile}: weight_map entry for "${name}" must be a file name, got ${JSON.stringify(shard)}`, 'fix or re-download the index');
    }
    let header = headers.get(shard);
    if (!header) {
      const shardPath = path.join(dir, shard);
      if (!fs.existsSync(shardPath)) {
        throw new LabError(
          `${indexFile}: names shard file "${shard}" (for tensor "${name}"), but ${shardPath} does not exist`,
          'download the missing shard, or the whole checkpoint again',
        );
      }
      header = readSafetensorsHeader(shardPath);
      headers.set(shard, header);
    }
    locations.set(name, header);
  }
  return locations;
}

function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export function openCheckpoint(dir: string): Checkpoint {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    throw new LabError(`checkpoint directory ${dir} does not exist`, 'check --model-dir');
  }
  if (!stat.isDirectory()) throw new LabError(`checkpoint directory ${dir} is not a directory`, 'pass the directory that holds config.json');

  const configPath = path.join(dir, CONFIG_FILE);
  const config = configFromHuggingFace(readJsonFile(configPath, 'model config'), configPath);

  // Like transformers, prefer the single file when both exist.
  const singlePath = path.join(dir, SINGLE_FILE);
  const indexPath = path.join(dir, INDEX_FILE);
  let locations: TensorLocations;
  if (fs.existsSync(singlePath)) locations = locateSingleFile(singlePath);
  else if (fs.existsSync(indexPath)) locations = locateSharded(dir, indexPath);
  else {
    throw new LabError(
      `${dir}: has neither ${SINGLE_FILE} nor ${INDEX_FILE}`,
      'a checkpoint directory needs the safetensors weights beside config.json (PyTorch .bin checkpoints are not supported)',
    );
  }

  const expected = expectedTensorShapes(config);
  const missing: string[] = [];
  for (const [name, shape] of expected) {
    const header = locations.get(name);
    const entry = header?.tensors.get(name);
    if (!header || !entry) {
      const unreadable = header?.unreadable.get(name);
      if (unreadable) {
        throw new LabError(
          `${header!.path}: tensor "${name}" has dtype ${unreadable.dtype}, which the lab cannot read`,
          'convert the checkpoint to F32, F16 or BF16',
        );
      }
      if (header && !entry) {
        throw new LabError(
          `${indexPath}: maps tensor "${name}" to ${header.path}, which has no such tensor`,
          'the index and shards disagree; download the checkpoint again',
        );
      }
      missing.push(name);
      continue;
    }
    if (!sameShape(entry.shape, shape)) {
      throw new LabError(
        `${header.path}: tensor "${name}" has shape ${formatShape(entry.shape)}, but ${configPath} implies ${formatShape(shape)}`,
        'the weights do not match config.json; use the config.json that came with them',
      );
    }
  }
  if (missing.length > 0) {
    const shown = missing.slice(0, 5).map((n) => `"${n}"`).join(', ');
    const more = missing.length > 5 ? ` and ${missing.length - 5} more` : '';
    throw new LabError(
      `${dir}: no file has ${missing.length === 1 ? 'tensor' : `${missing.length} tensors`} the model needs: ${shown}${more}`,
      'the checkpoint is incomplete or not a Gemma checkpoint',
    );
  }

  const headerOf = (name: string): SafetensorsHeader => {
    const header = locations.get(name);
    if (!header) throw new LabError(`${dir}: checkpoint has no tensor "${name}"`, 'check the tensor name');
    return header;
  };
  return {
    dir,
    config,
    read(name: string) {
      const header = headerOf(name);
      const data = readTensorFloat32(header, name);
      return { shape: [...header.tensors.get(name)!.shape], data };
    },
    dtypeOf: (name) => {
      const header = headerOf(name);
      const entry = header.tensors.get(name);
      if (!entry) throw new LabError(`${header.path}: no readable tensor "${name}"`, 'check the tensor name');
      return entry.dtype;
    },
    readHalfWords(name: string) {
      const header = headerOf(name);
      return { shape: [...header.tensors.get(name)!.shape], words: readTensorHalfWords(header, name) };
    },
  };
}

// ---------------------------------------------------------------------------
// Writing

/**
 * Splits tensors, in order, into `shards` consecutive non-empty groups of
 * roughly equal bytes.
 */
function splitIntoShards(tensors: TensorToWrite[], shards: number): TensorToWrite[][] {
  const total = tensors.reduce((sum, t) => sum + t.data.length, 0);
  const groups: TensorToWrite[][] = [];
  let current: TensorToWrite[] = [];
  let cumulative = 0;
  tensors.forEach((t, i) => {
    current.push(t);
    cumulative += t.data.length;
    const shardsAfterThis = shards - groups.length - 1;
    const tensorsLeft = tensors.length - i - 1;
    if (shardsAfterThis > 0 && (cumulative >= (total * (groups.length + 1)) / shards || tensorsLeft === shardsAfterThis)) {
      groups.push(current);
      current = [];
    }
  });
  groups.push(current);
  return groups;
}

export function shardFileName(index: number, count: number): string {
  return `model-${String(index + 1).padStart(5, '0')}-of-${String(count).padStart(5, '0')}.safetensors`;
}

/**
 * Writes a checkpoint in the Hugging Face layout. It writes the tensors it is
 * given without checking them against the config, so tests can build broken
 * checkpoints with it.
 */
export function writeCheckpoint(
  dir: string,
  config: ModelConfig,
  tensors: Map<string, { shape: number[]; data: Float32Array }>,
  options: { dtype: SafetensorsDtype; shards?: number },
): void {
  const shards = options.shards ?? 1;
  const list: TensorToWrite[] = [...tensors].map(([name, t]) => ({ name, shape: t.shape, data: t.data }));
  if (!Number.isInteger(shards) || shards < 1 || (shards > 1 && shards > list.length)) {
    throw new Error(`writeCheckpoint: shards must be an integer from 1 to the tensor count (${list.length}), got ${shards}`);
  }
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, CONFIG_FILE), JSON.stringify(configToHuggingFace(config, options.dtype), null, 2) + '\n');
  // "format": "pt" is what transformers expects in safetensors metadata, so these files load there too.
  const metadata = { format: 'pt' };

  // Remove the other layout's entry file, which would otherwise shadow or contradict what is written now.
  if (shards === 1) {
    fs.rmSync(path.join(dir, INDEX_FILE), { force: true });
    writeSafetensors(path.join(dir, SINGLE_FILE), list, options.dtype, metadata);
    return;
  }
  fs.rmSync(path.join(dir, SINGLE_FILE), { force: true });
  const weightMap: Record<string, string> = {};
  const bytesPerElement = options.dtype === 'F32' ? 4 : 2;
  let totalSize = 0;
  splitIntoShards(list, shards).forEach((group, i) => {
    const file = shardFileName(i, shards);
    writeSafetensors(path.join(dir, file), group, options.dtype, metadata);
    for (const t of group) {
      weightMap[t.name] = file;
      totalSize += t.data.length * bytesPerElement;
    }
  });
  const index = { metadata: { total_size: totalSize }, weight_map: weightMap };
  fs.writeFileSync(path.join(dir, INDEX_FILE), JSON.stringify(index, null, 2) + '\n');
}
