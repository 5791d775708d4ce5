// Labelled sequences out of a CSV table, in long format (one row per step,
// rows grouped by an id column, ordered by an optional time column) or wide
// format (one row per sequence, the value columns step after step). Errors
// name the line and the argument at fault, as the series CSV's do.
import type { SequencesArgs } from '../../../shared';
import { t } from '../../../shared';
import { numericColumns, quoteBounded, selectColumns, type CsvTable } from '../csv';
import { DataError } from '../types';

export interface LabelledSequences {
  /** Each sequence's values, its steps × `features`, row-major; lengths vary in long format. */
  values: Float32Array[];
  /** Each sequence's label, as written. */
  labels: string[];
  features: number;
  /** The value columns, in order. */
  columns: string[];
}

type ColumnArg = 'label' | 'id' | 'time';

function columnIndex(table: CsvTable, args: SequencesArgs, arg: ColumnArg): number | undefined {
  const name = args[arg];
  if (name === undefined) return undefined;
  try {
    return selectColumns(table, { column: name })[0];
  } catch (error) {
    // The same message, at this argument rather than at csv's `column`.
    if (error instanceof DataError) throw new DataError(error.code, error.message, arg);
    throw error;
  }
}

/** The value columns: the ones named, else every numeric column that is not the label, id or time. */
function valueColumns(table: CsvTable, args: SequencesArgs, reserved: number[]): number[] {
  if (args.columns !== undefined) return selectColumns(table, { columns: args.columns });
  const numeric = table.rows.length === 0 ? [] : selectColumns(table, {}).filter((index) => !reserved.includes(index));
  if (numeric.length === 0) {
    throw new DataError('data-unusable', t('the CSV file has no numeric column besides the label, id and time columns: name the value columns with `columns`'), 'path');
  }
  return numeric;
}

function labelOf(table: CsvTable, row: number, column: number): string {
  const label = table.rows[row][column];
  if (label === undefined || label === '') {
    const line = table.lines[row];
    throw new DataError('data-unreadable', t('line {0}, column {1}: the label is missing', line, quoteBounded(table.header[column])), 'label', undefined,
      { line, column: column + 1 });
  }
  return label;
}

/**
 * The sequences of `table`. `timesteps` is the steps of a wide row; `complete`
 * false means the table is a head cut off in the file, so the last sequence of
 * a long table may go on past it and is left out.
 */
export function readSequences(table: CsvTable, args: SequencesArgs, timesteps: number, complete = true): LabelledSequences {
  const label = columnIndex(table, args, 'label')!;
  if (table.rows.length === 0) throw new DataError('data-unusable', t('the CSV file holds no sequence'), 'path');
  const id = columnIndex(table, args, 'id');
  const time = columnIndex(table, args, 'time');
  if (time !== undefined && id === undefined) {
    throw new DataError('data-unusable', t('`time` orders the steps of a sequence in long format: give `id` too, or leave `time` out'), 'time');
  }
  const reserved = [label, id, time].filter((index): index is number => index !== undefined);
  const indices = valueColumns(table, args, reserved);
  const choice = args.columns !== undefined ? { columns: args.columns } : {};
  const values = numericColumns(table, indices, choice);
  const width = indices.length;
  const columns = indices.map((index) => table.header[index]);
  if (id === undefined) return wideSequences(table, values, width, timesteps, label, columns, args);

  const times = time === undefined ? undefined : numericColumns(table, [time], { column: args.time });
  const groups = new Map<string, number[]>();
  table.rows.forEach((row, r) => {
    const key = row[id] ?? '';
    let rows = groups.get(key);
    if (!rows) groups.set(key, (rows = []));
    rows.push(r);
  });
  const sequences: LabelledSequences = { values: [], labels: [], features: width, columns };
  const lastKey = table.rows.length ? table.rows[table.rows.length - 1][id] ?? '' : undefined;
  for (const [key, rows] of groups) {
    // Unless it is the only one: then its head is the best length known.
    if (!complete && key === lastKey && groups.size > 1) continue;
    if (times) rows.sort((a, b) => times[a] - times[b]);
    const first = labelOf(table, rows[0], label);
    for (const r of rows) {
      if (labelOf(table, r, label) !== first) {
        const line = table.lines[r];
        throw new DataError('data-unusable',
          t('line {0}: sequence {1} has the label {2} here but {3} on its first row: a sequence has one label', line, quoteBounded(key),
            quoteBounded(table.rows[r][label]), quoteBounded(first)),
          'label', undefined, { line, column: label + 1 });
      }
    }
    const sequence = new Float32Array(rows.length * width);
    rows.forEach((r, step) => sequence.set(values.subarray(r * width, (r + 1) * width), step * width));
    sequences.values.push(sequence);
    sequences.labels.push(first);
  }
  return sequences;
}

function wideSequences(
  table: CsvTable, values: Float32Array, width: number, timesteps: number, label: number, columns: string[], args: SequencesArgs,
): LabelledSequences {
  if (width % timesteps !== 0) {
    throw new DataError('data-unusable',
      t('wide format (no `id`): each row\'s {0} value columns must split into `timesteps` {1} steps of equal width; use a `timesteps` that divides {0}, choose `columns`, or give `id` for long format', width, timesteps),
      args.columns !== undefined ? 'columns' : 'path');
  }
  return {
    values: table.rows.map((_, r) => values.slice(r * width, (r + 1) * width)),
    labels: table.rows.map((_, r) => labelOf(table, r, label)),
    features: width / timesteps,
    columns,
  };
}
