/** @jest-environment jsdom */
/**
 * The real pane over the real workbook operations and the strict in-memory Excel host (no fakes):
 * set up, load the sample, check, go to a finding, follow the selection, export the review sheet.
 */
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { colLetters, installExcelGlobals, MemoryWorkbook, quoteSheet } from '../../src/hosts/memory';
import { App } from '../../src/taskpane/App';
import { realOps } from '../../src/taskpane/ops';
import type { ExcelRunner } from '../../src/workbook/types';

(globalThis as unknown as { ResizeObserver: unknown }).ResizeObserver ??= class {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
};

jest.setTimeout(60_000);

async function idle(): Promise<void> {
  await waitFor(() => expect(document.querySelector('[aria-busy="true"]')).toBeNull(), { timeout: 20_000 });
}

test('set up → sample → check → go to cell → project follows the selection → review sheet', async () => {
  const wb = new MemoryWorkbook();
  installExcelGlobals(wb);
  const run = wb.run.bind(wb) as ExcelRunner;
  render(<App run={run} ops={realOps} initialLang="en" />);

  const setup = await screen.findByTestId('setup');
  await waitFor(() => expect((setup as HTMLButtonElement).disabled).toBe(false));
  fireEvent.click(screen.getByLabelText('English'));
  fireEvent.click(setup);
  await idle();
  expect(wb.sheetNames()).toEqual(expect.arrayContaining(['Projects', 'Settings']));
  fireEvent.click(screen.getByTestId('load-sample'));
  await idle();
  expect(screen.getByTestId('notice').textContent).toContain('Sample pipeline loaded');

  fireEvent.click(screen.getByTestId('tab-check'));
  fireEvent.click(await screen.findByTestId('run-check'));
  await screen.findByTestId('counts');
  await idle();
  const group = screen.getByTestId('group-Projects');
  const first = within(group).getAllByTestId('finding')[0];
  const address = within(first).getByTestId('finding-cell').textContent!;
  fireEvent.click(within(first).getAllByRole('button')[0]);
  await waitFor(() => {
    const sel = wb.model.selection!;
    expect(`${quoteSheet(sel.sheet.name)}!${colLetters(sel.rect.c0)}${sel.rect.r0 + 1}`).toBe(address);
  });

  // Only findings with a one-click fix have a fix button: an amount or a month typed as text.
  const fixes = screen.queryAllByTestId('fix');
  for (const f of fixes)
    expect(['amount-as-text', 'month-as-text']).toContain(
      f.closest('[data-testid="finding"]')?.getAttribute('data-code'),
    );
  const monthFix = fixes.find(
    (f) => f.closest('[data-testid="finding"]')?.getAttribute('data-code') === 'month-as-text',
  );
  expect(monthFix?.textContent).toMatch(/Fix: write \d{4}-\d{2}$/);

  fireEvent.click(screen.getByTestId('tab-project'));
  await act(async () => wb.setSelection('Projects', 'B3'));
  const id = String(wb.cell('Projects', 'A3').value);
  await waitFor(() => expect(screen.getByTestId('project-id').textContent).toBe(id), { timeout: 10_000 });
  await act(async () => wb.setSelection('Projects', 'C4'));
  const id4 = String(wb.cell('Projects', 'A4').value);
  await waitFor(() => expect(screen.getByTestId('project-id').textContent).toBe(id4), { timeout: 10_000 });

  fireEvent.click(screen.getByTestId('tab-review'));
  await waitFor(() => expect(screen.getAllByTestId('request').length).toBeGreaterThan(0), { timeout: 10_000 });
  fireEvent.click(screen.getByTestId('export-review'));
  await idle();
  expect(wb.sheetNames()).toContain('Review');
});

test('highlight → fix: the fix puts back that cell’s own fill, the other highlights stay, in a fixed number of round trips', async () => {
  const wb = new MemoryWorkbook();
  installExcelGlobals(wb);
  const run = wb.run.bind(wb) as ExcelRunner;
  render(<App run={run} ops={realOps} initialLang="zh" />);
  const setup = await screen.findByTestId('setup');
  await waitFor(() => expect((setup as HTMLButtonElement).disabled).toBe(false));
  fireEvent.click(setup);
  await idle();
  fireEvent.click(screen.getByTestId('load-sample'));
  await idle();
  fireEvent.click(screen.getByTestId('tab-check'));
  wb.resetStats();
  fireEvent.click(await screen.findByTestId('run-check'));
  await screen.findByTestId('counts');
  await idle();
  const checkSyncs = wb.stats.syncs;
  expect(checkSyncs).toBeGreaterThan(0);

  const row = screen.getAllByTestId('fix')[0].closest('[data-testid="finding"]') as HTMLElement;
  const address = within(row).getByTestId('finding-cell').textContent!;
  const [, sheet, a1] = /^'?(.*?)'?!(.*)$/.exec(address)!;
  // The user had coloured that cell before highlighting.
  await act(async () =>
    run(async (ctx) => {
      ctx.workbook.worksheets.getItem(sheet).getRange(a1).format.fill.color = '#92D050';
      await ctx.sync();
    }),
  );
  fireEvent.click(screen.getByTestId('highlight'));
  await idle();
  const cells = [...document.querySelectorAll('[data-testid="finding-cell"]')].map((e) => e.textContent!);
  const fillAt = (a: string): string | undefined => {
    const [, s, r] = /^'?(.*?)'?!(.*)$/.exec(a)!;
    return wb.cell(s, r).fill;
  };
  expect(fillAt(address)).toBe('#F8CBAD');
  const others = new Map(cells.filter((c) => c !== address).map((c) => [c, fillAt(c)]));
  expect([...others.values()].every((f) => f !== undefined)).toBe(true);

  wb.resetStats();
  fireEvent.click(within(row).getByTestId('fix'));
  await waitFor(() => expect(screen.getByTestId('notice').textContent).toContain(address));
  await idle();
  // The fix's two round trips (read, then write the number and put back the fill) and the re-check.
  expect(wb.stats.syncs).toBe(2 + checkSyncs);
  expect(fillAt(address)).toBe('#92D050');
  for (const [c, f] of others) expect(fillAt(c)).toBe(f);
  // The finding is gone from the re-checked list; the results are current.
  expect(
    [...document.querySelectorAll('[data-testid="finding-cell"]')].filter((e) => e.textContent === address),
  ).toHaveLength(0);
  expect(screen.queryByTestId('stale')).toBeNull();
  fireEvent.click(screen.getByTestId('clear-highlights'));
  await idle();
  expect(fillAt(address)).toBe('#92D050');
  for (const c of others.keys()) expect(['#F8CBAD', '#FFE699', '#DDEBF7']).not.toContain(fillAt(c));
});
