/**
 * Loaded before every test file (npm test's --import): each test file's process gets a machine lock of its
 * own, so that two test files running sweeps at once (--test-concurrency=2) do not queue behind each other's
 * lock; the sweeps a file starts inherit it. The runner itself (started with --test) is left alone. The
 * lock's own tests set LAB_LOCK_DIR themselves.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

if (!process.execArgv.includes('--test')) process.env['LAB_LOCK_DIR'] = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-test-lock-'));
