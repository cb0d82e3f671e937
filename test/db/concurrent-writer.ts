/**
 * One of several processes writing the same store at once (results-db-postgres.test.ts):
 * opens it (migrating it if it is new), records sweep ID with SAMPLES samples per variant, finishes it.
 * Usage: node --import tsx test/db/concurrent-writer.ts URL ID SAMPLES
 */
import { ResultsDb } from '../../src/db/results-db.ts';
import { createSweep, sample } from './store-contract.ts';

const [url, id, count] = process.argv.slice(2);
const db = ResultsDb.open(url!);
createSweep(db, id!, new Date().toISOString());
for (let i = 0; i < Number(count); i++) {
  db.addSample(id!, 'baseline', sample(i));
  db.addSample(id!, 'fused-mlp', { ...sample(i, 0.5), sampleKey: `k${i}` });
  // every keyed sample delivered twice lands once
  db.addSample(id!, 'fused-mlp', { ...sample(i, 0.5), sampleKey: `k${i}` });
}
db.finishSweep(id!, 'completed');
db.close();
