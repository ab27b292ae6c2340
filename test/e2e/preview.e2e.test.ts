/**
 * End-to-end: the built preview (the real task pane beside the in-memory workbook) in headless Chromium.
 * set up → load sample → check → a finding selects its cell → fix an amount typed as text → the Project
 * page follows the selected row → Review lists the leadership-level projects → export the review sheet →
 * switch language. Screenshots of every page in both languages go to test-output/screenshots/, and axe
 * must find no serious or critical violation on any page.
 *
 * Needs Chromium at /usr/bin/chromium (or CHROMIUM_PATH); fails with a clear message when it is missing.
 */
import * as path from 'path';
import type { Page } from 'playwright-core';
import { axeViolations, expectAccessible as expectAxeClean, expectEveryPageAccessible } from './axe';
import { openPage as openTab, SHOTS, useBrowser, waitIdle as waitPane } from './session';

type PageKey = 'workbook' | 'check' | 'project' | 'review' | 'meeting' | 'rollup' | 'lessons';

jest.setTimeout(300_000);

const session = useBrowser('preview', 240_000);
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  const context = await session.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  page = await context.newPage();
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  page.on('console', (m) => {
    // Missing files are reported below with their URL (the browser's own favicon request is expected).
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) consoleErrors.push(m.text());
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !/\/favicon\.ico$/.test(r.url())) consoleErrors.push(`${r.status()} ${r.url()}`);
  });
});

const pane = () => page.getByTestId('pane');
const notice = () => pane().getByTestId('notice');

const waitIdle = (): Promise<void> => waitPane(page);
const openPage = (key: PageKey): Promise<void> => openTab(page, key);

const overflows: string[] = [];

/** Screenshot of the 320 px pane; also records any page that overflows it horizontally. */
async function shoot(name: string): Promise<void> {
  await pane().screenshot({ path: path.join(SHOTS, `${name}.png`) });
  const wide = await page.evaluate(() => {
    const paneEl = document.querySelector('[data-testid="pane"]') as HTMLElement;
    const right = paneEl.getBoundingClientRect().right;
    return [...paneEl.querySelectorAll('*')]
      .filter((e) => e.getBoundingClientRect().right > right + 0.5 && !e.closest('[data-tabster-dummy]'))
      .map(
        (e) =>
          `${e.tagName.toLowerCase()}.${(e.getAttribute('class') ?? '').split(' ')[0]} "${(e.textContent ?? '').slice(0, 40)}"`,
      )
      .slice(0, 3);
  });
  if (wide.length) overflows.push(`${name}: ${wide.join(' | ')}`);
}

/** axe on the pane (this page now), or on the whole preview including the grid when `whole` is set (see ./axe). */
async function expectAccessible(label: string, whole = false, scope = '[data-testid="pane"]'): Promise<void> {
  mark(`axe ${label}`);
  await expectAxeClean(page, label, { whole, include: scope });
}

/** axe on every page of the pane in both languages (see ./axe). */
async function expectEveryPage(stage: string): Promise<void> {
  mark(`axe every page ${stage}`);
  await expectEveryPageAccessible(page, stage);
}

/** The address shown in the grid's name box and the active sheet, e.g. "项目信息表!J3". */
async function gridSelection(): Promise<string> {
  const sheet = await page.getByTestId('grid').getAttribute('data-sheet');
  const a1 = (await page.getByTestId('name-box').textContent())?.trim();
  return `${sheet}!${a1}`;
}

const t0 = Date.now();
const mark = (what: string): void => {
  if (process.env.E2E_TIMING) console.log(`${((Date.now() - t0) / 1000).toFixed(1)}s ${what}`);
};

const unquote = (address: string): string => address.replace(/^'(.*)'!/, (_, s: string) => `${s.replace(/''/g, "'")}!`);

