// npm run package: bundles everything (scripts/build.mjs), builds the kernels
// (the wasm module when clang is there; the native addon's prebuilt variants
// for this platform, which the .vsix must hold), then packs the extension with
// @vscode/vsce into rnn-studio-<version>.vsix, keeping only what .vscodeignore
// lets through, and prints what went in and how big it is.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const vsix = join(root, `${manifest.name}-${manifest.version}.vsix`);
const run = (command, args) => execFileSync(command, args, { cwd: root, stdio: 'inherit' });

run(process.execPath, [join(root, 'scripts', 'build.mjs')]);
run(process.execPath, [join(root, 'kernels', 'build.mjs'), '--optional']);
run(process.execPath, [join(root, 'native', 'build.mjs')]);
const nativeBaseline = `native/prebuilds/${process.platform}-${process.arch}/rnn_kernels.baseline.node`;
const required = [nativeBaseline, 'dist/extension.js', 'dist/server.js', 'dist/worker.js', 'dist/webview.js', 'dist/webview.css', 'dist/runs-table.js', 'dist/runs-table.css', 'dist/l10n/bundle.l10n.zh-cn.json'];
const missing = required.filter((file) => !existsSync(join(root, file)));
if (missing.length > 0) {
  console.error(`package: the build did not produce ${missing.join(', ')}`);
  process.exit(1);
}

const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
run(process.execPath, [vsce, 'package', '--allow-missing-repository', '--skip-license', '--allow-star-activation', '--no-rewrite-relative-links', '--out', vsix]);

// What went in, for the record (vsce ls applies the same rules as package).
const files = execFileSync(process.execPath, [vsce, 'ls'], { cwd: root, encoding: 'utf8' })
  .split('\n').filter(Boolean);
const wasm = files.filter((f) => f.endsWith('.wasm'));
const addons = files.filter((f) => f.endsWith('.node'));
console.log(`package: ${files.length} files, ${wasm.length} .wasm binaries (${wasm.join(', ')}), ${addons.length} native addons (${addons.join(', ')})`);
console.log(`package: ${vsix} (${(statSync(vsix).size / 1024 / 1024).toFixed(1)} MB)`);
