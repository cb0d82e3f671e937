import type { Argv, CommandModule } from 'yargs';
import { createVariant } from '../../variant-scaffold.ts';
import { projectRoot } from '../project-root.ts';

const newCommand: CommandModule<object, { name: string; description: string }> = {
  command: 'new <name>',
  describe: 'write variants/<name>.ts from a template (same as the baseline until edited) and register it',
  builder: (y) =>
    y.positional('name', { type: 'string', demandOption: true, describe: 'kebab-case variant name' })
      .option('description', { type: 'string', demandOption: true, describe: 'one line: what the variant changes' }) as Argv<{ name: string; description: string }>,
  handler: (args) => {
    const file = createVariant(projectRoot(), args.name, args.description);
    console.log(`created ${file} and registered it in variants/index.ts`);
    console.log(`next: fill its slots, then lab verify ${args.name}`);
  },
};

const listCommand: CommandModule<object, { json: boolean }> = {
  command: 'list',
  describe: 'list the registered variants and the slots each fills',
  builder: (y) => y.option('json', { type: 'boolean', default: false, describe: 'an array of {name, description, slots, params, backends}' }),
  handler: async (args) => {
    const { listVariant, paramLines } = await import('../../variants/listing.ts');
    const { VARIANTS } = await import('../../../variants/index.ts');
    const rows = VARIANTS.map((v) => listVariant(v, VARIANTS));
    if (args.json) {
      console.log(JSON.stringify(rows));
      return;
    }
    const width = Math.max(...rows.map((r) => r.name.length));
    for (const row of rows) {
      const slots = row.presetOf
        ? `preset of ${row.presetOf}: ${Object.entries(row.values ?? {}).map(([k, v]) => `${k}=${String(v)}`).join(',')}`
        : Object.entries(row.slots).map(([slot, impl]) => `${slot}=${impl}`).join(', ') || '(baseline)';
      const pad = ' '.repeat(width);
      const params = row.presetOf ? [] : paramLines(row).map((line) => `\n${pad}    --param ${line}`);
      console.log(`${row.name.padEnd(width)}  ${slots}\n${pad}  ${row.description}${params.join('')}`);
    }
  },
};

export const variantCommand: CommandModule = {
  command: 'variant <command>',
  describe: 'create and list variants',
  builder: (y) => y.command(newCommand).command(listCommand).demandCommand(1, 'lab variant new|list'),
  handler: () => {},
};
