// TensorBoard event files (`tensorboard/events.out.tfevents.*` in a run
// folder; engine-side, so the extension host's and the server's bundles, which
// read runs, do not carry the writer), so `tensorboard --logdir runs` shows RNN Studio runs beside
// others. No npm package writes them (tfjs-node's summary writer needs native
// TensorFlow), so the format is written here, on well-kept libraries for its
// two parts: records are TFRecord-framed (length, masked CRC32C of the
// length, data, masked CRC32C of the data; CRC32C from @aws-crypto/crc32c)
// and each holds an Event protobuf (tensorflow/core/util/event.proto; fields
// encoded with protobufjs's Writer): the first says the file version, the
// others carry scalar summaries and histograms (HistogramProto,
// tensorflow/core/framework/summary.proto).
import { crc32c } from '@aws-crypto/crc32c';
import { appendFileSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import protobuf from 'protobufjs/minimal.js';
import { TENSORBOARD_DIR } from '../../run-store';
import type { HistogramStats } from '../insight/histogram-bins';

export const EVENT_FILE_VERSION = 'brain.Event:2';

/** Protobuf wire types of the fields written. */
const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;
const key = (field: number, wireType: number) => (field << 3) | wireType;

export interface Scalar {
  tag: string;
  value: number;
}

/** A histogram TensorBoard's Histograms and Distributions tabs show at one step. */
export interface Histogram {
  tag: string;
  stats: HistogramStats;
}

/** HistogramProto: min (1), max (2), num (3), sum (4), sum_squares (5), bucket_limit (6) and bucket (7) as packed doubles. */
function writeHistogram(writer: protobuf.Writer, { min, max, num, sum, sumSquares, counts }: HistogramStats): void {
  writer.uint32(key(1, FIXED64)).double(min).uint32(key(2, FIXED64)).double(max).uint32(key(3, FIXED64)).double(num);
  writer.uint32(key(4, FIXED64)).double(sum).uint32(key(5, FIXED64)).double(sumSquares);
  // Bucket i holds values up to its limit; TensorBoard takes the first bucket's left edge from min and the last limit is max.
  const width = (max - min) / counts.length;
  writer.uint32(key(6, LENGTH_DELIMITED)).fork();
  counts.forEach((_, i) => writer.double(i === counts.length - 1 ? max : min + (i + 1) * width));
  writer.ldelim();
  writer.uint32(key(7, LENGTH_DELIMITED)).fork();
  for (const count of counts) writer.double(count);
  writer.ldelim();
}

/** An Event: wall_time (1), step (2), and file_version (3) or a summary (5) of simple_value scalars and histograms. */
export function encodeEvent(event: {
  wallTime: number; step: number; fileVersion?: string; scalars?: readonly Scalar[]; histograms?: readonly Histogram[];
}): Uint8Array {
  const writer = protobuf.Writer.create();
  writer.uint32(key(1, FIXED64)).double(event.wallTime);
  writer.uint32(key(2, VARINT)).int64(event.step);
  if (event.fileVersion !== undefined) writer.uint32(key(3, LENGTH_DELIMITED)).string(event.fileVersion);
  if (event.scalars || event.histograms) {
    writer.uint32(key(5, LENGTH_DELIMITED)).fork(); // Summary
    for (const { tag, value } of event.scalars ?? []) {
      // Summary.value (1): a Value with tag (1) and simple_value (2, float).
      writer.uint32(key(1, LENGTH_DELIMITED)).fork().uint32(key(1, LENGTH_DELIMITED)).string(tag).uint32(key(2, FIXED32)).float(value).ldelim();
    }
    for (const { tag, stats } of event.histograms ?? []) {
      // A Value with tag (1) and histo (5).
      writer.uint32(key(1, LENGTH_DELIMITED)).fork().uint32(key(1, LENGTH_DELIMITED)).string(tag);
      writer.uint32(key(5, LENGTH_DELIMITED)).fork();
      writeHistogram(writer, stats);
      writer.ldelim().ldelim();
    }
    writer.ldelim();
  }
  return writer.finish();
}

/** CRC32C rotated and offset, as TFRecord stores it (a CRC of data holding CRCs is weak otherwise). */
export function maskedCrc32c(data: Uint8Array): number {
  const crc = crc32c(data);
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

/** One TFRecord: length (uint64 LE), its masked CRC, the data, the data's masked CRC. */
export function frameRecord(data: Uint8Array): Uint8Array {
  const record = new Uint8Array(12 + data.length + 4);
  const view = new DataView(record.buffer);
  view.setBigUint64(0, BigInt(data.length), true);
  view.setUint32(8, maskedCrc32c(record.subarray(0, 8)), true);
  record.set(data, 12);
  view.setUint32(12 + data.length, maskedCrc32c(data), true);
  return record;
}

/**
 * Appends events to one event file of a run's tensorboard/ folder. Records
 * are kept until `flush` (per epoch and at the end), so a batch costs no write.
 */
export class EventFileWriter {
  readonly path: string;
  private pending: Uint8Array[] = [];

  constructor(runDir: string, now = Date.now()) {
    const dir = join(runDir, TENSORBOARD_DIR);
    mkdirSync(dir, { recursive: true });
    // TensorBoard finds event files by "tfevents" in the name; the rest keeps names apart.
    this.path = join(dir, `events.out.tfevents.${Math.floor(now / 1000)}.${hostname()}.${process.pid}`);
    this.pending.push(frameRecord(encodeEvent({ wallTime: now / 1000, step: 0, fileVersion: EVENT_FILE_VERSION })));
    this.flush();
  }

  /** Scalars at one step (NaN and infinities are written as they are: TensorBoard shows them). */
  add(step: number, scalars: readonly Scalar[], time = Date.now()): void {
    if (scalars.length > 0) this.pending.push(frameRecord(encodeEvent({ wallTime: time / 1000, step, scalars })));
  }

  /** Histograms at one step. */
  addHistograms(step: number, histograms: readonly Histogram[], time = Date.now()): void {
    if (histograms.length > 0) this.pending.push(frameRecord(encodeEvent({ wallTime: time / 1000, step, histograms })));
  }

  flush(): void {
    if (this.pending.length === 0) return;
    const records = Buffer.concat(this.pending);
    this.pending = [];
    appendFileSync(this.path, records);
  }
}
