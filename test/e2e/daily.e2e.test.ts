/**
 * End-to-end, the pane as a daily tool, in both languages (the built preview in headless Chromium):
 * - Approvals: the queue holds every pending request of the sample — the same queue `presales approvals
 *   --json` prints for the same sample; a too-low role and an unconfirmed sponsor are refused with the
 *   reason and change nothing; Approve and Reject each write exactly three cells; an approval form sheet.
 * - Check: the as-of date reads 2026-11-30, 2026/11/30 and 2026年11月30日, refuses nonsense with a reason;
 *   filters and search narrow the worklist; export writes the shown findings to a sheet; a change in the
 *   workbook marks the results out of date, one click re-checks.
 * - First run: a welcome with one step instead of a list of missing tables. axe stays clean.
 */
import * as path from 'path';
import type { Page } from 'playwright-core';
import { expectAccessible as expectAxeClean } from './axe';
import { openPage as openTab, runCli, useBrowser, waitIdle as waitPane } from './session';

jest.setTimeout(240_000);

const session = useBrowser('daily');

type Lang = 'zh' | 'en';
const T = {
  zh: {
    leader: '孙浩',
    director: '李明',
    tooLow: '级别不足',
    sponsor: '发起人',
    formSheet: '审批单 PS-2026-010',
    findingsSheet: '问题清单',
    projects: '项目信息表',
    contract: '预计合同额',
    stale: '工作簿已修改',
  },
  en: {
    leader: 'Sun Hao',
    director: 'Li Ming',
    tooLow: 'too low',
    sponsor: 'sponsor',
    formSheet: 'Approval form PS-2026-010',
    findingsSheet: 'Findings',
    projects: 'Projects',
    contract: 'Est. Contract Value',
    stale: 'The workbook changed',
  },
};

async function cliJson(...argv: string[]): Promise<{ code: number; json: any }> {
  const { code, out } = await runCli(...argv);
  return { code, json: out ? JSON.parse(out) : null };
}

