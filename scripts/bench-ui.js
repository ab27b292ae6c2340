#!/usr/bin/env node

/**
 * UI benchmark (called by `npm run bench`):
 *   - gzipped size of the task pane's initial JavaScript (the bundles taskpane.html loads; lazy chunks excluded);
 *   - time from navigation to the first interactive page (the Workbook page with its status read and its
 *     buttons enabled) of the built preview in headless Chromium, median of several loads.
 * Prints a readable summary and a final JSON line. Options: --runs N (default 5), --json (JSON only).
 */
const fs = require('fs');
const { CHROMIUM_ARGS, chromiumPath, ensureBuild, serveStatic, initialJs } = require('./ui-support');

const args = process.argv.slice(2);
const runs =
  Number(args[args.indexOf('--runs') + 1]) > 0 && args.includes('--runs')
    ? Number(args[args.indexOf('--runs') + 1])
    : 5;
const jsonOnly = args.includes('--json');
const log = (...m) => {
  if (!jsonOnly) console.log(...m);
};

async function main() {
  const build = ensureBuild({ log });
  const taskpane = initialJs(build.dir, 'taskpane.html');
  const preview = initialJs(build.dir, 'preview.html');
  const { chromium } = require('playwright-core');
  const server = await serveStatic(build.dir);
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  const times = [];
  try {
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.goto(`${server.url}preview.html?lang=en`, { waitUntil: 'commit' });
      await page.waitForFunction(
        () => {
          const b = document.querySelector('[data-testid="setup"]');
          return Boolean(
            b && !b.disabled && document.querySelector('[data-testid="table-status"], [data-testid="page-workbook"]'),
          );
        },
        null,
        { timeout: 30000 },
      );
      times.push(await page.evaluate(() => performance.now()));
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
    if (build.temporary) fs.rmSync(build.dir, { recursive: true, force: true });
  }
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  log('Task pane initial JS (taskpane.html):');
  for (const f of taskpane.files) log(`  ${f.file}  ${kb(f.bytes)}  (gzip ${kb(f.gzipBytes)})`);
  log(`  total ${kb(taskpane.bytes)}, gzipped ${kb(taskpane.gzipBytes)} (budget 350 KB)`);
  log(`Preview initial JS (preview.html): gzipped ${kb(preview.gzipBytes)}`);
  log(
    `First interactive page in headless Chromium (preview): median ${median.toFixed(0)} ms over ${runs} loads [${times.map((t) => t.toFixed(0)).join(', ')}]`,
  );
  console.log(
    JSON.stringify({
      taskpaneInitialJsGzipBytes: taskpane.gzipBytes,
      taskpaneInitialJsBytes: taskpane.bytes,
      previewInitialJsGzipBytes: preview.gzipBytes,
      firstInteractiveMs: Math.round(median),
      firstInteractiveRunsMs: times.map((t) => Math.round(t)),
    }),
  );
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