test('the preview runs the whole pipeline in the real pane', async () => {
  await page.goto(`${session.url}preview.html?lang=zh`);
  const setup = pane().getByTestId('setup');
  await expect(setup.isEnabled()).resolves.toBe(true);
  await page.waitForFunction(() => {
    const b = document.querySelector('[data-testid="setup"]') as HTMLButtonElement | null;
    return Boolean(b && !b.disabled);
  });
  await expect(pane().getByText('设置工作簿', { exact: true }).count()).resolves.toBe(1);

  // 1. Set up (Chinese headers, the default for a Chinese UI).
  mark('step 1');
  await setup.click();
  await waitIdle();
  await notice().waitFor();
  expect(await notice().getAttribute('class')).not.toBeNull();
  await page.locator('[data-sheet-tab="项目信息表"]').waitFor();
  expect(await page.locator('[data-sheet-tab="设置"]').count()).toBe(1);
  await expectEveryPage('after set-up');

  // 2. Load the sample pipeline.
  mark('step 2');
  await pane().getByTestId('load-sample').click();
  await waitIdle();
  expect(await notice().textContent()).toContain('示例数据已载入');
  await shoot('workbook-zh');
  await expectAccessible('workbook zh');
  await expectEveryPage('after loading the sample');

  // A user types an amount as text into a money cell (Est. Contract Value of the second project).
  const typed = await page.evaluate(async () => {
    const wb = (
      window as unknown as { previewWorkbook: { run<T>(b: (c: Excel.RequestContext) => Promise<T>): Promise<T> } }
    ).previewWorkbook;
    return wb.run(async (ctx) => {
      const t = ctx.workbook.tables.getItem('Projects');
      const header = t.getHeaderRowRange().load('values,columnIndex,rowIndex');
      const body = t.getDataBodyRange().load('rowIndex,columnIndex');
      await ctx.sync();
      const col = (header.values[0] as string[]).indexOf('预计合同额');
      const cell = body.getCell(1, col);
      cell.values = [['120万']];
      cell.load('address');
      await ctx.sync();
      return cell.address;
    });
  });

  // 3. Check.
  mark('step 3');
  await openPage('check');
  await pane().getByTestId('run-check').click();
  await pane().getByTestId('counts').waitFor();
  await waitIdle();
  const findings = pane().getByTestId('finding');
  expect(await findings.count()).toBeGreaterThan(0);
  await shoot('check-zh');
  await expectAccessible('check zh');
  await expectEveryPage('after a check');

  // The grid draws the conditional formats set-up wrote: a leadership escalation cell is red (#FFC7CE).
  await page.locator('[data-sheet-tab="项目信息表"]').click();
  const escalation = await page.evaluate(() => {
    const wb = (
      window as unknown as {
        previewWorkbook: {
          table(n: string): {
            rect: { r0: number; r1: number; c0: number; c1: number };
            sheet: { get(r: number, c: number): { v: unknown } | undefined };
          };
        };
      }
    ).previewWorkbook;
    const t = wb.table('Projects')!;
    let col = -1;
    for (let c = t.rect.c0; c <= t.rect.c1; c++) if (t.sheet.get(t.rect.r0, c)?.v === '升级级别') col = c;
    const rows: number[] = [];
    for (let r = t.rect.r0 + 1; r <= t.rect.r1; r++) if (t.sheet.get(r, col)?.v === '企业领导审批') rows.push(r);
    let letters = '';
    for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26))
      letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
    return { letters, row: rows[0] + 1 };
  });
  expect(escalation.letters).toBeTruthy();
  await page.evaluate(({ letters, row }) => {
    const wb = (window as unknown as { previewWorkbook: { setSelection(s: string, a: string): Promise<void> } })
      .previewWorkbook;
    return wb.setSelection('项目信息表', `${letters}${row}`);
  }, escalation);
  const redCell = page.locator(`[data-testid="grid"] [data-cell="${escalation.letters}${escalation.row}"]`);
  await redCell.waitFor();
  expect(await redCell.textContent()).toBe('企业领导审批');
  expect(await redCell.getAttribute('data-cf-fill')).toBe('#FFC7CE');
  const shown = await redCell.evaluate((e) => {
    const cs = getComputedStyle(e);
    return { bg: cs.backgroundColor, color: cs.color, weight: cs.fontWeight };
  });
  expect(shown).toEqual({ bg: 'rgb(255, 199, 206)', color: 'rgb(156, 0, 6)', weight: '600' });
  // A project that needs no escalation has no conditional format on that column.
  const plainCell = page
    .locator(`[data-testid="grid"] [data-cell^="${escalation.letters}"]`)
    .filter({ hasText: /^无$/ })
    .first();
  expect(await plainCell.getAttribute('data-cf')).toBeNull();
  await page.screenshot({ path: path.join(SHOTS, 'preview-conditional-zh.png') });

  // 4. Clicking a finding selects its cell in the grid.
  mark('step 4');
  const first = findings.first();
  const cellText = (await first.getByTestId('finding-cell').textContent())!.trim();
  await first.locator('button').first().click();
  await page.waitForFunction((want) => {
    const grid = document.querySelector('[data-testid="grid"]');
    const box = document.querySelector('[data-testid="name-box"]');
    return grid && box && `${grid.getAttribute('data-sheet')}!${box.textContent?.trim()}` === want;
  }, unquote(cellText));
  expect(await gridSelection()).toBe(unquote(cellText));
  expect(await page.locator('[data-selected="true"]').count()).toBe(1);

  // 5. Fix the amount typed as text: the cell then holds the number.
  mark('step 5');
  const asText = pane().locator('[data-code="amount-as-text"]');
  const before = await asText.count();
  const ours = asText.filter({ has: page.getByTestId('finding-cell').getByText(unquote(typed), { exact: true }) });
  const fix = ours.getByTestId('fix');
  await fix.waitFor();
  expect(await fix.count()).toBe(1);
  expect(await fix.textContent()).toContain('¥1,200,000');
  // Every amount-as-text finding carries a fix button (other fixable codes may carry one too).
  expect(await asText.getByTestId('fix').count()).toBe(before);
  // Highlighted first: the fix then clears its own cell's highlight and no other.
  await pane().getByTestId('highlight').click();
  await waitIdle();
  await page.locator('[data-sheet-tab="项目信息表"]').click();
  const typedCell = page.locator(`[data-testid="grid"] [data-cell="${unquote(typed).split('!')[1]}"]`);
  await typedCell.waitFor();
  expect(await typedCell.getAttribute('data-fill')).toBe('#F8CBAD');
  const filledBefore = await page.locator('[data-testid="grid"] [data-fill]').count();
  await fix.click();
  await waitIdle();
  expect(await notice().textContent()).toContain('¥1,200,000');
  await page.locator('[data-sheet-tab="项目信息表"]').click();
  expect(await typedCell.getAttribute('data-fill')).toBeNull();
  expect(await page.locator('[data-testid="grid"] [data-fill]').count()).toBe(filledBefore - 1);
  const after = await page.evaluate((address) => {
    const wb = (window as unknown as { previewWorkbook: { cell(s: string, a: string): { value: unknown } } })
      .previewWorkbook;
    const [, sheet, a1] = /^'?(.*?)'?!(.*)$/.exec(address)!;
    return wb.cell(sheet, a1).value;
  }, typed);
  expect(after).toBe(1200000);
  expect(await asText.count()).toBe(before - 1);

  // Highlight in sheet: the grid shows the fills the operation wrote.
  await pane().getByTestId('highlight').click();
  await waitIdle();
  await page.locator('[data-sheet-tab="项目信息表"]').click();
  await page.locator('[data-testid="grid"] [data-fill]').first().waitFor();
  // Computed columns show their values (the preview's recalc writes the engine's results as cached values).
  const gradeCol = await page.evaluate(() => {
    const cells = [...document.querySelectorAll('[data-testid="grid"] [role="row"][aria-rowindex="2"] [data-cell]')];
    return cells
      .find((c) => c.textContent === '重要性等级')
      ?.getAttribute('data-cell')
      ?.replace(/\d+$/, '');
  });
  expect(gradeCol).toBeTruthy();
  expect(await page.locator(`[data-cell="${gradeCol}2"]`).textContent()).toMatch(/^[ABCD]$/);
  await shoot('check-highlighted-zh');
  await pane().getByTestId('clear-highlights').click();
  await waitIdle();

  // 6. The Project page follows the selected row.
  mark('step 6');
  await page.locator('[data-sheet-tab="项目信息表"]').click();
  await openPage('project');
  await page.locator('[data-cell="B3"]').click();
  const id3 = (await page.locator('[data-cell="A3"]').textContent())!.trim();
  await page.waitForFunction((id) => document.querySelector('[data-testid="project-id"]')?.textContent === id, id3);
  await pane().getByTestId('grade').waitFor();
  await page.locator('[data-cell="C5"]').click();
  const id5 = (await page.locator('[data-cell="A5"]').textContent())!.trim();
  await page.waitForFunction((id) => document.querySelector('[data-testid="project-id"]')?.textContent === id, id5);
  expect(await pane().getByTestId('milestones').count()).toBe(1);
  await shoot('project-zh');
  await expectAccessible('project zh');

  // A new adjustment request from the Project page: a prefilled form, then the new row is selected.
  await pane().getByTestId('action-adjustment').click();
  const form = page.getByTestId('form-Adjustments');
  await form.waitFor();
  // The dialog fades in; axe measures colours mid-animation unless it waits for the end.
  await page.waitForTimeout(600);
  await expectAccessible('adjustment form zh', false, '.fui-DialogSurface');
  await page.screenshot({ path: path.join(SHOTS, 'adjustment-form-zh.png') });
  await form.getByLabel('费用调整额（元）').fill('8000');
  await form.getByLabel('调整原因').fill('=1+1 客户追加演示');
  await form.getByTestId('form-submit').click();
  await form.waitFor({ state: 'detached' });
  await waitIdle();
  expect(await notice().textContent()).toMatch(/已在 .+ 新增一行/);
  expect(await page.getByTestId('grid').getAttribute('data-sheet')).toBe('任务书调整表');
  const newRow = (await page.getByTestId('name-box').textContent())!.trim().replace(/^[A-Z]+/, '');
  const rowTexts = await page
    .locator(`[role="row"][aria-rowindex="${Number(newRow) + 1}"] [data-cell]`)
    .allTextContents();
  expect(rowTexts).toContain(id5);
  expect(rowTexts).toContain('=1+1 客户追加演示'); // typed text stays text, never a formula
  expect(rowTexts).toContain('待审批');

  // 7. Approvals lists every pending adjustment and termination of the workbook, escalated or not.
  mark('step 7');
  await openPage('review');
  await pane().getByTestId('request').first().waitFor();
  const pendingIds = await page.evaluate(() => {
    const wb = (
      window as unknown as {
        previewWorkbook: {
          table(n: string): {
            rect: { r0: number; r1: number; c0: number; c1: number };
            sheet: { get(r: number, c: number): { v: unknown } | undefined };
          };
        };
      }
    ).previewWorkbook;
    const ids: string[] = [];
    for (const [name, idHeader] of [
      ['Adjustments', '调整单号'],
      ['Terminations', '项目编号'],
    ]) {
      const t = wb.table(name)!;
      const headers: string[] = [];
      for (let c = t.rect.c0; c <= t.rect.c1; c++) headers.push(String(t.sheet.get(t.rect.r0, c)?.v ?? ''));
      const idCol = t.rect.c0 + headers.indexOf(idHeader);
      const decCol = t.rect.c0 + headers.indexOf('审批结果');
      for (let r = t.rect.r0 + 1; r <= t.rect.r1; r++)
        if (t.sheet.get(r, decCol)?.v === '待审批') ids.push(String(t.sheet.get(r, idCol)?.v));
    }
    return ids.sort();
  });
  expect(pendingIds.length).toBeGreaterThan(2);
  const listed = await pane()
    .getByTestId('request')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-request-id') ?? '').sort());
  expect(listed).toEqual(pendingIds);
  await shoot('review-zh');
  await expectAccessible('review zh');

  // 8. Export the review sheet: a 复核 tab appears.
  mark('step 8');
  await pane().getByTestId('export-review').click();
  await waitIdle();
  await page.locator('[data-sheet-tab="复核"]').waitFor();

  // 8b. The monthly cycle: draft this month's report from the Project page (once only), then the
  // Meeting page: the agenda grouped in the order of spec §8, the printable agenda sheet, the decisions.
  mark('step 8b');
  await page.locator('[data-sheet-tab="项目信息表"]').click();
  await page.locator('[data-cell="B3"]').click();
  await openPage('project');
  await pane().getByTestId('action-draft-report').click();
  await waitIdle();
  await expect(notice().textContent()).resolves.toMatch(/已起草 \d{4}-\d{2} 月度报告/);
  expect(await gridSelection()).toMatch(/^月度进展报告!F\d+$/);
  await page.locator('[data-sheet-tab="项目信息表"]').click();
  await page.locator('[data-cell="B3"]').click();
  await openPage('project');
  await pane().getByTestId('action-draft-report').click();
  await waitIdle();
  await expect(notice().textContent()).resolves.toMatch(/已存在/);
  await openPage('meeting');
  await pane().getByTestId('agenda-group').first().waitFor();
  const groups = await pane()
    .getByTestId('agenda-group')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-group')));
  expect(groups).toEqual([
    'leadership',
    'exitTriggered',
    'pendingApproval',
    'adjustment',
    'warRoomOverdue',
    'reportMissing',
    'actionOverdue',
    'milestoneDue',
  ]);
  await shoot('meeting-zh');
  await expectAccessible('meeting zh');
  await pane().getByTestId('write-agenda').click();
  await waitIdle();
  await page.locator('[data-sheet-tab="例会议程"]').waitFor();
  await expect(notice().textContent()).resolves.toMatch(/议程表已写入/);
  const items = await pane().getByTestId('agenda-item').count();
  await pane().getByTestId('record-decisions').click();
  await waitIdle();
  await expect(notice().textContent()).resolves.toContain(`已在项目分析会表新增 ${items} 行`);
  // One sponsor's agenda, from the picker.
  await pane().getByTestId('meeting-sponsor').selectOption({ index: 1 });
  await pane().getByTestId('agenda-count').waitFor();

  // 9. Switch the pane to English: every page in English.
  mark('step 9');
  await openPage('review');
  await pane().getByTestId('lang-toggle').click();
  await pane().getByText('Export review sheet').waitFor();
  await pane().getByText('Approving as').waitFor();
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
  await shoot('review-en');
  await expectAccessible('review en');
  await page.locator('[data-sheet-tab="项目信息表"]').click();
  await page.locator('[data-cell="B3"]').click();
  await openPage('project');
  await pane().getByText('Importance grade').waitFor();
  await shoot('project-en');
  await expectAccessible('project en');
  await pane().getByTestId('action-draft-report').click();
  await waitIdle();
  await expect(notice().textContent()).resolves.toMatch(/already has its \d{4}-\d{2} report/);
  await page.locator('[data-sheet-tab="项目信息表"]').click();
  await page.locator('[data-cell="B5"]').click();
  await openPage('project');
  await pane().getByTestId('action-draft-report').click();
  await waitIdle();
  await expect(notice().textContent()).resolves.toMatch(/report is drafted/);
  await openPage('meeting');
  await pane().getByText('Write agenda sheet').waitFor();
  await pane().getByTestId('meeting-sponsor').selectOption({ index: 0 });
  await pane().getByTestId('agenda-group').first().waitFor();
  await shoot('meeting-en');
  await expectAccessible('meeting en');
  await pane().getByTestId('write-agenda').click();
  await waitIdle();
  await expect(notice().textContent()).resolves.toMatch(/Agenda written to sheet/);
  await openPage('check');
  await pane().getByText('Run check').waitFor();
  await shoot('check-en');
  await expectAccessible('check en');
  await openPage('workbook');
  await pane().getByText('Load sample pipeline', { exact: true }).waitFor();
  await shoot('workbook-en');
  await expectAccessible('workbook en');
  await page.screenshot({ path: path.join(SHOTS, 'preview-en.png') });
  mark('done');

  // The pane is usable at 320 px: nothing on any page overflows it horizontally.
  expect(overflows).toEqual([]);
  expect(consoleErrors).toEqual([]);
});

