// Builds the fused recurrent kernels (kernels/src) for this machine's CPU as
// an N-API addon with node-gyp: native/build/Release/rnn_kernels.node (build
// output, git-ignored). Run by `npm run setup:native`; the engine prefers it to
// dist/kernels.wasm when it loads. Offline: the Node headers come from the
// installed Node (npm_config_nodedir=/usr on Debian) instead of a download.
//
//   node native/build.mjs            fail when it cannot be built
//   node native/build.mjs --optional skip with a note instead
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const optional = process.argv.includes('--optional');
const output = join(here, 'build', 'Release', 'rnn_kernels.node');

function stop(message) {
  (optional ? console.warn : console.error)(`native kernels: ${message}`);
  process.exit(optional ? 0 : 1);
}

/** npm's own node-gyp: npm names it in npm_config_node_gyp for scripts; else look beside npm. */
function findNodeGyp() {
  const candidates = [process.env.npm_config_node_gyp];
  const npmRoot = spawnSync('npm', ['root', '-g'], { encoding: 'utf8' });
  if (npmRoot.status === 0) candidates.push(join(npmRoot.stdout.trim(), 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  try {
    candidates.push(createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js'));
  } catch {
    // not installed locally: fine
  }
  return candidates.find((path) => path && existsSync(path));
}

/** Headers of the Node that runs us, so node-gyp needs no download. */
function nodeHeadersDir() {
  if (process.env.npm_config_nodedir) return process.env.npm_config_nodedir;
  const prefix = join(dirname(process.execPath), '..');
  return existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? prefix : undefined;
}

const nodeGyp = findNodeGyp();
if (!nodeGyp) stop('node-gyp not found (it ships with npm); the engine uses the WebAssembly kernels.');
const cc = spawnSync(process.env.CC ?? 'cc', ['--version'], { encoding: 'utf8' });
if (cc.status !== 0) stop('no C compiler (apt-get install -y build-essential); the engine uses the WebAssembly kernels.');
const nodedir = nodeHeadersDir();
if (!nodedir) stop(`no Node headers next to ${process.execPath} (set npm_config_nodedir); the engine uses the WebAssembly kernels.`);

try {
  execFileSync(process.execPath, [nodeGyp, 'rebuild', '--loglevel=warn', '--directory', here, `--nodedir=${nodedir}`], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, npm_config_nodedir: nodedir },
  });
} catch {
  stop('node-gyp could not build the addon (see the compiler output above).');
}
// Load it once here, so a broken build shows now and not on the first training.
const probe = spawnSync(process.execPath, ['-e', `const k = require(${JSON.stringify(output)}); if (!k.functions.includes('lstm_forward')) process.exit(2); console.log(k.vectorBytes * 8)`], {
  encoding: 'utf8',
});
if (probe.status !== 0) stop(`the built addon does not load: ${(probe.stderr || '').split('\n')[0]}`);
console.log(`native kernels: built native/build/Release/rnn_kernels.node (${probe.stdout.trim()}-bit vectors)`);
