/**
 * variants/baseline.json: which variant the baseline was promoted from
 * (`lab baseline promote`), read by variants/index.ts when it builds the
 * registry. With no file, or `{"promoted": null}`, the baseline is the seed's.
 *
 *   {"promoted": "batched-attention", "slots": {"attentionCore": "batched", ...}, "promotedAt": "2026-..."}
 *
 * `promoted` names a registered variant (or an a+b composition); the baseline
 * entry of the registry becomes `{name: 'baseline', slots: <its slots>}`, so
 * every other variant runs on top of it. `slots` records every slot choice the
 * promoted variant ran with; choices it did not make itself (inherited from the
 * baseline it was promoted on) are kept too, so promoting twice accumulates.
 *
 * This module is loaded by every worker: it reads files and nothing else
 * (git and the results database are src/baseline/promote.ts's business).
 */
import fs from 'node:fs';
import path from 'node:path';
import { isLabError, LabError } from '../errors.ts';
import { BASELINE_IMPLEMENTATIONS } from '../model/baseline-implementations.ts';
import { isPerformedByExecution, SLOT_NAMES, type Implementations, type SlotName } from '../model/slots.ts';
import { BASELINE_NAME, baselineOf, defineVariant, resolveVariant, type Variant } from '../variants.ts';
import { promotedDescription } from './origin.ts';

/** Where the promoted baseline is recorded, relative to the project root. */
export const BASELINE_FILE = path.join('variants', 'baseline.json');

export interface BaselineFile {
  /** The promoted variant (or a+b composition); null: the seed's baseline. */
  promoted: string | null;
  /** slot -> implementation name of every slot the promoted variant ran with. */
  slots?: Record<string, string>;
  /** ISO-8601 time of the promotion (or reset). */
  promotedAt?: string;
}

export function baselineFilePath(root: string): string {
  return path.join(root, BASELINE_FILE);
}

function broken(file: string, why: string): LabError {
  return new LabError(`${file} is not a valid baseline file: ${why}`, 'fix it, or run lab baseline reset');
}

/** Parses a baseline file's text; LabError naming `file` when it is not one. */
export function parseBaselineFile(text: string, file: string): BaselineFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw broken(file, (e as Error).message);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw broken(file, 'expected a JSON object');
  const o = data as Record<string, unknown>;
  if (!('promoted' in o)) throw broken(file, 'it has no "promoted" field');
  if (o.promoted !== null && (typeof o.promoted !== 'string' || o.promoted.trim() === '')) {
    throw broken(file, '"promoted" must be a variant name or null');
  }
  const out: BaselineFile = { promoted: o.promoted === null ? null : (o.promoted as string).trim() };
  if (o.slots !== undefined) {
    if (typeof o.slots !== 'object' || o.slots === null || Array.isArray(o.slots)) throw broken(file, '"slots" must be an object');
    const slots: Record<string, string> = {};
    for (const [slot, impl] of Object.entries(o.slots)) {
      if (!(SLOT_NAMES as readonly string[]).includes(slot)) throw broken(file, `unknown slot "${slot}" (slots are ${SLOT_NAMES.join(', ')})`);
      if (typeof impl !== 'string' || impl === '') throw broken(file, `slot ${slot} must name an implementation`);
      slots[slot] = impl;
    }
    out.slots = slots;
  }
  if (o.promotedAt !== undefined) {
    if (typeof o.promotedAt !== 'string') throw broken(file, '"promotedAt" must be an ISO-8601 time');
    out.promotedAt = o.promotedAt;
  }
  return out;
}

/** Reads a baseline file; a missing one is the seed's baseline. LabError for a broken one. */
export function readBaselineFile(file: string): BaselineFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { promoted: null };
    throw new LabError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 'check its permissions');
  }
  return parseBaselineFile(text, file);
}

/**
 * The registry every command uses (variants/index.ts): `registered` with the
 * promotion in `file` applied. Never throws for a broken or stale baseline
 * file, so that every command still loads (and `lab baseline reset` can repair
 * it): the baseline entry is then marked unusable, and resolving any variant
 * of the registry raises the LabError that says what is wrong.
 */
export function loadRegistry(registered: readonly Variant[], file: string, source: string = BASELINE_FILE): readonly Variant[] {
  try {
    return applyPromotedBaseline(registered, readBaselineFile(file), source);
  } catch (e) {
    if (!isLabError(e)) throw e;
    return registered.map((v) => (v.name === BASELINE_NAME ? { ...v, unusable: e } : v));
  }
}

/** Every implementation the registry's variants (and the seed) provide, by slot and name. */
function implementationCatalog(registry: readonly Variant[]): Map<string, unknown> {
  const catalog = new Map<string, unknown>();
  const add = (slots: Partial<Implementations>) => {
    for (const [slot, impl] of Object.entries(slots)) catalog.set(`${slot}\0${(impl as { name: string }).name}`, impl);
  };
  add(BASELINE_IMPLEMENTATIONS);
  for (const v of registry) add(v.slots);
  return catalog;
}

/**
 * The registry with its baseline entry replaced by the promoted variant's slot
 * choices; the registry itself when `file` promotes nothing. `source` names the
 * file in errors. LabError when the file promotes an unknown variant, the
 * baseline itself, or keeps an implementation no registered variant provides.
 */
export function applyPromotedBaseline(registered: readonly Variant[], file: BaselineFile, source: string = BASELINE_FILE): readonly Variant[] {
  if (file.promoted === null) return registered;
  if (!baselineOf(registered)) throw new LabError(`${source} promotes ${file.promoted}, but the registry has no "${BASELINE_NAME}" entry`, 'restore variants/baseline.ts in variants/index.ts');
  if (file.promoted === BASELINE_NAME) throw broken(source, `"promoted" must name another variant than ${BASELINE_NAME}`);
  let promoted: Variant;
  try {
    promoted = resolveVariant(registered, file.promoted);
  } catch (e) {
    if (!isLabError(e)) throw e;
    throw new LabError(
      `${source} promotes "${file.promoted}", which is not a registered variant (${(e as Error).message})`,
      'register it again, or run lab baseline reset',
    );
  }
  const own = promoted.slots as Partial<Record<SlotName, unknown>>;
  const catalog = implementationCatalog(registered);
  const slots: Partial<Record<SlotName, unknown>> = {};
  const inherited: string[] = [];
  for (const [slot, name] of Object.entries(file.slots ?? {}) as [SlotName, string][]) {
    // A slot the promoted execution performs itself holds nothing to carry over.
    if (slot in own || BASELINE_IMPLEMENTATIONS[slot].name === name || isPerformedByExecution(name)) continue;
    const impl = catalog.get(`${slot}\0${name}`);
    if (!impl) {
      throw new LabError(
        `${source} keeps ${slot}=${name} from an earlier baseline, but no registered variant provides that implementation`,
        'register the variant that does again, or run lab baseline reset and promote anew',
      );
    }
    slots[slot] = impl;
    inherited.push(`${slot}=${name}`);
  }
  Object.assign(slots, own);
  const keeps = inherited.length ? ` (keeps ${inherited.join(', ')} from the baseline it was promoted on)` : '';
  const entry = defineVariant({
    name: BASELINE_NAME,
    description: promotedDescription(promoted.name, `${promoted.description}${keeps}`),
    slots: slots as Partial<Implementations>,
  });
  return registered.map((v) => (v.name === BASELINE_NAME ? entry : v));
}
