import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { ResultsDb, type SampleRecord } from '../../src/db/results-db.ts';
import { jobId, type ResultMessage } from '../../src/queue/jobs.ts';
import { AttemptLedger } from '../../src/queue/ledger.ts';
import { StreamingSink } from '../../src/queue/sample-sink.ts';
import { addSweep, tempDir } from '../helpers/results-fixture.ts';

const SWEEP = 'q-ledger';
const JOB = jobId(SWEEP, 0, 0);

function freshDb(): ResultsDb {
  const db = ResultsDb.open(path.join(tempDir('lab-ledger-'), 'results.db'));
  addSweep(db, { id: SWEEP, createdAt: '2026-12-01T00:00:00.000Z', runs: 3, variants: [{ name: 'baseline', prefill: [], generation: [] }, { name: 'fast', prefill: [], generation: [] }] });
  return db;
}

function record(round: number): SampleRecord {
  return { round, prefillS: 0.1, generationS: 0.2, totalS: 0.3, prefillTokensPerS: 1, generationTokensPerS: 1, peakMemoryBytes: 1, harnessS: 0, commitSha: null, process: 0, block: round };
}

/** One attempt at the job as a worker's measure loop would produce it: a warm-up, then `rounds` rounds (each baseline + fast). */
function attempt(name: string, rounds: number, finish: boolean, rerunRound: number | null = null): ResultMessage[] {
  const out: ResultMessage[] = [{ t: 'start', job: JOB, attempt: name, worker: 'w', device: `dev-${name}` }];
  const sink = new StreamingSink({ job: JOB, attempt: name, block: 0, process: 0, device: `dev-${name}` }, (m) => out.push(m));
  sink.addWarmup(SWEEP, 'baseline', record(0));
  for (let r = 0; r < rounds; r++) {
    const ids = [sink.addSample(SWEEP, 'baseline', record(r)), sink.addSample(SWEEP, 'fast', record(r))];
    // A block measured again under foreign load: the first try is superseded, the re-run is index 1.
    if (r === rerunRound) {
      sink.addSample(SWEEP, 'baseline', record(r));
      sink.addSample(SWEEP, 'fast', record(r));
      sink.supersedeSamples(SWEEP, ids);
    }
  }
  if (finish) out.push({ t: 'done', job: JOB, attempt: name, samples: sink.samples, warmups: sink.warmups });
  return out;
}

/** Counted (not superseded) samples per variant and round. */
function counted(db: ResultsDb): Map<string, number> {
  const n = new Map<string, number>();
  for (const s of db.getSweep(SWEEP).samples.filter((s) => !s.superseded)) n.set(`${s.variant}.r${s.round}`, (n.get(`${s.variant}.r${s.round}`) ?? 0) + 1);
  return n;
}

function assertEachOnce(db: ResultsDb, rounds: number): void {
  const n = counted(db);
  assert.equal(n.size, 2 * rounds);
  for (const [key, c] of n) assert.equal(c, 1, `${key} counted ${c} times`);
}

test('an attempt that died mid-job is superseded by the retry that finished; every round counts once', () => {
  const db = freshDb();
  const ledger = new AttemptLedger(db, SWEEP, new Set([JOB]));
  for (const m of [...attempt('1-dead', 2, false), ...attempt('2-live', 3, true)]) ledger.apply(m);
  assert.ok(ledger.isComplete());
  assertEachOnce(db, 3);
  const stored = db.getSweep(SWEEP);
  assert.equal(stored.samples.filter((s) => s.superseded).length, 4, "the dead attempt's 4 samples are kept, superseded");
  assert.ok(stored.samples.filter((s) => !s.superseded).every((s) => s.device === 'dev-2-live' && s.sampleKey?.startsWith('b0.p0.a2-live.')));
});

test('messages delivered twice (the stream read again after --resume) land once', () => {
  const db = freshDb();
  const messages = attempt('1-only', 3, true);
  new AttemptLedger(db, SWEEP, new Set([JOB])).apply(messages[0]!);
  const ledger = new AttemptLedger(db, SWEEP, new Set([JOB]));
  for (const m of [...messages, ...messages]) ledger.apply(m);
  // And a second coordinator (--resume) reading the whole stream again.
  const again = new AttemptLedger(db, SWEEP, new Set([JOB]));
  for (const m of messages) again.apply(m);
  assertEachOnce(db, 3);
  assert.equal(db.getSweep(SWEEP).samples.length, 6);
  assert.equal(db.getSweep(SWEEP).warmups.length, 1);
});

test('an overtaken attempt that finishes second counts for nothing, even its samples that came after the winner', () => {
  const db = freshDb();
  const ledger = new AttemptLedger(db, SWEEP, new Set([JOB]));
  const slow = attempt('1-slow', 3, true);
  const fast = attempt('2-fast', 3, true);
  // The slow attempt's first half, then the whole fast one, then the rest of the slow one.
  for (const m of [...slow.slice(0, 4), ...fast, ...slow.slice(4)]) ledger.apply(m);
  assertEachOnce(db, 3);
  assert.ok(db.getSweep(SWEEP).samples.filter((s) => !s.superseded).every((s) => s.sampleKey!.includes('.a2-fast.')));
});

test("a block measured again within an attempt (foreign load) keeps only the re-run, under the next index", () => {
  const db = freshDb();
  const ledger = new AttemptLedger(db, SWEEP, new Set([JOB]));
  for (const m of attempt('1-load', 3, true, 1)) ledger.apply(m);
  assertEachOnce(db, 3);
  const r1 = db.getSweep(SWEEP).samples.filter((s) => s.round === 1);
  assert.deepEqual(r1.filter((s) => !s.superseded).map((s) => s.sampleKey!.split('.').at(-1)), ['i1', 'i1']);
  assert.equal(r1.filter((s) => s.superseded).length, 2);
});

test("a 'done' with fewer samples than reached the coordinator is a bug, not a silent count", () => {
  const db = freshDb();
  const ledger = new AttemptLedger(db, SWEEP, new Set([JOB]));
  const messages = attempt('1-x', 2, true);
  const done = messages.at(-1)!;
  assert.throws(() => {
    for (const m of [...messages.filter((m) => m.t !== 'sample' || m.key !== (messages[2] as { key: string }).key).slice(0, -1), done]) ledger.apply(m);
  }, /finished with 4 samples, but 3 reached/);
});
