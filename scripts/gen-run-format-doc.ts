// Generates docs/run-format.md, the format of a run folder. The field tables
// come from the validators the reader uses (core/src/shared/run-schema.ts), so
// the documented schema and the checked one are the same; the prose around them
// is written here. test/unit/run-format-doc.test.ts fails when the committed
// file drifts from this output: run `npm run docs` after changing the schema.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod/mini';
import {
  eventTypeOf, HEARTBEAT_INTERVAL_MS, INSIGHT_HISTOGRAM_BINS, INSIGHT_PROBE_WINDOWS, INSIGHT_TRACE_BUDGET, HEARTBEAT_TIMEOUT_MS, METRICS_FILE, MODEL_FILE, NOTES_FILE, RESOLVED_SPEC_FILE, RESUME_DIR, RESUME_STATE_FILE,
  resumeStateSchema, RUN_FORMAT, runNotesSchema, runSummarySchema, SPEC_FILE, SUMMARY_FILE, TENSORBOARD_DIR, TRAIN_EVENT_SCHEMAS, TRASH_FOLDER,
  WEIGHTS_FILE,
} from '../core/src/run-store';
import { INSIGHT_FILE, INSIGHT_RECORD_SCHEMAS, insightKindOf } from '../core/src/shared';

/** The part of JSON Schema that zod's toJSONSchema writes for our schemas. */
interface JsonSchema {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  format?: string;
  minimum?: number;
  exclusiveMinimum?: number;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

const code = (text: unknown) => `\`${String(text)}\``;
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function typeText(schema: JsonSchema): string {
  if (schema.const !== undefined) return code(JSON.stringify(schema.const));
  if (schema.enum) return `one of ${schema.enum.map((value) => code(JSON.stringify(value))).join(', ')}`;
  if (schema.anyOf) return schema.anyOf.map(typeText).join(' or ');
  // A discriminated union of records (the insight event's): named by their kinds, each documented on its own.
  if (schema.oneOf) return `a record of ${code(INSIGHT_FILE)}: ${schema.oneOf.map((member) => code(JSON.stringify(member.properties?.kind?.const))).join(', ')}`;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes('null') && types.length === 2) {
    return `${typeText({ ...schema, type: types.find((t) => t !== 'null') })} (\`null\` for NaN or infinity)`;
  }
  switch (schema.type) {
    case 'integer':
    case 'number': {
      const lowest = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + (schema.type === 'integer' ? 1 : 0) : undefined);
      const name = schema.type === 'integer' ? 'integer' : 'number';
      return lowest === undefined || lowest <= -Number.MAX_SAFE_INTEGER ? name : `${name} ≥ ${lowest}`;
    }
    case 'string': return schema.format === 'date-time' ? 'ISO 8601 date and time' : 'string';
    case 'boolean': return 'boolean';
    case 'array': return `list of ${schema.items ? typeText(schema.items) : 'values'}`;
    case 'null': return '`null`';
    case 'object':
      if (schema.properties) return 'object';
      if (typeof schema.additionalProperties === 'object') return `object: name → ${typeText(schema.additionalProperties)}`;
      return 'object';
    default: return 'any JSON value';
  }
}

/** One row per field, nested objects (and objects in lists) as dotted names: `data.split.train`, `layers[].name`. */
function fieldRows(schema: JsonSchema, prefix = ''): string[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).flatMap(([name, field]) => {
    const path = prefix + name;
    const row = `| ${code(path)} | ${cell(typeText(field))} | ${required.has(name) ? 'yes' : 'no'} | ${cell(field.description ?? '')} |`;
    const nested = field.properties ? fieldRows(field, `${path}.`) : field.items?.properties ? fieldRows(field.items, `${path}[].`) : [];
    return [row, ...nested];
  });
}

function fieldTable(schema: z.ZodMiniType): string[] {
  // 'input': what the file holds, before the reader turns null metrics into NaN.
  // 'any' for the types JSON Schema cannot say (the insight record's custom check): their description still shows.
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return ['| field | type | required | meaning |', '|---|---|---|---|', ...fieldRows(json)];
}

function insightSections(): string[] {
  return INSIGHT_RECORD_SCHEMAS.flatMap((schema) => {
    const description = z.globalRegistry.get(schema)?.description ?? '';
    return [`### ${code(insightKindOf(schema))}`, '', description, '', ...fieldTable(schema), ''];
  });
}

