#!/usr/bin/env node
/**
 * `npm run lint`: ESLint (zero warnings) and Prettier's check, side by side. Each is one process that
 * keeps one core busy, so on a two-core machine running them together takes the longer of the two, not
 * the sum. Output is printed per tool once it ends; the exit status fails when either fails.
 */
const { spawn } = require('child_process');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const bin = (pkg, rel) => path.join(path.dirname(require.resolve(`${pkg}/package.json`)), rel);
const tools = [
  { name: 'eslint', args: [bin('eslint', 'bin/eslint.js'), '.', '--max-warnings', '0'] },
  { name: 'prettier', args: [bin('prettier', 'bin/prettier.cjs'), '--check', '--cache', '.'] },
];

const runs = tools.map(
  ({ name, args }) =>
    new Promise((resolve) => {
      const started = Date.now();
      const child = spawn(process.execPath, args, { cwd: ROOT });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      child.on('error', (err) => resolve({ name, status: 1, out: String(err), seconds: 0 }));
      child.on('close', (code) => resolve({ name, status: code ?? 1, out, seconds: (Date.now() - started) / 1000 }));
    }),
);

Promise.all(runs).then((results) => {
  for (const r of results) {
    if (r.out.trim()) process.stdout.write(`${r.out.trimEnd()}\n`);
    console.log(`${r.name}: ${r.status === 0 ? 'clean' : 'FAILED'} (${r.seconds.toFixed(1)} s)`);
  }
  process.exitCode = results.some((r) => r.status !== 0) ? 1 : 0;
});
