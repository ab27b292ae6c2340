/** @jest-environment jsdom */
/**
 * The pane's as-of date over the real operations and the strict memory host: blank means the Policy's
 * AsOfDate (what the sheet's formulas use), else today; a typed date wins; "today" follows the clock
 * while the pane stays open.
 */
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { parseAsOfInput, resolveAsOf } from '../../src/engine/asof';
import { serialFromYmd } from '../../src/engine/values';
import { installExcelGlobals, MemoryWorkbook } from '../../src/hosts/memory';
import { App } from '../../src/taskpane/App';
import { realOps } from '../../src/taskpane/ops';
import { loadSample, setUp } from '../../src/workbook';
import type { ExcelRunner } from '../../src/workbook/types';

(globalThis as unknown as { ResizeObserver: unknown }).ResizeObserver ??= class {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
};

jest.setTimeout(60_000);

const POLICY_DATE = serialFromYmd(2026, 11, 20);
const DAY1 = serialFromYmd(2026, 11, 30);
const DAY2 = DAY1 + 1;

/** Writes the Policy table's AsOfDate value ('' to clear it), as a person would in the Settings sheet. */
async function setPolicyAsOf(run: ExcelRunner, value: number | ''): Promise<void> {
  await run(async (context) => {
    const body = context.workbook.tables.getItem('Policy').getDataBodyRange().load('values');
    await context.sync();
    const row = body.values.findIndex((r) => r[0] === 'AsOfDate');
    body.getCell(row, 1).values = [[value]];
    await context.sync();
  });
}

async function book(): Promise<{ wb: MemoryWorkbook; run: ExcelRunner }> {
  const wb = new MemoryWorkbook();
  installExcelGlobals(wb);
  const run = wb.run.bind(wb) as ExcelRunner;
  await setUp(run, { lang: 'en' });
  await loadSample(run, { today: POLICY_DATE });
  return { wb, run };
}

async function idle(): Promise<void> {
  await waitFor(() => expect(document.querySelector('[aria-busy="true"]')).toBeNull(), { timeout: 20_000 });
}

const checkedAt = (): string => screen.getByText(/^As of \d{4}-\d\d-\d\d/).textContent ?? '';

test('parseAsOfInput and resolveAsOf: typed, else Policy AsOfDate, else today', () => {
  expect(parseAsOfInput('')).toEqual({ kind: 'blank' });
  expect(parseAsOfInput('  ')).toEqual({ kind: 'blank' });
  expect(parseAsOfInput('2026-11-30')).toEqual({ kind: 'date', serial: DAY1 });
  expect(parseAsOfInput('2026-02-30')).toEqual({ kind: 'invalid' });
  expect(parseAsOfInput('tomorrow')).toEqual({ kind: 'invalid' });
  // The forms people write: slashes, and the Chinese date with full-width digits too.
  expect(parseAsOfInput('2026/11/30')).toEqual({ kind: 'date', serial: DAY1 });
  expect(parseAsOfInput('2026年11月30日')).toEqual({ kind: 'date', serial: DAY1 });
  expect(parseAsOfInput('２０２６年１１月３０日')).toEqual({ kind: 'date', serial: DAY1 });
  expect(parseAsOfInput('2026/13/01')).toEqual({ kind: 'invalid' });
  expect(resolveAsOf(DAY2, POLICY_DATE, DAY1)).toEqual({ serial: DAY2, source: 'typed' });
  expect(resolveAsOf(undefined, POLICY_DATE, DAY1)).toEqual({ serial: POLICY_DATE, source: 'policy' });
  expect(resolveAsOf(undefined, null, DAY1)).toEqual({ serial: DAY1, source: 'today' });
  expect(resolveAsOf(undefined, 'next week', DAY1)).toEqual({ serial: DAY1, source: 'today' });
});

test('blank uses the Policy AsOfDate; a typed date wins; clearing Policy falls back to today, which follows the clock', async () => {
  const { run } = await book();
  await setPolicyAsOf(run, POLICY_DATE);
  let now = DAY1;
  render(<App run={run} ops={realOps} initialLang="en" initialPage="check" today={() => now} clockPollMs={40} />);
  await idle();
  const box = screen.getByTestId('as-of') as HTMLInputElement;
  expect(box.value).toBe('');
  expect(screen.getByText(/Leave blank for the Policy AsOfDate, or today \(2026-11-30\)/)).toBeTruthy();

  fireEvent.click(await screen.findByTestId('run-check'));
  await screen.findByTestId('counts');
  await idle();
  expect(checkedAt()).toMatch(/^As of 2026-11-20 \(Policy AsOfDate\)/);

  fireEvent.change(screen.getByTestId('as-of'), { target: { value: '2026-12-05' } });
  fireEvent.click(await screen.findByTestId('run-check'));
  await waitFor(() => expect(checkedAt()).toMatch(/^As of 2026-12-05 \(the date you entered\)/));
  await idle();

  // Blank again, and the Policy date removed: today.
  fireEvent.change(screen.getByTestId('as-of'), { target: { value: '' } });
  await setPolicyAsOf(run, '');
  fireEvent.click(await screen.findByTestId('run-check'));
  await waitFor(() => expect(checkedAt()).toMatch(/^As of 2026-11-30 \(today\)/));
  await idle();

  // Midnight passes with the pane open: the check made as of today is made again for the new day.
  await act(async () => {
    now = DAY2;
  });
  await waitFor(() => expect(checkedAt()).toMatch(/^As of 2026-12-01 \(today\)/), { timeout: 5_000 });
  await idle();
  expect(screen.getByText(/or today \(2026-12-01\)/)).toBeTruthy();
});

test('a check as of a typed date is not redone when the day changes', async () => {
  const { run } = await book();
  let now = DAY1;
  const ops = { ...realOps, checkWorkbook: jest.fn(realOps.checkWorkbook) };
  render(<App run={run} ops={ops} initialLang="en" initialPage="check" today={() => now} clockPollMs={40} />);
  await idle();
  fireEvent.change(screen.getByTestId('as-of'), { target: { value: '2026-11-25' } });
  fireEvent.click(await screen.findByTestId('run-check'));
  await waitFor(() => expect(checkedAt()).toMatch(/^As of 2026-11-25 \(the date you entered\)/));
  await idle();
  expect(ops.checkWorkbook).toHaveBeenCalledTimes(1);
  expect(ops.checkWorkbook).toHaveBeenLastCalledWith(expect.anything(), {
    asOf: serialFromYmd(2026, 11, 25),
    today: DAY1,
  });
  await act(async () => {
    now = DAY2;
    await new Promise((r) => setTimeout(r, 200));
  });
  expect(ops.checkWorkbook).toHaveBeenCalledTimes(1);
  expect(checkedAt()).toMatch(/^As of 2026-11-25/);
});
