import { newTable } from '../table.ts';
import { LOGIT_TOLERANCE, verifyModels } from '../../verify.ts';
import type { CommandModule } from 'yargs';
import { LabError } from '../../errors.ts';
import { parseTokenList, parseWeightsDtype, withModelOptions } from '../options.ts';

interface VerifyArgs {
  variants: string[];
  model: string;
  'model-dir'?: string;
  backend: string;
  seed: number;
  'weights-dtype'?: string;
  prompt: string;
  'max-new-tokens': number;
  json: boolean;
}

export const verifyCommand: CommandModule<object, VerifyArgs> = {
  command: 'verify [variants..]',
  describe: `check each variant against the baseline: identical greedy tokens and max|Δlogit| <= ${LOGIT_TOLERANCE} * max|logit|`,
  builder: (y) =>
    withModelOptions(y)
      .positional('variants', { type: 'string', array: true, describe: 'variants to check (default: all registered)' })
      .option('prompt', { type: 'string', default: '2,5,9,14,31,7,3,1', describe: 'comma-separated token ids' })
      .option('max-new-tokens', { type: 'number', default: 8, describe: 'tokens to generate' })
      .option('json', { type: 'boolean', default: false, describe: 'print the rows as JSON' }) as never,
  handler: async (args) => {
    const { GemmaModel } = await import('../../model/gemma.ts');
    const { openModelSession } = await import('../../model-session.ts');
    const { implementationsOf, resolveVariant, unsupportedReasons } = await import('../../variants.ts');
    const { VARIANTS } = await import('../../../variants/index.ts');
    const named = Boolean(args.variants?.length);
    const names = named ? args.variants : VARIANTS.map((v) => v.name).filter((n) => n !== 'baseline');
    const resolved = names.map((name) => resolveVariant(VARIANTS, name));
    const prompt = parseTokenList(args.prompt, '--prompt');
    const weightsDtype = parseWeightsDtype(args['weights-dtype']);
    const { initBackend } = await import('../../backend.ts');
    const backendName = (await initBackend(args.backend)).name;
    // Checking every registered variant skips those made for another backend; a variant named on the command line must run.
    const skipped = named ? [] : resolved
      .map((v) => ({ variant: v.name, reason: unsupportedReasons(v, VARIANTS, backendName).join('; ') }))
      .filter((s) => s.reason !== '');
    const variants = resolved.filter((v) => !skipped.some((s) => s.variant === v.name));
    const baselineImpl = implementationsOf(resolveVariant(VARIANTS, 'baseline'), VARIANTS);
    const impls = variants.map((v) => implementationsOf(v, VARIANTS));
    // The baseline composes TF.js ops on float32 weights widened exactly from the same values the variants read.
    const { backend, loaded } = await openModelSession({ backend: args.backend, model: args.model, modelDir: args['model-dir'], seed: args.seed, weightsDtype }, [baselineImpl, ...impls]);
    const baseline = new GemmaModel(loaded.config, loaded.weights, baselineImpl);
    baseline.validateRequest(prompt, args['max-new-tokens']);
    const models = variants.map((v, i) => ({ name: v.name, model: new GemmaModel(loaded.config, loaded.weights, impls[i]!) }));
    const rows = await verifyModels(baseline, models, prompt, args['max-new-tokens']);
    if (args.json) {
      console.log(JSON.stringify({ backend: backend.name, device: backend.device, model: loaded.description, weightsDtype: loaded.weights.dtype, tolerance: LOGIT_TOLERANCE, rows, skipped }));
    } else {
      console.log(`backend: ${backend.name} (${backend.device}); model: ${loaded.description}; weights ${loaded.weights.dtype}; prompt ${prompt.length} tokens, ${args['max-new-tokens']} generated`);
      const table = newTable(['variant', 'tokens', 'max|Δlogit|', 'max|logit|', 'relative', 'result']);
      for (const r of rows) {
        table.push([
          r.variant,
          r.tokensMatch ? 'identical' : `differ at ${r.firstMismatch}`,
          r.maxAbsLogitDiff.toExponential(2),
          r.maxAbsLogit.toFixed(3),
          r.relativeDiff.toExponential(2),
          r.passed ? 'pass' : 'FAIL',
        ]);
      }
      console.log(table.toString());
      for (const s of skipped) console.log(`skipped ${s.variant}: not for the ${backend.name} backend: ${s.reason}`);
    }
    const failed = rows.filter((r) => !r.passed);
    if (failed.length) {
      throw new LabError(`${failed.length} variant(s) do not compute the baseline's function: ${failed.map((r) => r.variant).join(', ')}`, 'see the table above');
    }
  },
};
