#!/usr/bin/env node
'use strict';
// Presales Pipeline (售前项目管理) command-line entry point.
// The CLI is written in TypeScript (src/cli) and compiled to lib/ by `npm run build:cli`.
const path = require('path');
const fs = require('fs');

const entry = path.join(__dirname, '..', 'lib', 'cli', 'main.js');
if (!fs.existsSync(entry)) {
  console.error('presales: compiled CLI not found (lib/cli/main.js); run `npm run build:cli` first.');
  process.exitCode = 1;
} else {
  const { main } = require(entry);
  Promise.resolve()
    .then(() => main(process.argv.slice(2)))
    .then(
      (code) => {
        process.exitCode = typeof code === 'number' ? code : 0;
      },
      (err) => {
        console.error(err && err.stack ? err.stack : String(err));
        process.exitCode = 1;
      },
    );
}
