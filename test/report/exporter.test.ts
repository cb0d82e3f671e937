import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EXPORTERS, exporterFor, FORMAT_NAMES } from '../../src/report/exporter.ts';
import { LabError } from '../../src/errors.ts';
import { reportInput } from './fixtures.ts';

test('the registry holds table, md, json, csv and html, each with an extension', () => {
  assert.deepEqual(FORMAT_NAMES, ['table', 'md', 'json', 'csv', 'html']);
  assert.deepEqual(
    EXPORTERS.map((e) => e.extension),
    ['txt', 'md', 'json', 'csv', 'html'],
  );
});

test('exporterFor finds a format by name, case-insensitively and through aliases', () => {
  assert.equal(exporterFor('csv').format, 'csv');
  assert.equal(exporterFor('HTML').format, 'html');
  assert.equal(exporterFor('markdown').format, 'md');
});

test('exporterFor rejects an unknown format with a LabError naming the known ones', () => {
  assert.throws(
    () => exporterFor('pdf'),
    (e: unknown) => e instanceof LabError && e.message.includes('"pdf"') && e.hint.includes('table, md, json, csv, html'),
  );
  // Not fooled by Object.prototype keys.
  assert.throws(() => exporterFor('constructor'), LabError);
});

test('every exporter renders the fixture to a non-empty string mentioning each variant', () => {
  const input = reportInput();
  for (const e of EXPORTERS) {
    const out = e.render(input, { color: false, sort: 'run', metric: 'total' });
    assert.ok(out.length > 0, e.format);
    for (const v of input.result.variants) assert.ok(out.includes(v.name), `${e.format} names ${v.name}`);
  }
});
