/**
 * End-to-end, the directors' pages in both languages (the built preview in headless Chromium):
 * - Roll-up: three team workbooks made by `presales template --sample --team` and one broken file are
 *   picked in the file input, read in the browser, and show their outcome per file; the roll-up is the
 *   one `presales rollup --json` computes from the same files; writing it adds the §9 tables and the
 *   dashboard's three charts to the open workbook; a review item leads to its row.
 * - Lessons: on the rolled-up workbook, a word search in the pane finds what the engine finds, each hit
 *   leads to its row. axe stays clean on both pages.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { axeViolations } from './axe';
import { openPage as openTab, runCli as cli, useBrowser, waitIdle as waitPane } from './session';

jest.setTimeout(240_000);

const session = useBrowser('directors');
let files: string[];

beforeAll(async () => {
  const teams: [string, 'zh' | 'en'][] = [
    ['华东', 'zh'],
    ['华南', 'zh'],
    ['North', 'en'],
  ];
  files = [];
  for (const [team, lang] of teams) {
    const file = path.join(session.tmp, `team-${lang}-${files.length + 1}.xlsx`);
    expect((await cli('template', file, '--sample', '--team', team, '--lang', lang)).code).toBe(0);
    files.push(file);
  }
  const broken = path.join(session.tmp, 'exported.xlsx');
  fs.writeFileSync(broken, 'Project ID,Customer\nPS-1,ACME\n');
  files.push(broken);
}, 300_000);

describe.each(['zh', 'en'] as const)('the directors’ pages (%s)', (lang) => {
  let page: Page;
  const errors: string[] = [];
  const pane = () => page.getByTestId('pane');

  beforeAll(async () => {
    const context = await session.browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: lang === 'zh' ? 'zh-CN' : 'en-US',
    });
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${session.url}preview.html?lang=${lang}`);
    await pane().waitFor();
  });

  afterAll(async () => {
    await page?.context().close();
  });

  const waitIdle = (): Promise<void> => waitPane(page, 60_000);
  const openPage = (key: string): Promise<void> => openTab(page, key, 60_000);
  const selection = () =>
    page.evaluate(() => {
      const m = (
        window as unknown as {
          previewWorkbook: { model: { selection: { sheet: { name: string }; rect: { r0: number } } | null } };
        }
      ).previewWorkbook.model;
      return m.selection ? { sheet: m.selection.sheet.name, row: m.selection.rect.r0 } : null;
    });

  test('roll-up: per-file outcome, the CLI’s figures, tables and three charts written, review items lead to rows', async () => {
    await openPage('rollup');
    await pane().getByTestId('rollup-files').setInputFiles(files);
    await page.waitForFunction(
      () => {
        const items = [...document.querySelectorAll('[data-testid="rollup-file"]')];
        return items.length === 4 && items.every((li) => ['ok', 'error'].includes(li.getAttribute('data-state')!));
      },
      null,
      { timeout: 120_000 },
    );
    const states = await pane()
      .getByTestId('rollup-file')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));
    expect(states).toEqual(['ok', 'ok', 'ok', 'error']);
    // The broken file says why, in the pane's language.
    await expect(pane().getByTestId('rollup-file').nth(3).textContent()).resolves.toMatch(
      lang === 'zh' ? /不是|无法|损坏/ : /not|cannot|broken/i,
    );

    // The same roll-up as the CLI computes from the same files.
    const outFile = path.join(session.tmp, `rollup-${lang}.xlsx`);
    const { out } = await cli('rollup', outFile, ...files, '--lang', lang, '--json');
    const json = JSON.parse(out) as { projects: number; review: unknown[] };
    const summary = (await pane().getByTestId('rollup-summary').textContent()) ?? '';
    expect(summary).toContain(String(json.projects));
    await expect(pane().getByTestId('rollup-review-item').count()).resolves.toBe(json.review.length);
    expect(json.review.length).toBeGreaterThan(0);

    await pane().getByTestId('rollup-write').click();
    await pane().getByTestId('rollup-message').waitFor();
    await waitIdle();
    const book = await page.evaluate(() => {
      const m = (
        window as unknown as {
          previewWorkbook: {
            model: {
              sheets: { name: string; charts: unknown[] }[];
              tables: { name: string; rect: { r0: number; r1: number } }[];
            };
          };
        }
      ).previewWorkbook.model;
      return {
        tables: Object.fromEntries(m.tables.map((t) => [t.name, t.rect.r1 - t.rect.r0])),
        charts: m.sheets.reduce((a, s) => a + s.charts.length, 0),
      };
    });
    for (const t of ['RollupSources', 'RollupProjects', 'RollupReview', 'Lessons', 'RollupFindings'])
      expect(Object.keys(book.tables)).toContain(t);
    expect(book.tables.RollupProjects).toBe(json.projects);
    expect(book.tables.RollupReview).toBe(json.review.length);
    expect(book.charts).toBe(3);
    expect(await axeViolations(page, `rollup ${lang}`)).toEqual([]);

    // A review item leads to its row of the review table.
    await pane().getByTestId('rollup-review-item').first().locator('button').first().click();
    await waitIdle();
    const sel = await selection();
    expect(sel).not.toBeNull();
    expect(sel!.row).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });

  test('lessons: a word search finds what the engine finds, and a hit leads to its row', async () => {
    await openPage('lessons');
    await pane().getByTestId('lessons-reload').click();
    await waitIdle();
    await pane().getByTestId('lessons-count').waitFor();
    const all = await pane().getByTestId('lesson-hit').count();
    expect(all).toBeGreaterThan(0);

    // The CLI's knowledge base over the same files, with a query in the pane's language.
    const query = lang === 'zh' ? '客户' : 'price';
    const { out } = await cli('lessons', ...files.slice(0, 3), '--query', query, '--json');
    const expected = JSON.parse(out) as { hits: { projectId: string }[] };
    expect(expected.hits.length).toBeGreaterThan(0);
    await pane().getByTestId('lessons-query').fill(query);
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid="lesson-hit"]').length === n,
      expected.hits.length,
      { timeout: 30_000 },
    );
    const shown = await pane()
      .getByTestId('lesson-hit')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-project')));
    // The same hits (the roll-up's Lessons table lists them in its own order, so ties may fall otherwise).
    expect([...shown].sort()).toEqual(expected.hits.map((h) => h.projectId).sort());
    expect(await axeViolations(page, `lessons ${lang}`)).toEqual([]);

    await pane().getByTestId('lesson-hit').first().locator('button').first().click();
    await waitIdle();
    const sel = await selection();
    expect(sel).not.toBeNull();
    expect(sel!.sheet.length).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });
});
