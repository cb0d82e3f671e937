import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LabError } from '../../src/errors.ts';
import { assertReachable, parseQueueUrl } from '../../src/queue/connection.ts';
import { assertLabError } from '../helpers/assert-lab-error.ts';
import { freePort } from '../helpers/redis.ts';

test('a queue URL is redis://host[:port][/db]; the default port is 6379, and a password is never in its label', () => {
  assert.deepEqual(parseQueueUrl('redis://127.0.0.1:6390'), { host: '127.0.0.1', port: 6390, db: 0, label: '127.0.0.1:6390' });
  assert.deepEqual(parseQueueUrl('redis://queue.lab/2'), { host: 'queue.lab', port: 6379, db: 2, label: 'queue.lab:6379' });
  const withPassword = parseQueueUrl('redis://:s3cret@gpu-host:7000');
  assert.equal(withPassword.password, 's3cret');
  assert.equal(withPassword.label, 'gpu-host:7000');
  assert.equal(parseQueueUrl('redis://[::1]:6379').host, '::1');
});

test('a queue URL that does not parse, or is not redis://, is one LabError naming it', () => {
  assertLabError(() => parseQueueUrl('localhost:6379'), 'redis://');
  assertLabError(() => parseQueueUrl('not a url'), 'not a URL');
  assertLabError(() => parseQueueUrl('http://127.0.0.1:6379'), 'scheme must be redis://');
  assertLabError(() => parseQueueUrl('redis://127.0.0.1:99999'), /not a URL|port/);
  assertLabError(() => parseQueueUrl('redis://127.0.0.1:6379/queue'), 'database number');
  assertLabError(() => parseQueueUrl('redis://127.0.0.1:6379/?x=1'), 'query');
});

test('an unreachable Redis is one LabError naming the address, within the timeout', async () => {
  const port = await freePort(); // nothing listens there
  const started = Date.now();
  await assert.rejects(assertReachable(parseQueueUrl(`redis://127.0.0.1:${port}`), 2000), (e: unknown) => {
    assert.ok(e instanceof LabError);
    assert.match(e.message, new RegExp(`cannot reach Redis at 127\\.0\\.0\\.1:${port}`));
    return true;
  });
  assert.ok(Date.now() - started < 5000);
});
