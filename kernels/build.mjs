// Compiles the fused kernels (kernels/src/*.c: the recurrent layers and the every-step output layer) to WebAssembly with
// SIMD using Debian's clang + lld (packages `clang` and `lld`): wasm32 target,
// no libc, no emscripten. Output: dist/kernels.wasm (build output, git-ignored).
//
//   node kernels/build.mjs            fail when clang cannot build it
//   node kernels/build.mjs --optional skip with a note when clang/lld are missing
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const optional = process.argv.includes('--optional');
const output = join(root, 'dist', 'kernels.wasm');

function findClang() {
  for (const candidate of [process.env.CLANG, 'clang', 'clang-16', 'clang-15', 'clang-14'].filter(Boolean)) {
    const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
    if (probe.status === 0) return candidate;
  }
  return undefined;
}

const clang = findClang();
if (!clang) {
  const message = 'kernels: clang not found (apt-get install -y clang lld); the fused kernels are not built and the engine uses the stock tfjs layers.';
  if (optional) {
    console.warn(message);
    process.exit(0);
  }
  console.error(message);
  process.exit(1);
}

mkdirSync(dirname(output), { recursive: true });
const args = [
  '--target=wasm32',
  '-msimd128',
  '-O3',
  '-nostdlib',
  '-ffreestanding',
  '-fno-builtin',
  '-Wall',
  // Shared memory, imported: a worker thread runs the same module on the same
  // memory (core/src/engine/kernels/kernel-threads.ts). The kernels use no stack and
  // no static data, so the instances share nothing else.
  '-matomics',
  '-mbulk-memory',
  '-Wl,--no-entry',
  '-Wl,--export=__heap_base',
  '-Wl,--import-memory',
  '-Wl,--shared-memory',
  '-Wl,--max-memory=2147483648',
  '-o',
  output,
  // Every kernel source: the helpers the units share are static inline in the headers.
  '-Wno-unused-function',
  join(root, 'kernels', 'src', 'recurrent.c'),
  join(root, 'kernels', 'src', 'output.c'),
];
try {
  execFileSync(clang, args, { stdio: 'inherit' });
} catch (error) {
  const message = `kernels: ${clang} could not build dist/kernels.wasm (see its output above; linking needs lld: apt-get install -y lld)`;
  if (optional) {
    console.warn(message);
    process.exit(0);
  }
  console.error(message);
  process.exit(1);
}
console.log(`kernels: built dist/kernels.wasm (${statSync(output).size} bytes) with ${clang}`);
