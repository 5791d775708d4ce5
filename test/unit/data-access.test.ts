// Data access with least privilege (issue 13, finding 1): only regular files
// are opened, only a bounded head is checked, and paths outside the .rnn
// file's folder are refused unless the user allows them.
import { spawnSync } from 'node:child_process';
import { openSync, closeSync, writeSync, ftruncateSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkText } from '../../core/src/language/check/checker';
import { CHECK_HEAD_BYTES, nodeFileSystem } from '../../core/src/language/data-files/source-file';
import type { FileSystem } from '../../core/src/shared';
import { model } from '../helpers/diagnostic-cases';
import { folderWith as makeFolder } from '../helpers/temp-folder';

const root = resolve(__dirname, '..', '..');
const rnnBin = join(root, 'bin', 'rnn.js');

/** `rnn` as a child process: a read that blocks or never ends is killed by the timeout, and then the test fails. */
function rnn(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [rnnBin, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, signal: result.signal };
}

const csvModel = (path: string) => model({ data: `data: csv(path: ${JSON.stringify(path)})`, input: 'input { timesteps: 5 }', output: 'output { activation: linear }' });

const folderWith = (files: Record<string, string>) => makeFolder(files, 'rnn-data-access-');

const CSV = 't,value\n' + Array.from({ length: 60 }, (_, i) => `${i},${Math.sin(i)}`).join('\n') + '\n';

describe('only regular files are read', () => {
  it('a FIFO as the data file: rnn check returns with an error instead of blocking', () => {
    const dir = folderWith({ 'model.rnn': csvModel('pipe.csv') });
    assert.equal(spawnSync('mkfifo', [join(dir, 'pipe.csv')]).status, 0, 'mkfifo works here');
    const { code, stdout, signal } = rnn(['check', 'model.rnn'], dir);
    assert.equal(signal, null, 'rnn check was not killed by the timeout');
    assert.equal(code, 1);
    assert.match(stdout, /model\.rnn:2:\d+: error: .*pipe\.csv is not a regular file .*\[data-not-allowed\]/);
  });

  it('/dev/zero as the data file: rnn check returns with an error, memory bounded', () => {
    const dir = folderWith({ 'model.rnn': csvModel('/dev/zero') });
    const { code, stdout, signal } = rnn(['check', '--allow-data-outside', 'model.rnn'], dir);
    assert.equal(signal, null, 'rnn check was not killed');
    assert.equal(code, 1);
    assert.match(stdout, /\/dev\/zero is not a regular file .*\[data-not-allowed\]/);
  });

  it('a symlink is judged by its target: a link to a FIFO is refused', () => {
    const dir = folderWith({ 'model.rnn': csvModel('link.csv') });
    spawnSync('mkfifo', [join(dir, 'pipe')]);
    symlinkSync(join(dir, 'pipe'), join(dir, 'link.csv'));
    const { diagnostics } = checkText(csvModel('link.csv'), { path: join(dir, 'model.rnn') });
    assert.ok(diagnostics.some((d) => d.code === 'data-not-allowed' && /not a regular file/.test(d.message)), JSON.stringify(diagnostics));
  });

  it('the checker reads a bounded head of a large file, never the whole of it', () => {
    const dir = folderWith({ 'model.rnn': csvModel('big.csv') });
    // Real rows well past the head, so the file is valid CSV however much is read.
    const fd = openSync(join(dir, 'big.csv'), 'w');
    writeSync(fd, 't,value\n');
    const rows = Array.from({ length: 20_000 }, (_, i) => `${i},${i % 7}`).join('\n') + '\n';
    for (let written = 0; written <= CHECK_HEAD_BYTES * 2; written += rows.length) writeSync(fd, rows);
    closeSync(fd);
    let headBytes = 0;
    const spy: FileSystem = {
      ...nodeFileSystem,
      readText: () => assert.fail('the checker read a whole data file'),
      readHead: (path, maxBytes) => {
        headBytes = maxBytes;
        return nodeFileSystem.readHead!(path, maxBytes);
      },
    };
    const { diagnostics } = checkText(csvModel('big.csv'), { path: join(dir, 'model.rnn'), fs: spy });
    assert.deepEqual(diagnostics.filter((d) => d.severity === 'error'), []);
    assert.ok(headBytes > 0 && headBytes <= CHECK_HEAD_BYTES);
  });

  it('a sparse 3 GB file is checked from its head and returns', () => {
    const dir = folderWith({ 'model.rnn': csvModel('huge.csv') });
    const fd = openSync(join(dir, 'huge.csv'), 'w');
    writeSync(fd, CSV);
    ftruncateSync(fd, 3 * 1024 ** 3);
    closeSync(fd);
    const head = nodeFileSystem.readHead!(join(dir, 'huge.csv'), CHECK_HEAD_BYTES);
    assert.equal(head?.truncated, true);
    assert.equal(head?.text.length, CHECK_HEAD_BYTES);
  });
});

describe('paths outside the .rnn file\'s folder', () => {
  const outside = folderWith({ 'secret.csv': 'root:x:0:0:root:/root:/bin/bash-and-a-long-tail-of-the-first-line\ndaemon:x:1:1:daemon:/usr/sbin\n' });
  const project = folderWith({ 'data/series.csv': CSV });

  it('a relative path up and out is refused, naming the flag; the file is neither read nor quoted', () => {
    writeFileSync(join(project, 'model.rnn'), csvModel(join('..', outside.split('/').pop()!, 'secret.csv')));
    const { code, stdout } = rnn(['check', 'model.rnn'], project);
    assert.equal(code, 1);
    assert.match(stdout, /is outside .*--allow-data-outside.*\[data-not-allowed\]/);
    assert.doesNotMatch(stdout, /root:x/);
  });

  it('an absolute path outside is refused before saying whether the file exists', () => {
    writeFileSync(join(project, 'model.rnn'), csvModel('/etc/no-such-file-rnn.csv'));
    const { stdout } = rnn(['check', 'model.rnn'], project);
    assert.match(stdout, /\[data-not-allowed\]/);
    assert.doesNotMatch(stdout, /data-file-missing/);
  });

  it('a symlink inside the folder that points outside is refused', () => {
    symlinkSync(join(outside, 'secret.csv'), join(project, 'data', 'link.csv'));
    const { diagnostics } = checkText(csvModel('data/link.csv'), { path: join(project, 'model.rnn') });
    assert.ok(diagnostics.some((d) => d.code === 'data-not-allowed'), JSON.stringify(diagnostics));
  });

  it('with --allow-data-outside the file is read, and only a bounded header is quoted', () => {
    writeFileSync(join(project, 'model.rnn'), csvModel(join(outside, 'secret.csv')));
    const { stdout } = rnn(['check', '--allow-data-outside', 'model.rnn'], project);
    assert.doesNotMatch(stdout, /data-not-allowed/);
    assert.match(stdout, /no numeric column/);
    const quoted = /columns: (.*)\)/.exec(stdout)?.[1] ?? '';
    assert.ok(quoted.length > 0 && quoted.length < 40, quoted);
    assert.doesNotMatch(stdout, /long-tail|daemon/);
  });

  it('a path inside the folder is read as before', () => {
    writeFileSync(join(project, 'model.rnn'), csvModel('data/series.csv'));
    const { code, stdout } = rnn(['check', 'model.rnn'], project);
    assert.equal(code, 0, stdout);
  });
});
