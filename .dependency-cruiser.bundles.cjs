// What each program pulls in when it runs: the webview in the browser, the
// language server, the extension host. Type-only imports are erased by the
// compiler and ship nothing, so they are left out of this graph (the layering
// rules in .dependency-cruiser.cjs do count them). Run both with `npm run lint:deps`.
const { builtinModules } = require('node:module');
const { options } = require('./.dependency-cruiser.cjs');

const escape = (name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
// dependency-cruiser names a builtin by its bare name ("fs", "fs/promises");
// reachability rules match modules by name, so builtins need a pattern.
const NODE_BUILTIN = `^(node:)?(${builtinModules.map(escape).join('|')})$`;
const VSCODE_API = '(^|/)node_modules/(@types/)?vscode/|^vscode$';

module.exports = /** @type {const} */ ({
  forbidden: [
    {
      name: 'webview-reaches-no-node-or-vscode',
      severity: 'error',
      comment:
        'The training panel runs in a browser sandbox: node builtins and the vscode API do not exist ' +
        'there. This covers what it imports from client/src too (messages, progress text).',
      from: { path: '^client/webview/' },
      to: { reachable: true, path: [NODE_BUILTIN, VSCODE_API] },
    },
    {
      name: 'webview-reaches-only-shared-core',
      severity: 'error',
      comment:
        'The panel draws training events; of the core it needs only the ground floor. The language ' +
        'or the engine would put the parser or tfjs into webview.js.',
      from: { path: '^client/webview/' },
      to: { reachable: true, path: '^core/src/', pathNot: '^core/src/shared/' },
    },
    {
      name: 'server-reaches-no-engine-or-tfjs',
      severity: 'error',
      comment:
        'The language server answers keystrokes from the language layer alone; training code and tfjs ' +
        'would make it slow to start and heavy to ship.',
      from: { path: '^server/' },
      to: { reachable: true, path: ['^core/src/engine/', '(^|/)@tensorflow/'] },
    },
    {
      name: 'extension-reaches-no-parser',
      severity: 'error',
      comment:
        'The extension asks the language server about specs instead of parsing them, so the parser ' +
        'and chevrotain stay out of extension.js. The training worker (client/src/training/worker.ts) ' +
        'is a bundle of its own and may use the language and the engine.',
      from: { path: '^client/src/extension\\.ts$' },
      to: { reachable: true, path: ['^core/src/language/syntax/', '(^|/)node_modules/chevrotain/'] },
    },
  ],
  options: { ...options, tsPreCompilationDeps: false },
});
