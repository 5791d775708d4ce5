// The WebAssembly build runs the two halves of a batch in two instances of
// one module on one shared memory (core/src/engine/kernels/kernel-threads.ts).
// Each instance has its own stack pointer, but both start at the same address,
// so anything the compiler puts on the stack (a vector indexed by a variable,
// say) would be written by both halves at once. The kernels must keep
// nothing there: no entry point may move the stack pointer (global 0).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const wasm = join(__dirname, '..', '..', 'dist', 'kernels.wasm');
const objdump = ['llvm-objdump', 'llvm-objdump-16', 'llvm-objdump-15', 'llvm-objdump-14'].find((tool) => spawnSync(tool, ['--version']).status === 0);

test('the WebAssembly kernels keep nothing on the stack the two instances share', {
  skip: !existsSync(wasm) ? 'dist/kernels.wasm is not built (npm run build:kernels)' : !objdump && 'llvm-objdump not found (apt-get install llvm)',
}, () => {
  const listing = spawnSync(objdump!, ['-d', wasm], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).stdout;
  const functions = listing.split('\n').filter((line) => /^[0-9a-f]+ <\w+>:$/.test(line)).length;
  assert.ok(functions > 10, `the listing names the functions (${functions})`);
  let current = '';
  const moving: string[] = [];
  for (const line of listing.split('\n')) {
    const name = /^[0-9a-f]+ <(\w+)>:$/.exec(line)?.[1];
    if (name) current = name;
    else if (/\bglobal\.set\s+0\b/.test(line)) moving.push(current);
  }
  assert.deepEqual([...new Set(moving)], [], 'functions that move the stack pointer');
});
