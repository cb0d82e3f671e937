/** `lab compare A B` of sweeps spread over devices: per shared device, pooled, never across devices. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ResultsDb } from '../../src/db/results-db.ts';
import { compareSweeps } from '../../src/report/compare.ts';
import { deviceStoredSweep } from '../helpers/devices-fixture.ts';
import { tempDir } from '../helpers/results-fixture.ts';
import { addStoredSweep } from './grid-fixtures.ts';

const FAST = { name: 'gpu-fast', speed: 1 };
const SLOW = { name: 'gpu-slow', speed: 2 };

function db(): ResultsDb {
  const file = path.join(tempDir('lab-compare-devices-'), 'results.db');
  const d = ResultsDb.open(file);
  // The same code in both sweeps; A ran 'v' mostly on the fast device, B mostly on the slow one, and only B has gpu-c.
  addStoredSweep(d, deviceStoredSweep({ id: 'A', devices: [FAST, SLOW], variants: [{ name: 'v', runs: [10, 3] }], seed: 1 }));
  addStoredSweep(d, deviceStoredSweep({ id: 'B', devices: [FAST, SLOW, { name: 'gpu-c', speed: 3 }], variants: [{ name: 'v', runs: [3, 10, 10] }], seed: 2 }));
  return d;
}

test('the same code measured on differently spread devices compares as no change, on the devices both sweeps share', () => {
  const d = db();
  try {
    const c = compareSweeps(d, 'A', 'B', 'total');
    const v = c.variants.find((x) => x.variant === 'v')!;
    assert.ok(v.a.mean! < v.b.mean! * 0.8, 'the means, mixing devices, differ a lot');
    assert.equal(v.delta!.method, 'random-effects');
    assert.ok(Math.abs(v.delta!.pct) < 1.5, `${v.delta!.pct}%`);
    assert.ok(v.delta!.ciLow < 0 && v.delta!.ciHigh > 0);
    assert.equal(v.delta!.verdict, 'no significant change');
    assert.ok(c.warnings.includes('v: compared on gpu-fast, gpu-slow (the devices both sweeps measured it on), pooled by random effects'), c.warnings.join('\n'));
  } finally {
    d.close();
  }
});
