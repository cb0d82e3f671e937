import type { Argv, CommandModule } from 'yargs';
import { projectRoot } from '../project-root.ts';

interface WorkerArgs {
  queue: string;
  gpu?: number;
  repo?: string;
}

export const workerCommand: CommandModule<object, WorkerArgs> = {
  command: 'worker',
  describe: 'take blocks of queued sweeps (lab sweep --queue) and measure them on this machine, one at a time, until Ctrl-C',
  builder: (y) =>
    (y as Argv<object>)
      .option('queue', { type: 'string', demandOption: true, describe: 'the BullMQ queue of the sweeps, e.g. redis://127.0.0.1:6379' })
      .option('gpu', { type: 'number', describe: "measure on this GPU (nvidia-smi's index); run one worker per GPU" })
      .option('repo', { type: 'string', describe: "fetch the experiment branches from this git URL or path instead of the one each sweep names" }) as unknown as Argv<WorkerArgs>,
  handler: async (args) => {
    const { parseQueueUrl, assertReachable } = await import('../../queue/connection.ts');
    const { chooseGpu } = await import('../../queue/gpu.ts');
    const { runWorker } = await import('../../queue/worker.ts');
    // Every refusal comes before the worker takes a job: a bad URL, a GPU this host lacks, a Redis that is not there.
    const address = parseQueueUrl(String(args.queue));
    const gpu = args.gpu === undefined ? null : chooseGpu(args.gpu);
    await assertReachable(address);
    await runWorker({ address, root: projectRoot(), gpu, repo: args.repo ?? null, say: (line) => console.error(`lab worker: ${line}`) });
  },
};
