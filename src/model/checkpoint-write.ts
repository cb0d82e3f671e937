/**
 * Writing a checkpoint directory in the Hugging Face layout: config.json and
 * either one model.safetensors or shards with their index.
 */
import fs from 'node:fs';
import path from 'node:path';
import { configToHuggingFace } from './checkpoint-config.ts';
import { CONFIG_FILE, INDEX_FILE, SINGLE_FILE } from './checkpoint-layout.ts';
import type { ModelConfig } from './config.ts';
import { writeSafetensors, type SafetensorsDtype, type TensorToWrite } from './safetensors.ts';

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