test('?page=check opens the Check page, and the grid renders only the visible rows', async () => {
  await page.goto(`${session.url}preview.html?page=check&lang=en`);
  await pane().getByTestId('page-check').waitFor();
  expect(await pane().getByText('Not checked yet. Choose Run check.').count()).toBe(1);
  await expectAccessible('whole preview (empty workbook)', true);
  // A big sheet: 5,000 rows written through the API; the grid keeps the DOM small.
  await page.evaluate(async () => {
    const wb = (
      window as unknown as { previewWorkbook: { run<T>(b: (c: Excel.RequestContext) => Promise<T>): Promise<T> } }
    ).previewWorkbook;
    await wb.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem('Sheet1');
      ws.getRange('A1:B5000').values = Array.from({ length: 5000 }, (_, i) => [i + 1, `row ${i + 1}`]);
      ws.getRange('A4999').select();
      await ctx.sync();
    });
  });
  await page.waitForFunction(() => document.querySelector('[data-testid="name-box"]')?.textContent === 'A4999');
  await page.locator('[data-cell="B4999"]').waitFor();
  const rendered = await page.locator('[data-testid="grid"] [role="row"]').count();
  expect(rendered).toBeLessThan(120);
  await page.screenshot({ path: path.join(SHOTS, 'preview-check-en.png') });
  await pane().getByTestId('tab-workbook').click();
  await pane().getByTestId('lang-toggle').click();
  await pane().getByText('设置工作簿', { exact: true }).waitFor();
  await page.screenshot({ path: path.join(SHOTS, 'preview-zh.png') });
});

