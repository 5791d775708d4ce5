// The safetensors format (a JSON header and raw little-endian data, loaded
// without running code), for the weights RNN Studio exchanges with PyTorch
// and Keras.
// Written here rather than taken from npm: the registry's `safetensors` is a
// single 0.0.1 release, and the whole format is the 8-byte length, the header
// and the data (test/interop checks it against Python's safetensors reader).
import { t } from '../../shared';

export interface NamedTensor {
  shape: number[];
  values: Float32Array;
}

export interface SafetensorsContent {
  tensors: Map<string, NamedTensor>;
  metadata: Record<string, string>;
}

const DTYPE_BYTES: Record<string, number> = { F32: 4, F64: 8 };
/** More header than any weights file of a recurrent network needs: a damaged length is refused before it is read. */
const MAX_HEADER_BYTES = 16 * 1024 * 1024;

/** Tensors (float32, in the given order) and string metadata as one safetensors file. */
export function encodeSafetensors(tensors: Map<string, NamedTensor>, metadata: Record<string, string> = {}): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const [name, tensor] of tensors) {
    const bytes = tensor.values.length * 4;
    header[name] = { dtype: 'F32', shape: tensor.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  // The data starts 8-byte aligned: the header is padded with spaces, as the reference writer does.
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - ((Buffer.byteLength(json) + 8) % 8)) % 8);
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const tensor of tensors.values()) {
    const data = new DataView(out.buffer, at, tensor.values.length * 4);
    tensor.values.forEach((value, i) => data.setFloat32(i * 4, value, true));
    at += tensor.values.length * 4;
  }
  return out;
}

/** Reads a safetensors file; float32 and float64 tensors come back as float32. Throws with the reason when it is not one. */
export function decodeSafetensors(bytes: Uint8Array): SafetensorsContent {
  const fail = (reason: string): never => {
    throw new Error(t('not a safetensors file: {0}', reason));
  };
  if (bytes.length < 8) fail(t('it is shorter than its 8-byte header length'));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (headerLength > MAX_HEADER_BYTES || 8 + headerLength > bytes.length) fail(t('its header length ({0} bytes) does not fit the file', headerLength));
  let header: Record<string, { dtype?: unknown; shape?: unknown; data_offsets?: unknown }>;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength)));
  } catch (error) {
    return fail(t('its header is not JSON ({0})', (error as Error).message));
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) fail(t('its header is not a JSON object'));
  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;
  const tensors = new Map<string, NamedTensor>();
  let metadata: Record<string, string> = {};
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') {
      metadata = Object.fromEntries(Object.entries((entry ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
      continue;
    }
    const { dtype, shape, data_offsets: offsets } = entry ?? {};
    const size = DTYPE_BYTES[String(dtype)];
    if (size === undefined) fail(t('tensor {0} has the data type {1}; weights are read as F32 or F64', name, String(dtype)));
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) fail(t('tensor {0} has no valid shape', name));
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isInteger(o) && o >= 0)) fail(t('tensor {0} has no valid data offsets', name));
    const [begin, end] = offsets as number[];
    const count = (shape as number[]).reduce((a, b) => a * b, 1);
    if (end < begin || end > dataLength || end - begin !== count * size) fail(t('tensor {0}: its data offsets do not match its shape or the file', name));
    const data = new DataView(bytes.buffer, bytes.byteOffset + dataStart + begin, end - begin);
    const values = new Float32Array(count);
    for (let i = 0; i < count; i++) values[i] = size === 4 ? data.getFloat32(i * 4, true) : data.getFloat64(i * 8, true);
    tensors.set(name, { shape: shape as number[], values });
  }
  return { tensors, metadata };
}
