/**
 * What every end-to-end file needs: the built pane served on 127.0.0.1, one headless Chromium, a scratch
 * directory, and the few ways the tests wait for the pane. `useBrowser()` registers the set-up and
 * tear-down hooks of the file that calls it at top level.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { main } from '../../src/cli/main';

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const support = require('../../scripts/ui-support.js') as {
  ROOT: string;
  CHROMIUM_ARGS: string[];
  chromiumPath(): string;
  ensureBuild(o: { log?: (m: string) => void }): { dir: string; temporary: boolean };
  serveStatic(dir: string): Promise<{ url: string; close(): Promise<void> }>;
};

export const SHOTS = path.join(support.ROOT, 'test-output', 'screenshots');

export interface BrowserSession {
  browser: Browser;
  /** The served build, ending in '/'. */
  url: string;
  /** A scratch directory, removed after the file's tests. */
  tmp: string;
}

/**
 * Builds (once per state of the sources) and serves the pane, launches Chromium (a clear error when it is
 * missing) and makes a scratch directory before the file's tests; closes and removes them after.
 * The returned object is filled in by the time the tests run.
 */
export function useBrowser(prefix: string, timeout = 300_000): BrowserSession {
  const session = {} as BrowserSession;
  let server: { url: string; close(): Promise<void> } | undefined;
  let build: { dir: string; temporary: boolean } | undefined;
  beforeAll(async () => {
    const executablePath = support.chromiumPath();
    build = support.ensureBuild({});
    server = await support.serveStatic(build.dir);
    session.url = server.url;
    const { chromium } = await import('playwright-core');
    session.browser = await chromium.launch({ executablePath, args: support.CHROMIUM_ARGS });
    session.tmp = fs.mkdtempSync(path.join(os.tmpdir(), `presales-${prefix}-`));
    fs.mkdirSync(SHOTS, { recursive: true });
  }, timeout);
  afterAll(async () => {
    await session.browser?.close();
    await server?.close();
    if (build?.temporary) fs.rmSync(build.dir, { recursive: true, force: true });
    if (session.tmp) fs.rmSync(session.tmp, { recursive: true, force: true });
  });
  return session;
}

/** No operation running: no button in the pane is marked busy. */
export async function waitIdle(page: Page, timeout = 30_000): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('[data-testid="pane"] [aria-busy="true"]'), null, {
    timeout,
  });
}

/** Opens a page of the pane by its tab and waits until it is idle. */
export async function openPage(page: Page, key: string, timeout?: number): Promise<void> {
  const pane = page.getByTestId('pane');
  await pane.getByTestId(`tab-${key}`).click();
  await pane.getByTestId(`page-${key}`).waitFor();
  await waitIdle(page, timeout);
}

/** `presales …` in this process: its exit code and what it printed. */
export async function runCli(...argv: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: () => undefined });
  return { code, out: out.join('\n') };
}
