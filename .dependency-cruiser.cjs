// The layering of the source: who may name whom. Type-only imports count here,
// because a layer that names another layer's types depends on that layer's API
// even when the compiled code does not. What each program pulls in at run time
// is checked by .dependency-cruiser.bundles.cjs. Run both with `npm run lint:deps`.
//
// The names are literal types (`@type {const}`) so that test/unit/boundaries.test.ts
// can require one fixture per rule at compile time.
module.exports = /** @type {const} */ ({
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'A cycle makes two modules one: neither can be understood, tested or moved alone, and ' +
        'module initialisation order starts to matter.',
      from: { path: '^(core|cli|server|client)/' },
      to: { circular: true },
    },
    {
      name: 'shared-imports-no-layer',
      severity: 'error',
      comment:
        'core/src/shared is the ground floor every layer and front end stands on: if it imported ' +
        'the language, the engine, tfjs or chevrotain, everything importing it (the webview, the ' +
        'language server) would drag those in too.',
      from: { path: '^core/src/shared/' },
      to: {
        path: ['^(core|cli|server|client|bench|scripts)/', '(^|/)@tensorflow/', '(^|/)node_modules/chevrotain/'],
        pathNot: '^core/src/shared/',
      },
    },
    {
      name: 'shared-imports-no-node',
      severity: 'error',
      comment: 'The training panel (browser code) imports core/src/shared, so it must not use node: builtins.',
      from: { path: '^core/src/shared/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'language-reaches-no-engine-or-tfjs',
      severity: 'error',
      comment:
        'The language layer (parser, checker, analysis, formatter) serves the language server and ' +
        '`rnn check` without tfjs; the engine depends on it, never the other way round.',
      from: { path: '^core/src/language/' },
      to: { reachable: true, path: ['^core/src/engine/', '(^|/)@tensorflow/'] },
    },
    {
      name: 'run-store-reaches-no-layer-or-tfjs',
      severity: 'error',
      comment:
        'core/src/run-store reads and writes run folders for every front end, the extension host ' +
        'included: it stands on the ground floor alone, so reading a run never loads the parser, ' +
        'the engine or tfjs (the engine adds the model files in core/src/engine/checkpoint).',
      from: { path: '^core/src/run-store/' },
      to: { reachable: true, path: ['^core/src/(language|engine)/', '(^|/)@tensorflow/'] },
    },
    {
      name: 'engine-imports-language-entry-only',
      severity: 'error',
      comment:
        "The engine uses the language through core/src/language/index.ts only, so the language's " +
        'insides can change without touching the engine.',
      from: { path: '^core/src/engine/' },
      to: { path: '^core/src/language/', pathNot: '^core/src/language/index\\.ts$' },
    },
    {
      name: 'outside-core-imports-layer-entries-only',
      severity: 'error',
      comment:
        'Front ends, benches and scripts see each layer through its one public entry (index.ts); ' +
        'only tests may reach inside. core/src/run-store/index.ts is the tfjs-free run reader.',
      from: { pathNot: '^(core|test)/' },
      to: {
        path: '^core/src/',
        pathNot: '^core/src/(shared|language|engine|run-store)/index\\.ts$',
      },
    },
  ],
  options: {
    doNotFollow: { path: '(^|/)node_modules/' },
    tsPreCompilationDeps: true,
    // The engine loads the optional @tensorflow/tfjs-node through a createRequire()
    // function of this name; naming it here keeps that dependency in the graph.
    exoticRequireStrings: ['requireHere'],
  },
});
