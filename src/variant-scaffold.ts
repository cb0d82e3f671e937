import fs from 'node:fs';
import path from 'node:path';
import { LabError } from './errors.ts';
import { isValidVariantName } from './variants.ts';

const IMPORTS_MARKER = '// lab:imports';
const VARIANTS_MARKER = '  // lab:variants';

export function variantTemplate(name: string, description: string): string {
  return `import { defineVariant } from '../src/variants.ts';
// Slots you can fill, with the baseline's implementations to start from:
//   execution       src/model/implementations/execution.ts        (StepExecution)
//   prefill         src/model/implementations/prefill.ts          (PrefillStrategy)
//   generation      src/model/implementations/generation.ts       (GenerationLoop)
//   qkvProjection   src/model/implementations/qkv-projection.ts   (QkvProjection)
//   attentionCore   src/model/implementations/attention-core.ts   (AttentionCore)
//   groupMapping    src/model/implementations/group-mapping.ts    (GroupMapping)
//   kvCache         src/model/implementations/kv-cache.ts         (KvCacheLayout)
//   linear          src/model/implementations/linear.ts           (LinearProduct)
//   norm            src/model/implementations/elementwise.ts      (RowNorm)
//   rope            src/model/implementations/elementwise.ts      (Rotary)
//   mlpActivation   src/model/implementations/elementwise.ts      (GatedActivation)
// The interfaces are in src/model/slots.ts. Then: lab verify ${name} && lab sweep ${name}

export default defineVariant({
  name: ${JSON.stringify(name)},
  description: ${JSON.stringify(description)},
  slots: {
    // e.g. attentionCore: myAttention,
  },
});
`;
}

const RESERVED = new Set(('break case catch class const continue debugger default delete do else enum export extends false finally for function if ' +
  'implements import in instanceof interface let new null package private protected public return static super switch this throw true try ' +
  'typeof var void while with yield await').split(' '));

/** camelCase of the name; reserved words get a suffix so the import line always compiles. */
function identifierFor(name: string): string {
  const camel = name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  return RESERVED.has(camel) || /^\d/.test(camel) ? `${camel}Variant` : camel;
}

/**
 * Writes variants/<name>.ts from the template and registers it in
 * variants/index.ts. Both files are checked before either is written, so a
 * refusal leaves nothing behind.
 */
export function createVariant(root: string, name: string, description: string): string {
  if (!isValidVariantName(name)) {
    throw new LabError(`variant name "${name}" is not kebab-case`, 'use lowercase letters, digits and single dashes, e.g. my-variant');
  }
  if (!description.trim()) throw new LabError('the variant needs a description', 'pass --description "what it changes"');
  if (description.includes('\n')) throw new LabError('the description must be one line');
  const variantsDir = path.join(root, 'variants');
  const file = path.join(variantsDir, `${name}.ts`);
  const indexFile = path.join(variantsDir, 'index.ts');
  if (fs.existsSync(file)) throw new LabError(`variant ${name} already exists: ${path.relative(root, file)}`, 'pick another name or edit that file');
  const index = fs.readFileSync(indexFile, 'utf8');
  const identifier = identifierFor(name);
  if (new RegExp(`from '\\./${name}\\.ts'`).test(index)) throw new LabError(`variant ${name} is already registered in variants/index.ts`);
  if (!index.includes(IMPORTS_MARKER) || !index.includes(VARIANTS_MARKER)) {
    throw new LabError('variants/index.ts lost its "// lab:imports" or "// lab:variants" marker', 'restore the markers, then retry');
  }
  const updated = index
    .replace(IMPORTS_MARKER, `import ${identifier} from './${name}.ts';\n${IMPORTS_MARKER}`)
    .replace(VARIANTS_MARKER, `  ${identifier},\n${VARIANTS_MARKER}`);
  fs.writeFileSync(file, variantTemplate(name, description.trim()), { flag: 'wx' });
  try {
    fs.writeFileSync(indexFile, updated);
  } catch (e) {
    fs.rmSync(file, { force: true });
    throw e;
  }
  return file;
}
