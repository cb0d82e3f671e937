import fs from 'node:fs';
import path from 'node:path';
import { LabError } from '../errors.ts';

export const TOKENIZER_FILE = 'tokenizer.json';
const TOKENIZER_CONFIG_FILE = 'tokenizer_config.json';

/** Text to token ids and back, as the checkpoint's own tokenizer does it. */
export interface TextTokenizer {
  /** The ids of `text`, with the special tokens the tokenizer adds (Gemma's <bos>). */
  encode(text: string): number[];
  /** The text of `ids`, special tokens left out. */
  decode(ids: readonly number[]): string;
}

function readJson(file: string, what: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new LabError(`${file}: cannot read the ${what}: ${(e as Error).message.split('\n')[0]}`, 'fix or re-download the file');
  }
}

/**
 * The tokenizer of a checkpoint directory (tokenizer.json, and
 * tokenizer_config.json when present), through @huggingface/tokenizers: pure
 * JavaScript, so it works offline and on every backend.
 */
export async function loadTokenizer(dir: string): Promise<TextTokenizer> {
  const file = path.join(dir, TOKENIZER_FILE);
  if (!fs.existsSync(file)) {
    throw new LabError(`${dir} has no ${TOKENIZER_FILE}, which --text needs`, 'use a checkpoint directory with its tokenizer.json, or give token ids with --prompt');
  }
  const json = readJson(file, 'tokenizer');
  const configFile = path.join(dir, TOKENIZER_CONFIG_FILE);
  const config = fs.existsSync(configFile) ? readJson(configFile, 'tokenizer config') : {};
  const { Tokenizer } = await import('@huggingface/tokenizers');
  let tokenizer: InstanceType<typeof Tokenizer>;
  try {
    tokenizer = new Tokenizer(json as object, config as object);
  } catch (e) {
    throw new LabError(`${file}: not a tokenizer @huggingface/tokenizers can read: ${(e as Error).message.split('\n')[0]}`, 'use the tokenizer.json that came with the checkpoint');
  }
  return {
    encode: (text) => tokenizer.encode(text).ids.map(Number),
    decode: (ids) => tokenizer.decode([...ids], { skip_special_tokens: true }),
  };
}