describe.each(['zh', 'en'] as Lang[])('the pane as a daily tool (%s)', (lang) => {
  let page: Page;
  const errors: string[] = [];
  const pane = () => page.getByTestId('pane');
  const notice = () => pane().getByTestId('notice');
  const t = T[lang];

  beforeAll(async () => {
    const context = await session.browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: lang === 'zh' ? 'zh-CN' : 'en-US',
    });
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
  });

  const waitIdle = (): Promise<void> => waitPane(page);
  const openPage = (key: string): Promise<void> => openTab(page, key);
  const expectAccessible = (label: string): Promise<void> => expectAxeClean(page, label);
  /** Every cell a person could type into (no formula) on every sheet: sheet!row,col → value. */
  const inputCells = (): Promise<Record<string, string>> =>
    page.evaluate(() => {
      const wb = (
        window as unknown as {
          previewWorkbook: { model: { sheets: { name: string; cells: Map<number, { v: unknown; f?: string }> }[] } };
        }
      ).previewWorkbook;
      const out: Record<string, string> = {};
      for (const s of wb.model.sheets)
        for (const [k, c] of s.cells) if (c.f === undefined) out[`${s.name}!${k}`] = JSON.stringify(c.v ?? null);
      return out;
    });
  const diff = (a: Record<string, string>, b: Record<string, string>): string[] =>
    [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => a[k] !== b[k]);
  const requestIds = () =>
    pane()
      .getByTestId('request')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-request-id') ?? ''));
  const card = (id: string) => pane().locator(`[data-testid="request"][data-request-id="${id}"]`);

  test('first run: a welcome with one step, then a plain result', async () => {
    await page.goto(`${session.url}preview.html?lang=${lang}`);
    await pane().getByTestId('welcome').waitFor();
    expect(
      await pane()
        .getByText(lang === 'zh' ? '缺失' : 'Missing', { exact: true })
        .count(),
    ).toBe(0);
    await expectAccessible('welcome');
    await page.waitForFunction(
      () => !(document.querySelector('[data-testid="setup"]') as HTMLButtonElement | null)?.disabled,
    );
    await pane().getByTestId('setup').click();
    await waitIdle();
    await pane().getByTestId('workbook-state').waitFor();
    expect(await pane().getByTestId('welcome').count()).toBe(0);
    await pane().getByTestId('load-sample').click();
    await waitIdle();
  });

  test('approvals: the same queue as presales approvals --json; refusals change nothing; three cells per decision', async () => {
    await openPage('review');
    await pane().getByTestId('request').first().waitFor();
    // The same sample through the CLI (dates relative to today, as the pane's blank as-of date means today).
    const file = path.join(session.tmp, `sample-${lang}.xlsx`);
    expect((await runCli('template', file, '--sample', '--lang', lang)).code).toBe(0);
    const { code, json } = await cliJson('approvals', file, '--json');
    expect(code).toBe(0);
    const fromPane = await pane()
      .getByTestId('request')
      .evaluateAll((els) =>
        els.map((e) => ({
          id: e.getAttribute('data-request-id'),
          table: e.getAttribute('data-table'),
          level: e.getAttribute('data-level'),
          approvers: (e.getAttribute('data-approvers') ?? '').split(',').filter(Boolean),
          sponsorConfirmed: e.getAttribute('data-sponsor-confirmed') === 'true',
        })),
      );
    const fromCli = json.requests.map((r: any) => ({
      id: r.id,
      table: r.table,
      level: r.level,
      approvers: r.approvers.map((p: any) => p.name),
      sponsorConfirmed: r.sponsorConfirmed,
    }));
    expect(fromPane).toEqual(fromCli);
    // Every pending request of the sample, escalated project or not (PS-2026-010's termination, ADJ-005).
    expect([...fromPane.map((r) => r.id!)].sort()).toEqual(['ADJ-002', 'ADJ-005', 'PS-2026-010']);
    const needs = await pane()
      .getByTestId('needs-request-item')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-project')));
    expect(needs).toEqual(json.needsRequest.map((n: any) => n.projectId));
    await expectAccessible('approvals');

    // A director may not approve a leadership-level change: refused with the reason, nothing written.
    await pane().getByTestId('approver').selectOption(t.director);
    const before = await inputCells();
    await card('ADJ-002').getByTestId('approve').click();
    await waitIdle();
    expect(await notice().getAttribute('role')).toBe('alert');
    expect(await notice().textContent()).toContain(t.tooLow);
    expect(diff(before, await inputCells())).toEqual([]);

    // Leadership, but the sponsor has not given an opinion on the termination: refused, nothing written.
    await pane().getByTestId('approver').selectOption(t.leader);
    await card('PS-2026-010').getByTestId('approve').click();
    await waitIdle();
    expect(await notice().getAttribute('role')).toBe('alert');
    expect((await notice().textContent())!.toLowerCase()).toContain(t.sponsor);
    expect(diff(before, await inputCells())).toEqual([]);

    // Approve: exactly Decision, Approver and Decision Date of ADJ-002's row.
    await card('ADJ-002').getByTestId('approve').click();
    await waitIdle();
    expect(await notice().getAttribute('role')).toBe('status');
    const afterApprove = await inputCells();
    const approved = diff(before, afterApprove);
    expect(approved).toHaveLength(3);
    expect(approved.map((k) => JSON.parse(afterApprove[k]))).toEqual(
      expect.arrayContaining([lang === 'zh' ? '已批准' : 'Approved', t.leader]),
    );
    expect(await requestIds()).not.toContain('ADJ-002');

    // The approver picked is remembered for the next time the pane opens.
    expect(await page.evaluate(() => localStorage.getItem('presales-pipeline.approver'))).toBe(t.leader);

    // Reject ADJ-005 as the director: three cells again.
    await pane().getByTestId('approver').selectOption(t.director);
    await card('ADJ-005').getByTestId('reject').click();
    await waitIdle();
    const afterReject = await inputCells();
    const rejected = diff(afterApprove, afterReject);
    expect(rejected).toHaveLength(3);
    expect(rejected.map((k) => JSON.parse(afterReject[k]))).toEqual(
      expect.arrayContaining([lang === 'zh' ? '已驳回' : 'Rejected', t.director]),
    );
    expect(await requestIds()).toEqual(['PS-2026-010']);

    // A printable approval form for the termination.
    await card('PS-2026-010').getByTestId('approval-form').click();
    await waitIdle();
    await page.locator(`[data-sheet-tab="${t.formSheet}"]`).waitFor();
    await expectAccessible('approvals after decisions');
  });

  test('project page: its own requests, the cap derivation, and a form that reads 3.5万 and numbers like the sheet', async () => {
    await page.locator(`[data-sheet-tab="${t.projects}"]`).click();
    await openPage('project');
    await page.locator('[data-cell="B4"]').click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="project-id"]')?.textContent === 'PS-2026-003',
    );
    await waitIdle();
    const req = pane().locator('[data-testid="project-request"][data-request-id="ADJ-002"]');
    await req.waitFor();
    expect(await pane().getByTestId('cap-derivation').textContent()).toMatch(/¥150,000/);
    await pane().getByTestId('action-adjustment').click();
    const form = page.getByTestId('form-Adjustments');
    await form.waitFor();
    expect(await form.locator('input[name="adjustmentId"]').inputValue()).toBe('ADJ-006');
    await form.locator('input[name="costChange"]').fill('3.5万');
    await form.getByTestId('level-preview').waitFor();
    expect(await form.getByTestId('level-preview').getAttribute('data-level')).toBe('leadership');
    expect(await form.getByTestId('level-preview').textContent()).toContain('¥35,000');
    await form.locator('textarea[name="reason"]').fill(lang === 'zh' ? '增加演示' : 'More demos');
    await form.getByTestId('form-submit').click();
    await form.waitFor({ state: 'detached' });
    await waitIdle();
    const written = await page.evaluate(() => {
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
      const tb = wb.table('Adjustments')!;
      const row: unknown[] = [];
      for (let c = tb.rect.c0; c <= tb.rect.c1; c++) row.push(tb.sheet.get(tb.rect.r1, c)?.v);
      return row;
    });
    expect(written[0]).toBe('ADJ-006');
    expect(written).toContain(35000);
  });

  test('check: as-of formats, filters, search, export and stale marking', async () => {
    await openPage('check');
    const asOf = pane().getByTestId('as-of');
    for (const typed of ['2026-11-30', '2026/11/30', '2026年11月30日']) {
      await asOf.fill(typed);
      await pane().getByTestId('run-check').click();
      await waitIdle();
      expect(
        await pane()
          .getByText(lang === 'zh' ? /基准日期 2026-11-30/ : /As of 2026-11-30/)
          .count(),
      ).toBe(1);
    }
    await asOf.fill('2026/13/45');
    expect(await pane().getByTestId('run-check').isDisabled()).toBe(true);
    expect(
      await pane()
        .getByText(lang === 'zh' ? /不是有效日期/ : /is not a valid date/)
        .count(),
    ).toBe(1);
    await asOf.fill('');
    await pane().getByTestId('run-check').click();
    await waitIdle();
    await expectAccessible('check');

    const total = await pane().getByTestId('finding').count();
    expect(total).toBeGreaterThan(10);
    await pane().getByTestId('filter-severity').selectOption('error');
    const sev = await pane()
      .getByTestId('finding')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-severity')));
    expect(sev.length).toBeGreaterThan(0);
    expect(new Set(sev)).toEqual(new Set(['error']));
    await pane().getByTestId('filter-severity').selectOption('*');
    await pane().getByTestId('filter-project').selectOption('PS-2026-003');
    const projects = await pane()
      .getByTestId('finding')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-project')));
    expect(projects.length).toBeGreaterThan(0);
    expect(new Set(projects)).toEqual(new Set(['PS-2026-003']));
    await pane().getByTestId('clear-filters').click();
    await pane().getByTestId('search').fill('PS-2026-005');
    const found = await pane().getByTestId('finding').count();
    expect(found).toBeGreaterThan(0);
    expect(found).toBeLessThan(total);
    // Export exactly what is shown.
    await pane().getByTestId('export-findings').click();
    await waitIdle();
    await page.locator(`[data-sheet-tab="${t.findingsSheet}"]`).waitFor();
    const exported = await page.evaluate((name) => {
      const wb = (
        window as unknown as {
          previewWorkbook: { model: { sheets: { name: string; cells: Map<number, { v: unknown }> }[] } };
        }
      ).previewWorkbook;
      const s = wb.model.sheets.find((x) => x.name === name)!;
      const rows = new Set([...s.cells.keys()].map((k) => Math.floor(k / 16384)));
      return rows.size;
    }, t.findingsSheet);
    expect(exported).toBe(found + 1);
    await pane().getByTestId('search').fill('');

    // A change in the workbook marks the results out of date; one click checks again.
    expect(await pane().getByTestId('stale').count()).toBe(0);
    await page.evaluate(async (header) => {
      const wb = (
        window as unknown as { previewWorkbook: { run<T>(b: (c: Excel.RequestContext) => Promise<T>): Promise<T> } }
      ).previewWorkbook;
      await wb.run(async (ctx) => {
        const table = ctx.workbook.tables.getItem('Projects');
        const h = table.getHeaderRowRange().load('values');
        const body = table.getDataBodyRange();
        await ctx.sync();
        body.getCell(2, (h.values[0] as string[]).indexOf(header)).values = [['3.5万']];
        await ctx.sync();
      });
    }, t.contract);
    await pane().getByTestId('stale').waitFor();
    expect(await pane().getByTestId('stale').textContent()).toContain(t.stale);
    await pane().getByTestId('recheck').click();
    await waitIdle();
    expect(await pane().getByTestId('stale').count()).toBe(0);
    expect(await pane().locator('[data-code="amount-as-text"]').filter({ hasText: '3.5万' }).count()).toBe(1);
    expect(errors).toEqual([]);
  });
});
