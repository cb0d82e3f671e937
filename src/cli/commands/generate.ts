import type { CommandModule } from 'yargs';
import { LabError } from '../../errors.ts';
import { parseTokenList, parseWeightsDtype, withModelOptions } from '../options.ts';

/** The prompt when neither --prompt nor --text is given. */
const DEFAULT_PROMPT = '2,5,9';

interface GenerateArgs {
  variant: string;
  model: string;
  'model-dir'?: string;
  backend: string;
  seed: number;
  'weights-dtype'?: string;
  prompt?: string;
  text?: string;
  'max-new-tokens': number;
  json: boolean;
}

export const generateCommand: CommandModule<object, GenerateArgs> = {
  command: 'generate',
  describe: 'greedy generation with one variant; prints tokens, phase times, backend and device',
  builder: (y) =>
    withModelOptions(y)
      .option('variant', { type: 'string', default: 'baseline', describe: 'a registered variant, or a+b to combine' })
      .option('prompt', { type: 'string', describe: `comma-separated token ids [default: ${DEFAULT_PROMPT}]` })
      .option('text', { type: 'string', describe: "a text prompt, tokenized by the checkpoint's tokenizer.json (needs --model-dir); the generated text is printed too" })
      .option('max-new-tokens', { type: 'number', default: 8, describe: 'tokens to generate' })
      .option('json', { type: 'boolean', default: false, describe: 'print {"tokens", "logits", ...}: logits[i] chose tokens[i]' }) as never,
  handler: async (args) => {
    const { GemmaModel } = await import('../../model/gemma.ts');
    const { openModelSession } = await import('../../model-session.ts');
    const { implementationsOf, resolveVariant } = await import('../../variants.ts');
    const { VARIANTS } = await import('../../../variants/index.ts');
    const variant = resolveVariant(VARIANTS, args.variant);
    if (args.text !== undefined && args.prompt !== undefined) throw new LabError('--text and --prompt both give the prompt', 'use one of them');
    if (args.text !== undefined && !args['model-dir']) throw new LabError('--text needs a checkpoint with its tokenizer (--model-dir DIR with tokenizer.json): the presets have none', 'give token ids with --prompt');
    const { loadTokenizer } = await import('../../model/tokenizer.ts');
    // Read before the weights: a missing tokenizer fails in milliseconds.
    const tokenizer = args.text !== undefined ? await loadTokenizer(args['model-dir']!) : null;
    const prompt = tokenizer ? tokenizer.encode(args.text!) : parseTokenList(args.prompt ?? DEFAULT_PROMPT, '--prompt');
    if (tokenizer && prompt.length === 0) throw new LabError('--text gives no tokens', 'give some text');
    const weightsDtype = parseWeightsDtype(args['weights-dtype']);
    const impl = implementationsOf(variant, VARIANTS);
    const { backend, loaded } = await openModelSession({ backend: args.backend, model: args.model, modelDir: args['model-dir'], seed: args.seed, weightsDtype }, [impl]);
    const model = new GemmaModel(loaded.config, loaded.weights, impl);
    model.validateRequest(prompt, args['max-new-tokens']);
    const result = await model.generate(prompt, args['max-new-tokens'], { collectLogits: args.json });
    if (args.json) {
      console.log(JSON.stringify({
        tokens: result.tokens,
        logits: result.logits!.map((row) => Array.from(row)),
        variant: variant.name,
        model: loaded.description,
        weightsDtype: loaded.weights.dtype,
        backend: backend.name,
        device: backend.device,
        prefillS: result.prefillS,
        generationS: result.generationS,
        ...(tokenizer ? { prompt, text: tokenizer.decode(result.tokens) } : {}),
      }));
      return;
    }
    console.log(`backend: ${backend.name} (${backend.device})`);
    console.log(`model:   ${loaded.description}, variant ${variant.name}`);
    console.log(`prompt:  ${prompt.join(',')}`);
    console.log(`tokens:  ${result.tokens.join(',')}`);
    if (tokenizer) console.log(`text:    ${JSON.stringify(tokenizer.decode(result.tokens))}`);
    console.log(`prefill ${(result.prefillS * 1000).toFixed(1)} ms, generation ${(result.generationS * 1000).toFixed(1)} ms, total ${(result.totalS * 1000).toFixed(1)} ms`);
  },
};
