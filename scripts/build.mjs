// Bundles every front end with esbuild. tfjs stays external: tfjs-node and the
// wasm backend must register on the same tfjs-core instance the engine uses,
// and the wasm backend loads its .wasm files from its own package folder.
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');

const nodeExternals = ['@tensorflow/*', 'vscode'];
const entries = [
  // `trash` reads its platform helpers (and @stroncium/procfs its parsers) at run time, which a bundle cannot hold.
  { in: 'cli/src/main.ts', out: 'dist/cli.js', platform: 'node', external: [...nodeExternals, 'trash'] },
  { in: 'server/src/main.ts', out: 'dist/server.js', platform: 'node', external: nodeExternals },
  { in: 'client/src/extension.ts', out: 'dist/extension.js', platform: 'node', external: nodeExternals },
  { in: 'client/src/training/worker.ts', out: 'dist/worker.js', platform: 'node', external: nodeExternals },
  { in: 'client/webview/main.ts', out: 'dist/webview.js', platform: 'browser', external: [] },
  { in: 'client/webview/runs-table/main.ts', out: 'dist/runs-table.js', platform: 'browser', external: [] },
];

const builds = entries
  .filter((e) => existsSync(join(root, e.in)))
  .map(async (e) => {
    const options = {
      absWorkingDir: root,
      entryPoints: [e.in],
      outfile: e.out,
      bundle: true,
      platform: e.platform,
      format: e.platform === 'node' ? 'cjs' : 'iife',
      target: e.platform === 'node' ? 'node20' : 'es2020',
      external: e.external,
      sourcemap: true,
      logLevel: 'warning',
    };
    if (watch) {
      const ctx = await esbuild.context(options);
      await ctx.watch();
    } else {
      // The metafile lists what went into each bundle (test/client/bundle.test.ts reads the extension's and the worker's).
      const result = await esbuild.build({ ...options, metafile: true });
      writeFileSync(join(root, e.out.replace(/\.js$/, '.meta.json')), JSON.stringify(result.metafile));
    }
  });

await Promise.all(builds);

// VS Code reads an extension's runtime translations from one bundle per locale
// (package.json "l10n": "./dist/l10n"); the catalogs are kept per component
// in l10n/<locale>/ (core/src/shared/l10n.ts), so merge them.
const catalogs = join(root, 'l10n');
for (const locale of readdirSync(catalogs, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)) {
  const merged = {};
  for (const file of readdirSync(join(catalogs, locale)).filter((f) => f.endsWith('.json')).sort()) {
    Object.assign(merged, JSON.parse(readFileSync(join(catalogs, locale, file), 'utf8')));
  }
  mkdirSync(join(root, 'dist', 'l10n'), { recursive: true });
  writeFileSync(join(root, 'dist', 'l10n', `bundle.l10n.${locale}.json`), JSON.stringify(merged, null, 1) + '\n');
}
