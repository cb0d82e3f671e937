/**
 * Measuring paired rounds: each block's runs back to back, and a block with a
 * sample taken under foreign load measured again at the end of its round.
 */
import { MAX_RERUNS } from './foreign-load.ts';
import type { PairedBlock } from './schedule.ts';

export interface MeasuredSample {
  /** Its row in results.db. */
  id: number;
  /** Measured under foreign load above the sweep's threshold. */
  flagged: boolean;
}

/** What measuring a round needs from the sweep: one sample at a time, and a way to set samples aside. */
export interface RoundMeasurer {
  sample(variant: string, round: number, block: number, process: number): Promise<MeasuredSample>;
  /** Marks samples replaced by a re-run (kept, left out of the statistics). */
  supersede(ids: number[]): void;
  /** A fresh block id for a re-run. */
  nextBlockId(): number;
  /** One line to the user. */
  say(line: string): void;
}

export interface RoundOutcome {
  /** Samples flagged for foreign load in this round, re-runs included. */
  flagged: number;
  /** Blocks measured again. */
  reruns: number;
}

async function measureBlock(order: readonly string[], blockId: number, round: number, process: number, m: RoundMeasurer): Promise<MeasuredSample[]> {
  const samples: MeasuredSample[] = [];
  for (const name of order) samples.push(await m.sample(name, round, blockId, process));
  return samples;
}

/**
 * Measures one round's blocks in order; then every block that had a flagged
 * sample runs again (as a new block, in the same order), up to MAX_RERUNS
 * times, and the tries it replaces are superseded. The pair must be re-run
 * whole: a clean variant sample beside a loaded baseline one is no cleaner a
 * ratio. The last try is kept even if flagged, so a machine that is never
 * quiet still finishes, and the report says how many samples were flagged.
 */
export async function measurePairedRound(blocks: readonly PairedBlock[], round: number, process: number, m: RoundMeasurer): Promise<RoundOutcome> {
  let flagged = 0;
  let reruns = 0;
  const pending: { block: PairedBlock; samples: MeasuredSample[]; tries: number }[] = [];
  for (const block of blocks) {
    const samples = await measureBlock(block.order, block.id, round, process, m);
    pending.push({ block, samples, tries: 0 });
  }
  for (const entry of pending) {
    let { samples, tries } = entry;
    let count = samples.filter((s) => s.flagged).length;
    flagged += count;
    while (count > 0 && tries < MAX_RERUNS) {
      tries++;
      reruns++;
      const id = m.nextBlockId();
      m.say(`  round ${round + 1}: ${count} sample${count === 1 ? '' : 's'} of block ${entry.block.order.join(' ')} ran under foreign load; measuring the block again (try ${tries + 1})`);
      const again = await measureBlock(entry.block.order, id, round, process, m);
      m.supersede(samples.map((s) => s.id));
      samples = again;
      count = samples.filter((s) => s.flagged).length;
      flagged += count;
    }
  }
  return { flagged, reruns };
}
