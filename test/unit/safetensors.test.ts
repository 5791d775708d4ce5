// The safetensors codec the weights travel in: round trips, the layout other
// readers expect (8-byte aligned data, offsets), and damaged files refused
// with the reason. (Python's own reader is checked in test/interop.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeSafetensors, encodeSafetensors, type NamedTensor } from '../../core/src/engine/interop/safetensors';

const tensors = new Map<string, NamedTensor>([
  ['hidden.0.forward.kernel', { shape: [1, 3], values: new Float32Array([0.5, -1.25, 3e-8]) }],
  ['output.bias', { shape: [1], values: new Float32Array([42]) }],
  ['empty', { shape: [0, 4], values: new Float32Array(0) }],
]);

function headerOf(bytes: Uint8Array): { length: number; json: Record<string, { dtype: string; shape: number[]; data_offsets: number[] }> } {
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  return { length, json: JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length))) };
}

/** A file from a header object and data bytes, for damaged cases. */
function fileOf(header: unknown, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

test('tensors and metadata come back as they went in, in order', () => {
  const decoded = decodeSafetensors(encodeSafetensors(tensors, { format: 'rnn-studio-weights', model: 'Sine' }));
  assert.deepEqual([...decoded.tensors.keys()], [...tensors.keys()]);
  for (const [name, tensor] of tensors) assert.deepEqual(decoded.tensors.get(name), tensor);
  assert.deepEqual(decoded.metadata, { format: 'rnn-studio-weights', model: 'Sine' });
});

test('the data starts 8-byte aligned and the offsets tile it, little-endian float32', () => {
  const bytes = encodeSafetensors(tensors);
  const { length, json } = headerOf(bytes);
  assert.equal((8 + length) % 8, 0);
  assert.deepEqual(json['hidden.0.forward.kernel'], { dtype: 'F32', shape: [1, 3], data_offsets: [0, 12] });
  assert.deepEqual(json['output.bias'].data_offsets, [12, 16]);
  assert.equal(bytes.length, 8 + length + 16);
  assert.equal(new DataView(bytes.buffer).getFloat32(8 + length + 12, true), 42);
});

test('float64 tensors are read as float32', () => {
  const data = new Uint8Array(16);
  new DataView(data.buffer).setFloat64(0, 1.5, true);
  new DataView(data.buffer).setFloat64(8, -2, true);
  const decoded = decodeSafetensors(fileOf({ w: { dtype: 'F64', shape: [2], data_offsets: [0, 16] } }, data));
  assert.deepEqual([...decoded.tensors.get('w')!.values], [1.5, -2]);
});

test('damaged files are refused with the reason, naming the tensor at fault', () => {
  const cases: [Uint8Array, RegExp][] = [
    [new Uint8Array(5), /shorter than its 8-byte header length/],
    [(() => { const b = fileOf({}); new DataView(b.buffer).setBigUint64(0, 1n << 40n, true); return b; })(), /header length .* does not fit/],
    [(() => { const b = fileOf({}); b[8] = 0x7b; b[9] = 0x7b; return b; })(), /header is not JSON/],
    [fileOf([1, 2]), /not a JSON object/],
    [fileOf({ ids: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, new Uint8Array(8)), /tensor ids has the data type I64/],
    [fileOf({ w: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, new Uint8Array(4)), /tensor w has no valid shape/],
    [fileOf({ w: { dtype: 'F32', shape: [1], data_offsets: [0] } }, new Uint8Array(4)), /tensor w has no valid data offsets/],
    [fileOf({ w: { dtype: 'F32', shape: [3], data_offsets: [0, 12] } }, new Uint8Array(8)), /tensor w: its data offsets do not match/],
  ];
  for (const [bytes, message] of cases) {
    assert.throws(() => decodeSafetensors(bytes), (error: Error) => /^not a safetensors file: /.test(error.message) && message.test(error.message));
  }
});
