// Loading the builds of the kernels: a build made from other sources (a stale
// dist/kernels.wasm or native addon, whose entry points take other arguments)
// is refused instead of being called with the wrong arguments; and the
// activations the kernels take, named as in the schema.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { KERNELS_ABI } from '../../core/src/engine/kernels/machine';
import { loadNativeMachine } from '../../core/src/engine/kernels/native-machine';
import { loadWasmMachine } from '../../core/src/engine/kernels/wasm-machine';
import { KERNEL_BUILDS } from './kernels-helpers';
import { ACTIVATIONS } from '../../core/src/language/schema/schema';
import { kernelSupportsActivation } from '../../core/src/engine/kernels/recurrent-kernels';

const dir = mkdtempSync(join(tmpdir(), 'rnn-kernel-builds-'));

function withEnv<T>(name: string, value: string, body: () => T): T {
  const previous = process.env[name];
  process.env[name] = value;
  try {
    return body();
  } finally {
    if (previous === undefined) delete process.env[name];
    else process.env[name] = previous;
  }
}

/** Signed LEB128, how an i32.const immediate is written. */
function signedLeb128(value: number): number[] {
  const bytes: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    const done = (value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0);
    bytes.push(done ? byte : byte | 0x80);
    if (done) return bytes;
  }
}

/** A wasm module importing a shared env.memory and exporting __heap_base and kernels_abi() = abi. */
function wasmReportingAbi(abi: number): Uint8Array {
  const name = [...Buffer.from('kernels_abi')];
  const heapBase = [...Buffer.from('__heap_base')];
  const imports = [0x01, 0x03, ...Buffer.from('env'), 0x06, ...Buffer.from('memory'), 0x02, 0x03, 0x20, 0x80, 0x80, 0x02];
  const exports = [0x02, name.length, ...name, 0x00, 0x00, heapBase.length, ...heapBase, 0x03, 0x00];
  const body = [0x00, 0x41, ...signedLeb128(abi), 0x0b]; // no locals; i32.const abi
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, // type: () -> i32
    0x02, imports.length, ...imports,
    0x03, 0x02, 0x01, 0x00, // one function of type 0
    0x06, 0x07, 0x01, 0x7f, 0x00, 0x41, 0x80, 0x08, 0x0b, // global i32 = 1024
    0x07, exports.length, ...exports,
    0x0a, body.length + 2, 0x01, body.length, ...body,
  ]);
}

test('a dist/kernels.wasm built from other sources is refused, one from these sources loads', () => {
  const stale = join(dir, 'stale.wasm');
  writeFileSync(stale, wasmReportingAbi(KERNELS_ABI - 1));
  assert.equal(withEnv('RNN_KERNELS_WASM', stale, () => loadWasmMachine(1)), null);
  const current = join(dir, 'current.wasm');
  writeFileSync(current, wasmReportingAbi(KERNELS_ABI));
  assert.equal(withEnv('RNN_KERNELS_WASM', current, () => loadWasmMachine(1))?.name, 'wasm');
});

test('a native addon built from other sources is refused, one from these sources loads', () => {
  // require() loads a .js module the way it loads an addon: enough to stand in for one.
  const fake = (abi: number) => {
    const path = join(dir, `addon-${abi}.js`);
    writeFileSync(path, `module.exports = { abi: ${abi}, functions: ['lstm_forward'], vectorBytes: 16, run() {} };`);
    return path;
  };
  const stale = withEnv('RNN_KERNELS_NATIVE', fake(KERNELS_ABI - 1), () => loadNativeMachine(1));
  assert.equal(stale.machine, null);
  assert.match(stale.problem ?? '', new RegExp(`addon-${KERNELS_ABI - 1}\\.js was built from other sources \\(ABI ${KERNELS_ABI - 1}, expected ${KERNELS_ABI}\\); rebuild it`));
  assert.equal(withEnv('RNN_KERNELS_NATIVE', fake(KERNELS_ABI), () => loadNativeMachine(1)).machine?.name, 'native');
  // A relative path is relative to the working directory, as a user means it.
  assert.equal(withEnv('RNN_KERNELS_NATIVE', relative(process.cwd(), fake(KERNELS_ABI)), () => loadNativeMachine(1)).machine?.name, 'native');
});

test('the builds this checkout made (npm run build, setup:native) load: they come from these sources', (t) => {
  const root = join(__dirname, '..', '..');
  const files = { wasm: join(root, 'dist', 'kernels.wasm'), native: join(root, 'native', 'build', 'Release', 'rnn_kernels.node') };
  const present = KERNEL_BUILDS.filter((b) => existsSync(files[b.build]));
  if (present.length === 0) return t.skip('nothing built here');
  for (const { build, kernels } of present) assert.ok(kernels, `${files[build]} exists but does not load (stale or broken: npm run build)`);
});

test('the kernels take every cell activation of the schema but softmax (it normalises across units)', () => {
  const supported = ACTIVATIONS.map((a) => a.name).filter(kernelSupportsActivation);
  assert.deepEqual(supported, ACTIVATIONS.map((a) => a.name).filter((name) => name !== 'softmax'));
});
