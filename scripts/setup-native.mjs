// npm run setup:native: builds the native paths this machine allows and says,
// one line per step, what it did (built / already built / skipped: reason /
// failed: reason):
//   kernels addon  the fused kernels for this CPU and the prebuilt variants the
//                  .vsix ships (native/build.mjs, N-API addons)
//   tfjs-node      @tensorflow/tfjs-node's binding, built against the TensorFlow C
//                  library inside a Python tensorflow-cpu wheel (its own install
//                  script downloads libtensorflow from the internet instead)
// Exit 0 when every step built or was skipped for a missing prerequisite; 1
// when a step whose prerequisites are there failed. Build output goes to
// node_modules/.cache/setup-native/<step>.log. Running it again is cheap:
// a tfjs-node that already loads is left as it is.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const logDir = join(root, 'node_modules', '.cache', 'setup-native');
const TFJS_NODE = '@tensorflow/tfjs-node';
const tfjsNodeDir = join(root, 'node_modules', '@tensorflow', 'tfjs-node');
const GET_PYTHON_TF = 'python3 -m venv .venv-tf && .venv-tf/bin/pip install tensorflow-cpu==2.21.0';

/** A step's outcome: built, already built, skipped (a prerequisite is missing) or failed. */
class Outcome {
  constructor(status, detail) {
    this.status = status;
    this.detail = detail;
  }
}
const built = (detail) => new Outcome('built', detail);
const alreadyBuilt = (detail) => new Outcome('already built', detail);
const skipped = (reason) => new Outcome('skipped', reason);
const failed = (reason) => new Outcome('failed', reason);

/** Runs a command, output captured (and written to the step's log when `log` is given). */
function run(command, args, { cwd = root, env = process.env, log, timeout = 15 * 60_000 } = {}) {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout, maxBuffer: 64 * 1024 * 1024 });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (log) {
    mkdirSync(logDir, { recursive: true });
    writeFileSync(join(logDir, log), `$ ${[command, ...args].join(' ')}\n${output}`, { flag: 'a' });
  }
  const why = result.error ? result.error.message : result.signal ? `killed by ${result.signal}` : `exit code ${result.status}`;
  return { ok: result.status === 0, stdout: result.stdout ?? '', stderr: result.stderr ?? '', why };
}

const lastLine = (text) => text.split('\n').map((l) => l.trim()).filter(Boolean).pop() ?? '';
const logPath = (name) => join('node_modules', '.cache', 'setup-native', name);

function hasCompiler(names) {
  return names.some((name) => spawnSync(name, ['--version'], { stdio: 'ignore' }).status === 0);
}

// ---- kernels addon ------------------------------------------------------------

function kernelsAddon() {
  const script = join(root, 'native', 'build.mjs');
  if (!existsSync(script)) return skipped('native/build.mjs is not in this checkout');
  if (!hasCompiler([process.env.CC ?? 'cc'])) return skipped('no C compiler (apt-get install -y build-essential); the engine uses the WebAssembly kernels');
  rmSync(join(logDir, 'kernels-addon.log'), { force: true });
  const result = run(process.execPath, [script], { log: 'kernels-addon.log' });
  if (!result.ok) return failed(`${lastLine(result.stderr) || result.why} (full output: ${logPath('kernels-addon.log')})`);
  return built(lastLine(result.stdout));
}

// ---- tfjs-node ------------------------------------------------------------------

/** Loads tfjs-node in a child process (the way the engine does) and reports the backend it made active. */
function loadTfjsNode() {
  const probe = `const tf = require(${JSON.stringify(TFJS_NODE)}); console.log(JSON.stringify({ backend: tf.getBackend(), version: tf.version['tfjs-node'] }));`;
  const result = run(process.execPath, ['-e', probe], { timeout: 120_000 });
  if (!result.ok) {
    const error = result.stderr.split('\n').find((l) => /Error/.test(l)) ?? lastLine(result.stderr);
    return { error: (error || result.why).trim() };
  }
  const { backend, version } = JSON.parse(lastLine(result.stdout));
  return backend === 'tensorflow' ? { version } : { error: `it loads but the active backend is ${backend}, not tensorflow` };
}

