// The Python environments of the interop tests, and running the exported
// projects in them. Without an environment a test skips with the reason;
// RNN_REQUIRE_INTEROP=1 (CI, which creates them) makes that a failure.
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';

const CACHE = join(homedir(), '.cache', 'rnn-studio');
/** torch, ray[train], safetensors, numpy: python/requirements-interop.txt. */
export const INTEROP_VENV = join(CACHE, 'venv-interop');
/** tensorflow-cpu (Keras 3), safetensors, numpy: the Keras export's. */
export const KERAS_VENV = join(CACHE, 'venv-tf');
export const KERAS_ENV = { KERAS_BACKEND: 'tensorflow', TF_CPP_MIN_LOG_LEVEL: '3' };

/** The interpreter of `venv` if it imports `modules`, else why not. */
export function findPython(venv: string, modules: string[]): { python: string } | { reason: string } {
  const python = join(venv, 'bin', 'python');
  if (!existsSync(python)) return { reason: `no Python environment at ${venv} (.ci/run creates it)` };
  const probe = spawnSync(python, ['-c', `import ${modules.join(', ')}`], { encoding: 'utf8' });
  if (probe.status !== 0) return { reason: `${venv} cannot import ${modules.join(', ')}: ${probe.stderr.trim().split('\n').at(-1)}` };
  return { python };
}

/** The interpreter of `venv` that imports `modules`, or undefined after skipping the test (failing it under RNN_REQUIRE_INTEROP=1). */
export function requirePython(t: TestContext, venv: string, modules: string[], knownReason?: string): string | undefined {
  const found = knownReason ? { reason: knownReason } : findPython(venv, modules);
  if ('python' in found) return found.python;
  if (process.env.RNN_REQUIRE_INTEROP === '1') assert.fail(`RNN_REQUIRE_INTEROP=1 but ${found.reason}`);
  t.skip(found.reason);
  return undefined;
}

/** Runs `args` with `python` (or a program of its venv) in `cwd`; fails the test with the output when it exits non-zero. */
export function run(program: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  const result = spawnSync(program, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: '1', PYTHONDONTWRITEBYTECODE: '1', ...env },
    maxBuffer: 256 * 1024 * 1024,
  });
  assert.equal(result.status, 0, `${program} ${args.join(' ')} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result;
}

/** The program `name` (torchrun, ...) of the venv of `python`. */
export const venvProgram = (python: string, name: string) => join(python, '..', name);