function eventSections(): string[] {
  return TRAIN_EVENT_SCHEMAS.flatMap((schema) => {
    const description = z.globalRegistry.get(schema)?.description ?? '';
    return [`### ${code(eventTypeOf(schema))}`, '', description, '', ...fieldTable(schema), ''];
  });
}

export function renderRunFormatDoc(): string {
  return [
    `# The run format (format ${RUN_FORMAT})`,
    '',
    'Every training run is saved in a folder of its own, `<runs>/<Model>/<timestamp>/`, and never',
    'overwritten. The CLI, the language server and the VS Code extension read runs back with one reader',
    '(`core/src/run-store`), which checks each file against the schema this page is generated from',
    '(`core/src/shared/run-schema.ts`, `npm run docs`). A run folder the reader cannot use is listed as',
    'unreadable with the reason; it never stops the listing or the panel.',
    '',
    '## The folder',
    '',
    '- `<Model>` is the model\'s name with every character other than letters, digits, `_`, `.` and `-`',
    '  replaced by `_`.',
    '- `<timestamp>` is the UTC time the run started, `YYYY-MM-DDTHH-MM-SS` (no colons, so it is a valid',
    '  name everywhere); a second run in the same second gets `-2`, then `-3`, and so on. Folder names',
    '  order the runs, newest first.',
    '',
    '| file | what it holds | needed to read the run |',
    '|---|---|---|',
    `| ${code(SUMMARY_FILE)} | The run's summary: status, final metrics, data and layers (below). Written when the run starts and replaced whole (atomically) as it goes. | yes: without it the run is listed as unreadable |`,
    `| ${code(METRICS_FILE)} | Every training event, one JSON object per line, appended as it happens (below). A saved run replays from it exactly like a live one. | no: missing means no events |`,
    `| ${code(SPEC_FILE)} | The \`.rnn\` source the run was trained from, as it was. | no |`,
    `| ${code(RESOLVED_SPEC_FILE)} | The checked, fully resolved spec the run trained, as JSON: the model's bases (\`extends\`) and its sweep trial's values applied, defaults filled in. Written when the run is created; readers take a run's settings from it, and from ${code(SPEC_FILE)} when it is absent. | no: runs written before it existed have none |`,
    `| ${code(NOTES_FILE)} | What a person wrote about the run in the runs table (below); written by the editor, never by training. | no |`,
    `| ${code(MODEL_FILE)} + ${code(WEIGHTS_FILE)} | The trained model in the TensorFlow.js layers format: the topology and the weight manifest, then the weights' raw bytes in the manifest's order. Saved after every epoch and when the run ends (a failed run keeps its last epoch's); the weights are written first, so ${code(MODEL_FILE)} never names missing weights. With early stopping the run ends with the best epoch's weights here (\`weightsEpoch\`): the ones to predict with and export. | only to predict or export |`,
    `| ${code(`${RESUME_DIR}/`)} | The last epoch's checkpoint, to resume from (\`rnn train --resume\`): ${code(RESUME_STATE_FILE)} (below) and the tensor file it names, ${code('epoch-<n>.bin')}. Rewritten after every epoch: the tensors under a new name, then ${code(RESUME_STATE_FILE)}, then the older file goes, so ${code(RESUME_STATE_FILE)} always names a complete file. Unlike ${code(MODEL_FILE)} it holds the last epoch even when early stopping kept an earlier one. | only to resume |`,
    `| ${code(INSIGHT_FILE)} | What the recurrent layers do inside, recorded before training and after every epoch: the gradient's norm through time, the gates and states of one sequence, gate saturation, weight and gradient histograms (below). Appended as the run trains, bounded in size; absent with \`train { insight: false }\`. | no |`,
    `| ${code(`${TENSORBOARD_DIR}/`)} | TensorBoard event files (\`events.out.tfevents.*\`): \`batch/loss\` at every step, \`epoch/loss\`, \`epoch/val_loss\` and \`epoch/<metric>\` at every epoch, and with \`train { insight: true }\` the histograms of ${code(INSIGHT_FILE)} at every epoch (0: at initialisation) as \`layer<i>/weights/<block>/<gate>\` and \`layer<i>/gradients/<block>/<gate>\` (\`layer<i>_backward/...\` for a bidirectional layer's backward half); absent with \`train { tensorboard: false }\`. For \`tensorboard --logdir runs\`; RNN Studio does not read them. | no |`,
    '',
    'Files are written whole: a temporary file in the same folder, then a rename (the append-only',
    `${code(METRICS_FILE)}, ${code(INSIGHT_FILE)} and event files aside). Other files in the folder are ignored.`,
    '',
    `A folder whose name starts with a dot is not a model's: ${code(TRASH_FOLDER)} holds runs deleted where`,
    'the system has no trash, in the same `<Model>/<timestamp>` layout, to be moved back by hand.',
    '',
    `## ${code(SUMMARY_FILE)}`,
    '',
    'One JSON object. Fields not listed are ignored by readers.',
    '',
    ...fieldTable(runSummarySchema),
    '',
    `## ${code(NOTES_FILE)}`,
    '',
    'One JSON object, replaced whole. A damaged file reads as no notes; the run is still listed.',
    '',
    ...fieldTable(runNotesSchema),
    '',
    `## ${code(METRICS_FILE)}`,
    '',
    'One event per line, in the order they happened: a `start`, then `batch`, `epoch` and `log`',
    'events, an `error` when the run fails, and an `end`. A line that is not a valid event (the last',
    'line of a killed process, cut short) is skipped and counted; the other lines are still read. A',
    'line whose `type` is none of the types below is ignored: later versions may add event types.',
    'Numbers that JSON cannot hold (NaN, infinity) are written as `null` and read back as NaN.',
    `\`insight\` events are sent to the panel but never written here: ${code(INSIGHT_FILE)} holds their records.`,
    '',
    ...eventSections(),
    `## ${code(INSIGHT_FILE)}`,
    '',
    'Written with `train { insight: true }` (the default): what the recurrent layers do inside, measured on',
    'a fixed probe batch before the first batch (epoch 0) and after every epoch\'s validation. One JSON',
    'record per line, appended as it is measured: one `probe` record, then for each epoch and each',
    'recurrent layer (a bidirectional layer\'s forward, then backward direction; first layer first) its',
    '`gradients`, `trace` (when kept: below), `saturation` and `histograms` records. Each record is',
    `also sent as an \`insight\` event. A line that is not a valid record (the last line of a killed`,
    'process, or one being written while it is read) is skipped and counted; a record whose `kind` is',
    'none of those below is ignored: later versions may add kinds. Nothing written is changed or',
    'removed, so the file can be read while the run trains.',
    '',
    `- **The probe batch**: as many windows as a training batch (\`train.batch_size\`), at most ${INSIGHT_PROBE_WINDOWS}, of the`,
    '  validation part (all of them when it has fewer; the training part when there is none), so that',
    '  probing costs about one training step and fits its memory: the traced sequence,',
    '  `train.insight_sample`, first (sequence 0, with a warning in the run\'s log, when there is no such',
    '  sequence), then others drawn without replacement by a generator of its own seeded from the',
    '  run\'s seed. The same seed gives the same probe batch, and recording on or off gives the same',
    '  losses. Gradients, saturation and gradient histograms are measured on the whole probe batch with',
    '  the training loss and no dropout; traces on the traced sequence.',
    '- **A resumed run** (`rnn train --resume`) writes a file of its own: a `probe` record, the records of',
    '  the epoch it starts from (its parent\'s last, whose weights it put back), then its epochs, numbered',
    '  on from the parent\'s.',
    `- **Size**: \`gradients\`, \`saturation\` and \`histograms\` records are small (a number per time step, two`,
    `  per gate, ${INSIGHT_HISTOGRAM_BINS} bins per block, gate and kind) and written for every epoch. \`trace\` records grow with`,
    '  time steps × units (an lstm with 500 steps and 256 units: about 4 MB per epoch), so their lines',
    `  are kept within ${INSIGHT_TRACE_BUDGET / 1024 / 1024} MiB per file. When the first trace is written its size and the epochs planned`,
    '  fix the plan: every epoch keeps its trace when all fit; otherwise the first epoch, every s-th',
    '  epoch after it and the last planned one do, s the smallest stride that fits with one trace\'s',
    '  room to spare. That room takes the epoch whose weights early stopping keeps, when the plan did not',
    '  keep it. A run that is cancelled or stops early has the plan\'s traces so far. When one epoch\'s',
    '  traces take more than a third of the budget, three epochs keep theirs (the first, the last and',
    '  early stopping\'s), whatever their size. Norms and fractions are written with 7 significant',
    '  digits (float32\'s precision), traces as float32.',
    '- **Versions**: the file and the `insight` event are additions (a new file, a new event type, which',
    '  older readers ignore), so the format number stayed 1 (see "Versions").',
    '',
    ...insightSections(),
    `## ${code(`${RESUME_DIR}/${RESUME_STATE_FILE}`)}`,
    '',
    'Where the last complete epoch left the training, so that a resumed run continues it exactly: with',
    'the same spec and seed, training 2 epochs and resuming for 2 gives the losses of training 4 at once.',
    `The tensors are in the file \`file\` names, one after the other, as \`tensors\` lists them. A run that`,
    `resumes another is a new run folder whose ${code(SUMMARY_FILE)} has \`resumedFrom\`; its epochs and steps`,
    'are numbered on from the parent\'s, so its curves continue where the parent\'s stopped.',
    '',
    ...fieldTable(resumeStateSchema),
    '',
    '## Runs that stop without an end',
    '',
    'A process that dies mid-run (killed, a second Ctrl-C, a window reload, a power cut) leaves',
    `${code(SUMMARY_FILE)} at \`"running"\`. So that such a run is not shown as running forever, the writer`,
    `records its \`host\` and \`pid\` and rewrites \`heartbeat\` after every epoch and every ${HEARTBEAT_INTERVAL_MS / 1000} seconds of batches,`,
    'and a reader judges a `"running"` run:',
    '',
    '- written on the reader\'s host (same `host`) with a `pid`: running while that process exists;',
    '  interrupted once it is gone, or when the heartbeat is older than the machine\'s last boot (the',
    '  process id was reused);',
    `- written on another host, or without a \`pid\`: running while the heartbeat is at most`,
    `  ${HEARTBEAT_TIMEOUT_MS / 1000} seconds old, interrupted after that; without a \`heartbeat\` (older writers), the newer of`,
    `  the modification times of ${code(SUMMARY_FILE)} and ${code(METRICS_FILE)} stands in for it.`,
    '',
    '"Interrupted" is only ever shown, never written: a writer on another host that stalls and beats',
    'again reads as running again. Its checkpoint (`weightsEpoch`) stays usable. These three fields are',
    'optional additions, so the format number stayed 1 (see "Versions").',
    '',
    '## Versions',
    '',
    `\`format\` in ${code(SUMMARY_FILE)} is the run format number; this version writes and reads up to`,
    `format ${RUN_FORMAT}. Runs written before the number existed have no \`format\` field and the same`,
    'fields as format 1; they read as format 1.',
    '',
    '- **Additions keep the number**: a new optional field, a new event type or a new file. A reader',
    '  ignores fields, event types and files it does not know, so older versions read newer runs of the',
    '  same format.',
    '- **Anything an older reader would misread bumps it**: a field removed, renamed, made required, or',
    '  given another type, unit or meaning; a new value of an enumerated field (`status`, `code`,',
    '  `task`, ...); a file that becomes needed.',
    '- A reader reads every format up to its own (older formats are read as what they were), and refuses',
    '  a newer one with the reason, e.g. "written by a newer RNN Studio (run format 2); this version',
    '  reads up to 1". It never guesses.',
    '',
    '## Runs written elsewhere',
    '',
    'Another program (an exported PyTorch script, say) writes a run RNN Studio can open by following',
    'this page:',
    '',
    `1. Make the folder \`<runs>/<Model>/<timestamp>/\` as above.`,
    `2. Write ${code(SUMMARY_FILE)} with \`"format": ${RUN_FORMAT}\` and every required field. Write it again,`,
    '   whole, when the run ends. While it runs, rewrite it with a fresh `heartbeat` every few seconds',
    '   (and `host` and `pid`), or it reads as interrupted.',
    `3. Append the events to ${code(METRICS_FILE)} as they happen, one line each: a \`start\` first, an`,
    '   `end` last, each with every required field of its type.',
    `4. Optionally copy the spec to ${code(SPEC_FILE)} (the panel shows what changed between runs from it).`,
    `5. ${code(MODEL_FILE)} and ${code(WEIGHTS_FILE)} only when the model is in the TensorFlow.js layers`,
    '   format; leave them out otherwise. The run is still listed and replayed.',
    '',
  ].join('\n');
}

export const RUN_FORMAT_DOC_PATH = join(__dirname, '..', 'docs', 'run-format.md');

if (process.argv[1]?.endsWith('gen-run-format-doc.ts')) {
  writeFileSync(RUN_FORMAT_DOC_PATH, renderRunFormatDoc());
}
