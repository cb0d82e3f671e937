import type { CommandModule } from 'yargs';
import { probeBackends } from '../../backend.ts';

export const backendsCommand: CommandModule = {
  command: 'backends',
  describe: 'which TensorFlow.js backends load on this machine, and why the others do not',
  handler: async () => {
    for (const probe of await probeBackends()) {
      console.log(`${probe.ok ? 'ok  ' : 'no  '} ${probe.name.padEnd(8)} ${probe.detail}`);
    }
  },
};
