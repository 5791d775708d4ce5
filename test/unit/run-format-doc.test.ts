import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as z from 'zod/mini';
import { renderRunFormatDoc, RUN_FORMAT_DOC_PATH } from '../../scripts/gen-run-format-doc';
import { eventTypeOf, RUN_FORMAT, runSummarySchema, TRAIN_EVENT_SCHEMAS } from '../../core/src/run-store';

test('docs/run-format.md is what the generator writes from the schema (run `npm run docs` after a schema change)', () => {
  assert.equal(readFileSync(RUN_FORMAT_DOC_PATH, 'utf8'), renderRunFormatDoc());
});

/** Every field name of an object schema, nested ones dotted (`data.split.gap`) and list items marked (`layers[].name`). */
function fieldNames(schema: z.ZodMiniType, prefix = ''): string[] {
  if (schema instanceof z.ZodMiniOptional || schema instanceof z.ZodMiniNullable) return fieldNames(schema.def.innerType as z.ZodMiniType, prefix);
  if (schema instanceof z.ZodMiniArray) return fieldNames(schema.def.element as z.ZodMiniType, `${prefix.slice(0, -1)}[].`);
  if (!(schema instanceof z.ZodMiniObject)) return [];
  return Object.entries(schema.shape).flatMap(([key, field]) => [prefix + key, ...fieldNames(field as z.ZodMiniType, `${prefix}${key}.`)]);
}

test('the run format doc has a row for every field of summary.json and of every event type, and names the format', () => {
  const doc = renderRunFormatDoc();
  assert.ok(doc.startsWith(`# The run format (format ${RUN_FORMAT})`));
  const sections = doc.split(/^#+ /m);
  const section = (title: string) => sections.find((s) => s.startsWith(title)) ?? '';
  for (const name of fieldNames(runSummarySchema)) assert.ok(section('`summary.json`').includes(`| \`${name}\` |`), `summary.json: ${name} is not documented`);
  for (const schema of TRAIN_EVENT_SCHEMAS) {
    const type = eventTypeOf(schema);
    for (const name of fieldNames(schema)) assert.ok(section(`\`${type}\``).includes(`| \`${name}\` |`), `${type} event: ${name} is not documented`);
  }
});
