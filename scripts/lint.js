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

/** What `npm run lint` runs: node with these arguments, in the project's folder. */
const TOOLS = [
  { name: 'eslint', args: [bin('eslint', 'bin/eslint.js'), '.', '--max-warnings', '0'] },
  { name: 'prettier', args: [bin('prettier', 'bin/prettier.cjs'), '--check', '--cache', '.'] },
];

/** Runs the tools at once; resolves with each one's status, output and time, in the order given. */
function runAll(tools, cwd = ROOT) {
  return Promise.all(
    tools.map(
      ({ name, args }) =>
        new Promise((resolve) => {
          const started = Date.now();
          const child = spawn(process.execPath, args, { cwd });
          let out = '';
          child.stdout.on('data', (d) => (out += d));
          child.stderr.on('data', (d) => (out += d));
          child.on('error', (err) => resolve({ name, status: 1, out: String(err), seconds: 0 }));
          child.on('close', (code) =>
            resolve({ name, status: code ?? 1, out, seconds: (Date.now() - started) / 1000 }),
          );
        }),
    ),
  );
}

/** Prints each tool's output and verdict; returns the exit status (0 only when every tool passed). */
function report(results, print = (s) => process.stdout.write(s)) {
  for (const r of results) {
    if (r.out.trim()) print(`${r.out.trimEnd()}\n`);
    print(`${r.name}: ${r.status === 0 ? 'clean' : 'FAILED'} (${r.seconds.toFixed(1)} s)\n`);
  }
  return results.some((r) => r.status !== 0) ? 1 : 0;
}

if (require.main === module) {
  runAll(TOOLS).then((results) => {
    process.exitCode = report(results);
  });
}

module.exports = { TOOLS, runAll, report };
