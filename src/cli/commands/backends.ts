import type { CommandModule } from 'yargs';

export const backendsCommand: CommandModule = {
  command: 'backends',
  describe: 'which TensorFlow.js backends load on this machine, and why the others do not',
  handler: async () => {
    const { probeBackends } = await import('../../backend.ts');
    for (const probe of await probeBackends()) {
      console.log(`${probe.ok ? 'ok  ' : 'no  '} ${probe.name.padEnd(8)} ${probe.detail}`);
    }
  },
};
