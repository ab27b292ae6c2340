/**
 * End-to-end, the built task pane page (taskpane.html, not the preview) in headless Chromium, with
 * office.js routed: there is no network here, and every request that leaves 127.0.0.1 is answered by the
 * test (served from a stand-in or blocked), never by the internet.
 *
 * - A loading state, in the browser's language, until Office answers. (Not while office.js itself is still
 *   downloading: Microsoft documents it in <head>, where it blocks the parser, and browsers paint nothing
 *   before <body> is parsed.)
 * - office.js blocked (CDN blocked, proxy, offline): a clear bilingual message, not a blank page.
 * - The page opened in a plain browser (office.js answers with no host, as outside Office): the message
 *   says to open it in Excel. Office never answering: after a while, the message too.
 * - In "Excel" (a stand-in office.js over the in-memory host that, like office.js, loads its host script,
 *   strings, MicrosoftAjax and telemetry at run time): the page's CSP allows every one of those loads
 *   (OfficeDev/office-js#1005), and with telemetry and MicrosoftAjax blocked the pane still starts, sets
 *   up the workbook and runs a check.
 *
 * Needs Chromium at /usr/bin/chromium (or CHROMIUM_PATH).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { BrowserContext, Page } from 'playwright-core';
import { expectAccessible } from './axe';
import { SHOTS, support, useBrowser } from './session';
import { RUNTIME_LOADS } from './office-standin-loads';

jest.setTimeout(300_000);

const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const session = useBrowser('standin');
let standIn = '';

/** Bundles the stand-in office.js (test/e2e/office-standin.ts) with webpack, without eval (the page's CSP). */
async function bundleStandIn(outDir: string): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const webpack = require('webpack') as typeof import('webpack');
  const config: import('webpack').Configuration = {
    mode: 'development',
    devtool: false,
    target: 'web',
    context: support.ROOT,
    entry: path.join(__dirname, 'office-standin.ts'),
    output: { path: outDir, filename: 'office-standin.js' },
    resolve: { extensions: ['.ts', '.tsx', '.js'] },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          loader: 'ts-loader',
          options: {
            transpileOnly: true,
            configFile: path.join(support.ROOT, 'tsconfig.json'),
            compilerOptions: { module: 'esnext', noEmit: false },
          },
        },
      ],
    },
    optimization: { splitChunks: false, runtimeChunk: false },
    performance: { hints: false },
  };
  await new Promise<void>((resolve, reject) =>
    webpack(config, (err, stats) => {
      if (err || !stats || stats.hasErrors()) reject(err ?? new Error(stats?.toString({ all: false, errors: true })));
      else resolve();
    }),
  );
  return fs.readFileSync(path.join(outDir, 'office-standin.js'), 'utf8');
}

beforeAll(async () => {
  standIn = await bundleStandIn(session.tmp);
}, 300_000);

type Lang = 'zh' | 'en';
const LOCALE: Record<Lang, string> = { zh: 'zh-CN', en: 'en-US' };
const T = {
  zh: { loading: '正在加载售前项目管理', office: '无法加载 Office 组件', host: '请在 Excel 中打开此面板' },
  en: { loading: 'Loading Presales Pipeline', office: 'Office could not be loaded', host: 'Open this pane in Excel' },
};

interface Opened {
  context: BrowserContext;
  page: Page;
  /** Every request that left 127.0.0.1, and what the test did with it. */
  outside: { url: string; action: 'served' | 'blocked' }[];
  pageErrors: string[];
  /** Content-Security-Policy violations the page reported. */
  csp: () => Promise<string[]>;
}

/**
 * A fresh browser context in `lang`, where office.js is answered by `officeJs` (a body to serve, or
 * 'block'). Requests in `serve` get an empty script; everything else outside 127.0.0.1 is blocked.
 */
