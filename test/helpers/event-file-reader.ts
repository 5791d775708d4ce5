// Reads TensorBoard event files back for the tests, independently of the
// writer's code paths: the TFRecord framing with both CRCs checked, and the
// Event protobuf decoded field by field with protobufjs's Reader.
import protobuf from 'protobufjs/minimal.js';
import { crc32c } from '@aws-crypto/crc32c';

export interface ReadHistogram {
  tag: string;
  min: number;
  max: number;
  num: number;
  sum: number;
  sumSquares: number;
  bucketLimit: number[];
  bucket: number[];
}

export interface ReadEvent {
  wallTime: number;
  step: number;
  fileVersion?: string;
  scalars: { tag: string; value: number }[];
  histograms: ReadHistogram[];
}

/** A repeated double, packed (wire type 2) or one value per field (wire type 1). */
function readDoubles(reader: protobuf.Reader, wireType: number, into: number[]): void {
  if (wireType === 1) {
    into.push(reader.double());
    return;
  }
  const packed = protobuf.Reader.create(reader.bytes());
  while (packed.pos < packed.len) into.push(packed.double());
}

/** HistogramProto (tensorflow/core/framework/summary.proto). */
function decodeHistogram(tag: string, data: Uint8Array): ReadHistogram {
  const reader = protobuf.Reader.create(data);
  const histogram: ReadHistogram = { tag, min: 0, max: 0, num: 0, sum: 0, sumSquares: 0, bucketLimit: [], bucket: [] };
  while (reader.pos < reader.len) {
    const tagAndType = reader.uint32();
    switch (tagAndType >>> 3) {
      case 1: histogram.min = reader.double(); break;
      case 2: histogram.max = reader.double(); break;
      case 3: histogram.num = reader.double(); break;
      case 4: histogram.sum = reader.double(); break;
      case 5: histogram.sumSquares = reader.double(); break;
      case 6: readDoubles(reader, tagAndType & 7, histogram.bucketLimit); break;
      case 7: readDoubles(reader, tagAndType & 7, histogram.bucket); break;
      default: reader.skipType(tagAndType & 7);
    }
  }
  return histogram;
}

function masked(data: Uint8Array): number {
  const crc = crc32c(data);
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

/** The records of a TFRecord file; throws on a bad length or data CRC, naming the offset. */
export function readRecords(bytes: Uint8Array): Uint8Array[] {
  const records: Uint8Array[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  while (offset < bytes.length) {
    const length = Number(view.getBigUint64(offset, true));
    if (view.getUint32(offset + 8, true) !== masked(bytes.subarray(offset, offset + 8))) throw new Error(`bad length CRC at ${offset}`);
    const data = bytes.subarray(offset + 12, offset + 12 + length);
    if (view.getUint32(offset + 12 + length, true) !== masked(data)) throw new Error(`bad data CRC at ${offset}`);
    records.push(data);
    offset += 12 + length + 4;
  }
  return records;
}

export function decodeEvent(data: Uint8Array): ReadEvent {
  const reader = protobuf.Reader.create(data);
  const event: ReadEvent = { wallTime: 0, step: 0, scalars: [], histograms: [] };
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    switch (tag >>> 3) {
      case 1: event.wallTime = reader.double(); break;
      case 2: event.step = Number(reader.int64()); break;
      case 3: event.fileVersion = reader.string(); break;
      case 5: {
        const summary = protobuf.Reader.create(reader.bytes());
        while (summary.pos < summary.len) {
          const summaryTag = summary.uint32();
          if (summaryTag >>> 3 !== 1) { summary.skipType(summaryTag & 7); continue; }
          const value = protobuf.Reader.create(summary.bytes());
          const scalar = { tag: '', value: Number.NaN };
          let histo: Uint8Array | undefined;
          while (value.pos < value.len) {
            const valueTag = value.uint32();
            if (valueTag >>> 3 === 1) scalar.tag = value.string();
            else if (valueTag >>> 3 === 2) scalar.value = value.float();
            else if (valueTag >>> 3 === 5) histo = value.bytes();
            else value.skipType(valueTag & 7);
          }
          if (histo) event.histograms.push(decodeHistogram(scalar.tag, histo));
          else event.scalars.push(scalar);
        }
        break;
      }
      default: reader.skipType(tag & 7);
    }
  }
  return event;
}
