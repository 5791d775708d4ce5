#!/usr/bin/env node
'use strict';
const path = require('node:path');
const bundle = path.join(__dirname, '..', 'dist', 'cli.js');
try {
  require.resolve(bundle);
} catch {
  console.error('rnn: the command is not built yet; run `npm install` (or `npm run build`) in ' + path.join(__dirname, '..'));
  process.exit(2);
}
require(bundle);
