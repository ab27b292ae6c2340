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
        // Exit once the output is written, not after Node tears the heap down (tens of ms after a big
        // check). Each write callback runs when that write and every earlier one are done.
        const status = typeof code === 'number' ? code : 0;
        process.exitCode = status;
        let open = 2;
        const flushed = () => {
          if (--open === 0) process.exit(status);
        };
        process.stdout.write('', flushed);
        process.stderr.write('', flushed);
      },
      (err) => {
        console.error(err && err.stack ? err.stack : String(err));
        process.exitCode = 1;
      },
    );
}
