// Builds the fused recurrent kernels (kernels/src) as N-API addons with
// node-gyp (native/binding.gyp), build output, git-ignored:
//   native/build/Release/rnn_kernels.node   for this machine's CPU (-march=native)
//   native/prebuilds/<platform>-<arch>/rnn_kernels.<variant>.node
//       the prebuilt variants the .vsix ships (baseline, avx2, avx512 on x64);
//       the engine loads the widest one the CPU runs when there is no build of its own
// Run by `npm run build`, `npm run package` and `npm run setup:native`; the
// engine prefers them to dist/kernels.wasm when they load. Offline: the Node
// headers come from the installed Node (npm_config_nodedir=/usr on Debian)
// instead of a download.
//
//   node native/build.mjs            fail when it cannot be built
//   node native/build.mjs --optional skip with a note instead
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const optional = process.argv.includes('--optional');
const release = join(here, 'build', 'Release');
const output = join(release, 'rnn_kernels.node');
// prebuildify's folder naming, so builds made elsewhere (a CI matrix) can sit beside these.
const prebuilds = join(here, 'prebuilds', `${process.platform}-${process.arch}`);

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
// The variants, under the names the engine looks for (core/src/engine/kernels/native-variants.ts).
rmSync(prebuilds, { recursive: true, force: true });
mkdirSync(prebuilds, { recursive: true });
const variants = readdirSync(release)
  .map((file) => /^rnn_kernels_(\w+)\.node$/.exec(file)?.[1])
  .filter(Boolean);
for (const variant of variants) copyFileSync(join(release, `rnn_kernels_${variant}.node`), join(prebuilds, `rnn_kernels.${variant}.node`));

// Load what this CPU surely runs once here, so a broken build shows now and not
// on the first training: the build for this machine and the baseline variant.
// (The tests load every variant the CPU runs and compare it with the wasm build.)
const probeScript = `
  const bits = (path) => { const k = require(path); if (!k.functions.includes('lstm_forward')) process.exit(2); return k.vectorBytes * 8; };
  console.log(bits(${JSON.stringify(output)}) + ' ' + bits(${JSON.stringify(join(prebuilds, 'rnn_kernels.baseline.node'))}));`;
const probe = spawnSync(process.execPath, ['-e', probeScript], { encoding: 'utf8' });
if (probe.status !== 0) stop(`the built addon does not load: ${(probe.stderr || '').split('\n').find((line) => /Error/.test(line)) ?? ''}`);
const [nativeBits] = probe.stdout.trim().split(' ');
console.log(`native kernels: built native/build/Release/rnn_kernels.node (${nativeBits}-bit vectors) and the prebuilt variants ${variants.join(', ')} in native/prebuilds/${process.platform}-${process.arch}/`);