async function open(
  lang: Lang,
  officeJs: string | 'block',
  serve: readonly string[] = [],
  options: { clock?: boolean } = {},
): Promise<Opened> {
  const context = await session.browser.newContext({ viewport: { width: 320, height: 720 }, locale: LOCALE[lang] });
  const outside: Opened['outside'] = [];
  await context.route(
    (url) => url.hostname !== '127.0.0.1',
    async (route) => {
      const url = route.request().url();
      if (url === OFFICE_JS) {
        if (officeJs === 'block') {
          outside.push({ url, action: 'blocked' });
          return route.abort('blockedbyclient');
        }
        outside.push({ url, action: 'served' });
        return route.fulfill({ status: 200, contentType: 'text/javascript', body: officeJs });
      }
      if (serve.includes(url)) {
        outside.push({ url, action: 'served' });
        return route.fulfill({ status: 200, contentType: 'text/javascript', body: '/* served by the test */' });
      }
      outside.push({ url, action: 'blocked' });
      return route.abort('blockedbyclient');
    },
  );
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  if (options.clock) await page.clock.install();
  const csp = () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
  return { context, page, outside, pageErrors, csp };
}

const bootState = (page: Page) => page.getByTestId('boot').getAttribute('data-state');
const failedText = (page: Page) => page.getByTestId('boot-failed').innerText();

describe.each(['zh', 'en'] as const)('taskpane.html in %s', (lang) => {
  const other: Lang = lang === 'zh' ? 'en' : 'zh';

  test("until Office answers, a loading state in the browser's language", async () => {
    // office.js has arrived; Office has not answered yet (onReady pending, as while Excel starts the add-in).
    const pending = `window.Office = { HostType: { Excel: 'Excel' }, context: {}, onReady: function () { return new Promise(function () {}); } };`;
    const { context, page, pageErrors } = await open(lang, pending);
    try {
      await page.goto(`${session.url}taskpane.html`);
      const loading = page.getByTestId('boot-loading');
      await loading.waitFor({ state: 'visible' });
      expect(await loading.innerText()).toContain(T[lang].loading);
      expect(await loading.innerText()).not.toContain(T[other].loading);
      expect(await page.getByRole('status').count()).toBe(1);
      expect(await page.getByTestId('boot-failed').isVisible()).toBe(false);
      expect(pageErrors).toEqual([]);
      await page.screenshot({ path: path.join(SHOTS, `taskpane-loading-${lang}.png`) });
    } finally {
      await context.close();
    }
  });

  test('office.js blocked (CDN blocked, proxy, offline): a clear message in both languages, not a blank page', async () => {
    const { context, page, csp } = await open(lang, 'block');
    try {
      await page.goto(`${session.url}taskpane.html`);
      await page.waitForFunction(() => document.getElementById('boot')?.getAttribute('data-state') === 'office');
      const text = await failedText(page);
      // What is wrong and what to do, in both languages, the browser's language first.
      expect(text.indexOf(T[lang].office)).toBeGreaterThanOrEqual(0);
      expect(text.indexOf(T[lang].office)).toBeLessThan(text.indexOf(T[other].office));
      expect(text).toContain('https://appsforoffice.microsoft.com');
      expect(text).toContain('ExcelApi 1.9');
      expect(text).not.toContain(T[lang].host); // the other reasons stay hidden
      expect(await page.getByTestId('boot-loading').isVisible()).toBe(false);
      await page.screenshot({ path: path.join(SHOTS, `taskpane-office-blocked-${lang}.png`) });
      await expectAccessible(page, `office.js blocked ${lang}`, { include: '#boot' });
      expect(await csp()).toEqual([]);

      // Reload tries again (still blocked here: the same message).
      await page
        .getByRole('button', { name: lang === 'zh' ? '重新加载' : 'Reload' })
        .first()
        .click();
      await page.waitForFunction(() => document.getElementById('boot')?.getAttribute('data-state') === 'office');
    } finally {
      await context.close();
    }
  });

  test('opened in a browser, outside Office: the message says to open it in Excel', async () => {
    // What office.js does outside an Office client: Office.onReady answers with no host; Excel is not defined.
    const outsideOffice = `window.Office = {
      HostType: { Excel: 'Excel' },
      context: {},
      onReady: function (cb) { var i = { host: null, platform: null }; if (cb) cb(i); return Promise.resolve(i); }
    };`;
    const { context, page, pageErrors } = await open(lang, outsideOffice);
    try {
      await page.goto(`${session.url}taskpane.html`);
      await page.waitForFunction(() => document.getElementById('boot')?.getAttribute('data-state') === 'host');
      const text = await failedText(page);
      expect(text.indexOf(T[lang].host)).toBeGreaterThanOrEqual(0);
      expect(text.indexOf(T[lang].host)).toBeLessThan(text.indexOf(T[other].host));
      expect(text).toContain('Excel 2021');
      expect(text).not.toContain(T[lang].office);
      expect(pageErrors).toEqual([]);
      await page.screenshot({ path: path.join(SHOTS, `taskpane-outside-office-${lang}.png`) });
    } finally {
      await context.close();
    }
  });
});

