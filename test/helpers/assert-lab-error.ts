import assert from 'node:assert/strict';
import { LabError } from '../../src/errors.ts';

/** Asserts `fn` throws a LabError whose message contains (a string) or matches (a RegExp) every one of `parts`; returns it. */
export function assertLabError(fn: () => unknown, ...parts: (string | RegExp)[]): LabError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof LabError, `expected a LabError, got ${String(caught)}`);
  for (const part of parts) {
    if (part instanceof RegExp) assert.match(caught.message, part);
    else assert.ok(caught.message.includes(part), `message "${caught.message}" should mention "${part}"`);
  }
  return caught;
}
