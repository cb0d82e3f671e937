import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { expectedTensorShapes, writeCheckpoint } from '../../src/model/checkpoint.ts';
import { presetConfig } from '../../src/model/config.ts';
import { randomWeightSource } from '../../src/model/random-weights.ts';
import { isOneLineUserError, runLab } from '../helpers/cli.ts';

/** A word-level tokenizer.json in the Hugging Face format (a stand-in for Gemma's: no network here), <bos> first as Gemma's adds it. */
const TOKENIZER = {
  version: '1.0', truncation: null, padding: null,
  added_tokens: [{ id: 2, content: '<bos>', single_word: false, lstrip: false, rstrip: false, normalized: false, special: true }],
  normalizer: null,
  pre_tokenizer: { type: 'WhitespaceSplit' },
  post_processor: { type: 'TemplateProcessing', single: [{ SpecialToken: { id: '<bos>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }], pair: [], special_tokens: { '<bos>': { id: '<bos>', ids: [2], tokens: ['<bos>'] } } },
  decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
  model: { type: 'WordLevel', vocab: Object.fromEntries([['<unk>', 0], ['<bos>', 2], ...Array.from({ length: 250 }, (_, i) => [`w${i + 3}`, i + 3])]), unk_token: '<unk>' },
};

let dir: string;
let bare: string;
before(() => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-text-'));
  const config = presetConfig('tiny');
  const raw = randomWeightSource(config, 3);
  const tensors = new Map([...expectedTensorShapes(config).keys()].map((name) => [name, raw(name)]));
  dir = path.join(root, 'with-tokenizer');
  bare = path.join(root, 'without');
  writeCheckpoint(dir, config, tensors, { dtype: 'BF16' });
  writeCheckpoint(bare, config, tensors, { dtype: 'BF16' });
  fs.writeFileSync(path.join(dir, 'tokenizer.json'), JSON.stringify(TOKENIZER));
});
after(() => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));

test("--text is tokenized by the checkpoint's tokenizer.json: the same tokens as its ids given with --prompt, and the generated text", () => {
  const text = runLab(['generate', '--backend', 'wasm', '--model-dir', dir, '--text', 'w10 w17 w200 w42', '--json']);
  assert.equal(text.code, 0, text.stderr);
  const out = JSON.parse(text.stdout) as { prompt: number[]; tokens: number[]; text: string };
  assert.deepEqual(out.prompt, [2, 10, 17, 200, 42]);
  const ids = runLab(['generate', '--backend', 'wasm', '--model-dir', dir, '--prompt', '2,10,17,200,42', '--json']);
  assert.deepEqual(out.tokens, (JSON.parse(ids.stdout) as { tokens: number[] }).tokens);
  const words = out.tokens.filter((t) => t >= 3 && t < 253).map((t) => `w${t}`);
  assert.equal(out.text, words.join(' '));
});

test('--text without a tokenizer, with a preset, or beside --prompt is one line, exit 2', () => {
  const cases: [string[], RegExp][] = [
    [['--model-dir', bare, '--text', 'w3'], /has no tokenizer\.json, which --text needs/],
    [['--text', 'w3'], /--text needs a checkpoint with its tokenizer/],
    [['--model-dir', dir, '--text', 'w3', '--prompt', '2,3'], /--text and --prompt both give the prompt/],
  ];
  for (const [args, message] of cases) {
    const run = runLab(['generate', '--backend', 'wasm', ...args]);
    assert.ok(isOneLineUserError(run), `${args.join(' ')}: exit ${run.code}, ${run.stderr}`);
    assert.match(run.stderr, message);
    assert.equal(run.stdout, '');
  }
});
