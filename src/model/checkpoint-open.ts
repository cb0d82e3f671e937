/**
 * Opening a checkpoint directory: finding which file holds each tensor (one
 * model.safetensors, or shards named by the index) and checking every tensor
 * the model needs from the headers alone, before any data is read.
 */
import fs from 'node:fs';
import path from 'node:path';
import { LabError } from '../errors.ts';
import { configFromHuggingFace, isPlainObject, readJsonFile } from './checkpoint-config.ts';
import { CONFIG_FILE, expectedTensorShapes, INDEX_FILE, SINGLE_FILE } from './checkpoint-layout.ts';
import type { ModelConfig } from './config.ts';
import {
  readSafetensorsHeader,
  readTensorFloat32,
  readTensorHalfWords,
  type SafetensorsDtype,
  type SafetensorsHeader,
} from './safetensors.ts';

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
