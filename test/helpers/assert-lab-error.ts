import assert from 'node:assert/strict';
import { LabError } from '../../src/errors.ts';

/** Asserts `fn` throws a LabError whose message contains every one of `parts`; returns it. */
export function assertLabError(fn: () => unknown, ...parts: string[]): LabError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof LabError, `expected a LabError, got ${String(caught)}`);
  for (const part of parts) assert.ok(caught.message.includes(part), `message "${caught.message}" should mention "${part}"`);
  return caught;
}