test('?theme=dark shows the pane in the dark theme', async () => {
  await page.goto(`${session.url}preview.html?lang=en&theme=dark`);
  await pane().getByText('Load sample pipeline', { exact: true }).waitFor();
  const bg = await pane()
    .locator('.fui-FluentProvider')
    .first()
    .evaluate((e) => getComputedStyle(e).backgroundColor);
  // webDarkTheme's colorNeutralBackground1 is #292929.
  expect(bg).toBe('rgb(41, 41, 41)');
  await shoot('workbook-dark-en');
  await expectAccessible('workbook en dark');
  expect(overflows).toEqual([]);
});

test('the accessibility check sees what axe misses and drops only Tabster focus bumpers', async () => {
  await page.setContent(`<!doctype html><html lang="zh-CN"><body><main data-testid="pane">
    <h1>售前项目管理</h1>
    <button aria-label="Switch to English">EN</button>
    <button aria-label="EN – Switch to English">EN</button>
    <button aria-label="切换到简体中文">中文</button>
    <i tabindex="0" role="none" data-tabster-dummy="" aria-hidden="true"></i>
    <span tabindex="0" aria-hidden="true">hidden but focusable</span>
  </main></body></html>`);
  const found = await axeViolations(page, 'fixture');
  // A visible word missing from the name (axe's character match passes "EN" inside "English").
  expect(found.filter((f) => f.includes('label-in-name'))).toEqual([
    'fixture: label-in-name (serious) visible words are not part of the accessible name → <button> shows "en", named "switch to english"',
  ]);
  // aria-hidden-focus stays on for everything but Tabster's bumpers.
  const hidden = found.filter((f) => f.includes('aria-hidden-focus'));
  expect(hidden).toHaveLength(1);
  expect(hidden[0]).toContain('hidden but focusable');
  expect(hidden[0]).not.toContain('data-tabster-dummy');
  // axe's own label-content-name-mismatch runs (it is off by default): a name without the shown text fails.
  await page.setContent(`<!doctype html><html lang="en"><body><main data-testid="pane">
    <button aria-label="Close the notice">Dismiss</button>
  </main></body></html>`);
  expect((await axeViolations(page, 'fixture')).some((f) => f.includes('label-content-name-mismatch'))).toBe(true);
});
