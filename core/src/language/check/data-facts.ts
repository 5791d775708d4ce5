// Inspects a model's data through the engine's inspectData and reports file
// problems at the argument at fault. The language server re-checks on every
// keystroke, so results for data files are cached by path, size and mtime.
import { statSync } from 'node:fs';
import type { DataSpec } from '../../shared';
import type { FileSystem } from './api';
import { inspectData } from '../data-files/inspect';
import { resolveDataPath, type DataAccessPolicy } from '../data-files/source-file';
import type { InspectResult } from '../data-files/types';
import { isPathType } from '../analysis/schema-lookup';
import type { ModelContext } from './model-context';

const MAX_CACHED = 32;
const cacheByFileSystem = new WeakMap<FileSystem, Map<string, { stamp: string; result: InspectResult }>>();

/** Stamps of files already looked at in one check of a file: many models often share one data file. */
export type StampMemo = Map<string, string | undefined>;

function fileStamp(path: string, memo: StampMemo): string | undefined {
  if (!memo.has(path)) {
    try {
      const stat = statSync(path);
      memo.set(path, `${stat.mtimeMs}:${stat.size}`);
    } catch {
      memo.set(path, undefined);
    }
  }
  return memo.get(path);
}

/** mtime and size of every file, or undefined when one is not a real file (then nothing is cached). */
function stampOf(paths: string[], baseDir: string, memo: StampMemo): string | undefined {
  const parts: string[] = [];
  for (const path of paths) {
    const stamp = fileStamp(resolveDataPath(path, baseDir), memo);
    if (stamp === undefined) return undefined;
    parts.push(stamp);
  }
  return parts.join('|');
}

function cachedInspect(
  data: DataSpec, timesteps: number, baseDir: string, fs: FileSystem, policy: DataAccessPolicy, paths: string[], memo: StampMemo,
): InspectResult {
  const stamp = paths.length ? stampOf(paths, baseDir, memo) : undefined;
  if (stamp === undefined) return inspectData(data, timesteps, baseDir, fs, policy);
  let cache = cacheByFileSystem.get(fs);
  if (!cache) cacheByFileSystem.set(fs, (cache = new Map()));
  const key = `${baseDir}\0${JSON.stringify(policy)}\0${timesteps}\0${JSON.stringify(data)}`;
  const hit = cache.get(key);
  if (hit && hit.stamp === stamp) return hit.result;
  const result = inspectData(data, timesteps, baseDir, fs, policy);
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
  cache.set(key, { stamp, result });
  return result;
}

/**
 * Sets `context.facts` when the data can be inspected. Data that needs files
 * is only inspected when the .rnn file's directory is known.
 */
export function inspectModelData(
  context: ModelContext, baseDir: string | undefined, fs: FileSystem, policy: DataAccessPolicy = {}, memo: StampMemo = new Map(),
): void {
  const source = context.calledFunction('data');
  const data = context.get<DataSpec>('data');
  if (!source || !data) return;
  const pathArgs = source.args.filter((arg) => isPathType(arg.type)).map((arg) => arg.key);
  if (pathArgs.length && baseDir === undefined) return;
  const paths = pathArgs.map((key) => context.get<unknown>(`data.${key}`)).filter((p): p is string => typeof p === 'string');
  const timesteps = context.get<number>('input.timesteps') ?? 1;
  const result = cachedInspect(data, timesteps, baseDir ?? '', fs, policy, paths, memo);
  if (result.ok) {
    context.facts = result.facts;
    return;
  }
  const call = context.valueNode('data');
  const argValue = call?.kind === 'call' ? call.args.find((a) => a.key.name === result.arg)?.value : undefined;
  const item = argValue?.kind === 'list' && result.item !== undefined ? argValue.items[result.item] : undefined;
  const range = (item ?? argValue)?.range ?? context.rangeOf('data');
  // Not reading the data (an untrusted workspace) is a choice, not a mistake in the spec.
  if (result.code === 'data-not-checked') context.reporter.info(result.code, range, result.message);
  else context.reporter.error(result.code, range, result.message);
}
