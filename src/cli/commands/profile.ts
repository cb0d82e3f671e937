import type { CommandModule } from 'yargs';
import { ResultsDb, displayDbName } from '../../db/results-db.ts';
import { parseProfileFormat, renderProfile } from '../../profile/format.ts';
import type { ProfileOptions } from '../../profile/run.ts';
import { profileEnvironment, storeProfile } from '../../profile/store.ts';
import { PROFILE_FORMATS } from '../../profile/types.ts';
import { invocation } from '../invocation.ts';
import { parseWeightsDtype, withModelOptions } from '../options.ts';
import { projectRoot } from '../project-root.ts';

interface ProfileArgs {
  variant: string;
  model: string;
  'model-dir'?: string;
  backend: string;
  seed: number;
  'weights-dtype'?: string;
  'prompt-len': number;
  'gen-len': number;
  warmup: number;
  format: string;
  db: string;
  store: boolean;
}

export const profileCommand: CommandModule<object, ProfileArgs> = {
  command: 'profile [variant]',
  describe: 'kernel-level profile of one variant: per phase, time by model part and by kernel, and the dispatch gap',
  builder: (y) =>
    withModelOptions(y)
      .positional('variant', { type: 'string', default: 'baseline', describe: 'a registered variant, or a+b to combine' })
      .option('prompt-len', { type: 'number', default: 16, describe: 'prompt tokens (synthetic, as in a sweep)' })
      .option('gen-len', { type: 'number', default: 16, describe: 'tokens generated' })
      .option('warmup', { type: 'number', default: 1, describe: 'unprofiled generate runs first, kept out of the profile' })
      .option('format', { type: 'string', default: 'table', describe: PROFILE_FORMATS.join(', ') })
      .option('db', { type: 'string', default: 'results.db', describe: 'results database the profile is stored in' })
      .option('store', { type: 'boolean', default: true, describe: 'store the profile in --db (--no-store: print only)' }) as never,
  handler: async (args) => {
    const { checkProfileOptions, runProfile } = await import('../../profile/run.ts');
    const format = parseProfileFormat(args.format);
    const options: ProfileOptions = {
      variant: args.variant,
      model: args.model,
      modelDir: args['model-dir'],
      backend: args.backend,
      seed: args.seed,
      weightsDtype: parseWeightsDtype(args['weights-dtype']),
      promptLen: args['prompt-len'],
      genLen: args['gen-len'],
      warmup: args.warmup,
    };
    checkProfileOptions(options);
    // Opened first, so a database that cannot be written fails before the run.
    const db = args.store ? ResultsDb.open(args.db) : null;
    try {
      const result = await runProfile(options);
      if (db) {
        const id = storeProfile(db, result, await profileEnvironment(projectRoot(), result, invocation()));
        console.error(`stored as profile ${id} in ${displayDbName(args.db)}`);
      }
      console.log(renderProfile(result, format, { color: Boolean(process.stdout.isTTY) }));
    } finally {
      db?.close();
    }
  },
};