/** The first Python that imports TensorFlow: its TF version and library folder (sysconfig.get_lib()). */
function findPythonTensorflow() {
  const candidates = [
    process.env.RNN_TF_PYTHON,
    join(root, '.venv-tf', 'bin', 'python'),
    join(homedir(), '.cache', 'rnn-studio', 'venv-tf', 'bin', 'python'),
    'python3',
  ].filter(Boolean);
  const tried = [];
  for (const python of candidates) {
    if (python.includes('/') && !existsSync(python)) continue;
    // The import takes 5-10 s; TF's C++ start-up logging goes to stderr, which is dropped.
    const result = run(python, ['-c', 'import tensorflow as tf; print(tf.__version__); print(tf.sysconfig.get_lib())'], {
      env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' },
      timeout: 180_000,
    });
    if (result.ok) {
      const [version, lib] = result.stdout.trim().split('\n').slice(-2);
      return { python, version, lib };
    }
    tried.push(python);
  }
  return { tried };
}

function installedVersion() {
  try {
    return JSON.parse(readFileSync(join(tfjsNodeDir, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/**
 * Puts tfjs-node's files (and its dependencies, exactly as package-lock.json
 * pins them) into node_modules without its install script, which would try to
 * download libtensorflow. `npm ci` leaves the optional dependency out because
 * that script fails offline; a plain install with --no-save --ignore-scripts
 * adds what the lockfile lists and node_modules lacks, and changes nothing else.
 */
function installTfjsNodeFiles(wanted) {
  const guarded = ['package.json', 'package-lock.json'].map((name) => {
    const path = join(root, name);
    return { name, path, text: existsSync(path) ? readFileSync(path, 'utf8') : undefined };
  });
  const npmCli = process.env.npm_execpath && /\.c?js$/.test(process.env.npm_execpath) ? [process.execPath, [process.env.npm_execpath]] : ['npm', []];
  const result = run(npmCli[0], [...npmCli[1], 'install', '--no-save', '--ignore-scripts', '--no-audit', '--no-fund'], { log: 'tfjs-node.log' });
  const changed = guarded.filter((g) => g.text !== undefined && readFileSync(g.path, 'utf8') !== g.text);
  for (const g of changed) writeFileSync(g.path, g.text);
  if (changed.length) return `npm changed ${changed.map((g) => g.name).join(' and ')} (put back as it was)`;
  if (!result.ok) return `npm install --no-save --ignore-scripts failed: ${lastLine(result.stderr) || result.why}`;
  const version = installedVersion();
  if (version !== wanted) return `npm installed ${TFJS_NODE} ${version ?? 'nowhere'}, not ${wanted}`;
  return undefined;
}

/** The symlinks tfjs-node's binding.gyp expects in deps/: the wheel's libtensorflow_cc under the libtensorflow names, and its headers. */
function linkTensorflow(lib) {
  const missing = ['libtensorflow_cc.so.2', 'libtensorflow_framework.so.2', join('include', 'tensorflow', 'c', 'c_api.h')].filter((f) => !existsSync(join(lib, f)));
  if (missing.length) return `${lib} lacks ${missing.join(', ')} (is it the tensorflow-cpu wheel?)`;
  const deps = join(tfjsNodeDir, 'deps');
  mkdirSync(join(deps, 'lib'), { recursive: true });
  const link = (target, path) => {
    rmSync(path, { force: true, recursive: true });
    symlinkSync(target, path);
  };
  for (const name of ['libtensorflow.so', 'libtensorflow.so.2', 'libtensorflow_cc.so.2']) link(join(lib, 'libtensorflow_cc.so.2'), join(deps, 'lib', name));
  for (const name of ['libtensorflow_framework.so', 'libtensorflow_framework.so.2']) link(join(lib, 'libtensorflow_framework.so.2'), join(deps, 'lib', name));
  link(join(lib, 'include'), join(deps, 'include'));
  return undefined;
}

/** node-pre-gyp --build-from-source, against the installed Node headers (no download). */
function buildBinding() {
  let preGyp;
  for (const dir of [join(tfjsNodeDir, 'node_modules'), join(root, 'node_modules')]) {
    const path = join(dir, '@mapbox', 'node-pre-gyp', 'bin', 'node-pre-gyp');
    if (existsSync(path)) preGyp = path;
    if (preGyp) break;
  }
  if (!preGyp) return `@mapbox/node-pre-gyp (a dependency of ${TFJS_NODE}) is not installed`;
  const env = { ...process.env };
  const prefix = join(dirname(process.execPath), '..');
  if (!env.npm_config_nodedir && existsSync(join(prefix, 'include', 'node', 'node_api.h'))) env.npm_config_nodedir = prefix;
  const result = run(process.execPath, [preGyp, 'install', '--build-from-source'], { cwd: tfjsNodeDir, env, log: 'tfjs-node.log' });
  if (result.ok) return undefined;
  const error = result.stderr.split('\n').find((l) => /error/i.test(l) && !/gyp (ERR|info)|not ok/.test(l));
  return `node-pre-gyp could not build the binding: ${(error ?? (lastLine(result.stderr) || result.why)).trim()} (full output: ${logPath('tfjs-node.log')})`;
}

function tfjsNode() {
  const wanted = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).optionalDependencies?.[TFJS_NODE];
  if (!wanted) return skipped(`package.json does not list ${TFJS_NODE}`);
  if (process.platform !== 'linux') return skipped(`building against the Python wheel's C library is set up for Linux only (this is ${process.platform})`);

  // Already set up: it loads. Nothing to build, and no slow Python import.
  let stale;
  if (installedVersion() === wanted && existsSync(join(tfjsNodeDir, 'deps', 'lib', 'libtensorflow.so'))) {
    const loaded = loadTfjsNode();
    if (!loaded.error) return alreadyBuilt(`${TFJS_NODE} ${loaded.version} loads; the tensorflow backend is active`);
    stale = loaded.error;
  }

  if (!hasCompiler([process.env.CXX ?? 'c++', 'g++']) || !hasCompiler(['make'])) {
    return skipped('no C++ compiler or make (apt-get install -y build-essential)');
  }
  const tf = findPythonTensorflow();
  if (!tf.lib) {
    const before = stale ? `the binding built earlier no longer loads (${stale}), and ` : '';
    return skipped(`${before}no Python that imports tensorflow (tried ${tf.tried.join(', ')}; RNN_TF_PYTHON names another); get one with: ${GET_PYTHON_TF}`);
  }
  rmSync(join(logDir, 'tfjs-node.log'), { force: true });
  if (installedVersion() !== wanted) {
    const problem = installTfjsNodeFiles(wanted);
    if (problem) return failed(problem);
  }
  const problem = linkTensorflow(tf.lib) ?? buildBinding();
  if (problem) return failed(problem);
  const loaded = loadTfjsNode();
  if (loaded.error) return failed(`the binding built but does not load: ${loaded.error}`);
  return built(`${TFJS_NODE} ${loaded.version} on TensorFlow ${tf.version} from ${tf.lib}; the tensorflow backend is active`);
}

// ---- main -----------------------------------------------------------------------

let failures = 0;
for (const [name, step] of [
  ['kernels addon', kernelsAddon],
  ['tfjs-node', tfjsNode],
]) {
  const started = Date.now();
  let outcome;
  try {
    outcome = step();
  } catch (error) {
    outcome = failed(error instanceof Error ? error.message : String(error));
  }
  if (outcome.status === 'failed') failures++;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const detail = outcome.detail ? `${outcome.status === 'built' || outcome.status === 'already built' ? ' — ' : ': '}${outcome.detail}` : '';
  console.log(`setup:native ${name}: ${outcome.status}${detail} (${seconds} s)`);
}
process.exit(failures ? 1 : 0);
