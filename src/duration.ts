import ms from 'ms';
import { LabError } from './errors.ts';

/** A duration as people write it ("90s", "5m", "1.5h", "300" seconds) in seconds; one clear error otherwise. */
export function parseDuration(text: string, flag: string): number {
  const trimmed = String(text).trim();
  const value = /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) * 1000 : ms(trimmed as ms.StringValue);
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new LabError(`${flag} "${text}" is not a duration`, 'write it as e.g. 90s, 5m or 1h');
  }
  return value / 1000;
}
