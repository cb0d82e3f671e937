/**
 * A Gemma checkpoint directory as Hugging Face lays it out: config.json beside
 * either one model.safetensors or shards listed by model.safetensors.index.json.
 *
 * openCheckpoint checks everything it can from the headers alone (every tensor
 * the model needs is present, readable and of the shape config.json implies),
 * so a bad checkpoint fails in milliseconds instead of minutes into loading.
 *
 * This file is the façade: the code lives in the modules below, one per
 * concern, and everything the lab uses is re-exported here.
 *   checkpoint-layout.ts  file names, and the tensors and shapes the model needs
 *   checkpoint-config.ts  config.json <-> ModelConfig
 *   checkpoint-open.ts    opening and checking a directory, reading its tensors
 *   checkpoint-write.ts   writing a directory, single-file or sharded
 */
export { CONFIG_FILE, expectedTensorShapes, INDEX_FILE, SINGLE_FILE } from './checkpoint-layout.ts';
export { configFromHuggingFace } from './checkpoint-config.ts';
export { openCheckpoint, type Checkpoint } from './checkpoint-open.ts';
export { shardFileName, writeCheckpoint } from './checkpoint-write.ts';