test('Office never answers: after the wait, the message instead of a blank page', async () => {
  const never = `window.Office = { HostType: { Excel: 'Excel' }, context: {}, onReady: function () { return new Promise(function () {}); } };`;
  const { context, page } = await open('zh', never, [], { clock: true });
  try {
    await page.goto(`${session.url}taskpane.html`);
    expect(await bootState(page)).toBe('loading');
    await page.clock.runFor(10_000);
    expect(await bootState(page)).toBe('loading'); // a slow start is not a failure
    await page.clock.runFor(15_000);
    expect(await bootState(page)).toBe('timeout');
    const text = await failedText(page);
    expect(text).toContain('Excel 长时间没有响应');
    expect(text).toContain('Excel did not respond');
    expect(text).toContain('https://appsforoffice.microsoft.com');
  } finally {
    await context.close();
  }
});

test.each(['zh', 'en'] as const)(
  '(%s) in Excel with telemetry and MicrosoftAjax blocked: the CSP allows what office.js loads, and the pane starts and checks',
  async (lang) => {
    const needed = [RUNTIME_LOADS.hostScript, RUNTIME_LOADS.strings];
    const { context, page, outside, pageErrors, csp } = await open(lang, standIn, needed);
    try {
      await page.goto(`${session.url}taskpane.html`);
      // The pane replaces the loading state.
      await page.getByTestId('setup').waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('boot').count()).toBe(0);
      // Every run-time load of office.js got past the CSP to the network (where the test served or blocked it).
      const seen = new Map(outside.map((o) => [o.url, o.action]));
      expect(seen.get(OFFICE_JS)).toBe('served');
      expect(seen.get(RUNTIME_LOADS.hostScript)).toBe('served');
      expect(seen.get(RUNTIME_LOADS.strings)).toBe('served');
      expect(seen.get(RUNTIME_LOADS.ajax)).toBe('blocked');
      expect(seen.get(RUNTIME_LOADS.telemetryScript)).toBe('blocked');
      expect(seen.get(RUNTIME_LOADS.telemetryPost)).toBe('blocked');
      expect(await csp()).toEqual([]);

      // The pane works: set up, load the sample, run a check.
      const idle = () =>
        page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'), null, { timeout: 60_000 });
      await page.waitForFunction(
        () => !(document.querySelector('[data-testid="setup"]') as HTMLButtonElement).disabled,
      );
      await page.getByTestId('setup').click();
      await idle();
      await page.getByTestId('load-sample').click();
      await idle();
      await page.getByTestId('tab-check').click();
      await page.getByTestId('run-check').click();
      await page.getByTestId('counts').waitFor({ timeout: 60_000 });
      await idle();
      expect(await page.getByTestId('finding').count()).toBeGreaterThan(0);
      expect(await page.getByTestId('count-data').innerText()).toMatch(lang === 'zh' ? /数据问题/ : /Data problems/);
      expect(pageErrors).toEqual([]);
      expect(await csp()).toEqual([]);
    } finally {
      await context.close();
    }
  },
);
