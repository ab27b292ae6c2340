/** @jest-environment jsdom */
/**
 * The Lessons page over the real operations and the strict in-memory host: it searches the workbook's
 * summary reports, filters them and leads to the row.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { colLetters, installExcelGlobals, MemoryWorkbook, quoteSheet } from '../../src/hosts/memory';
import { App } from '../../src/taskpane/App';
import { realOps } from '../../src/taskpane/ops';
import { loadSample, setUp } from '../../src/workbook';
import type { ExcelRunner } from '../../src/workbook/types';

(globalThis as unknown as { ResizeObserver: unknown }).ResizeObserver ??= class {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
};

jest.setTimeout(90_000);

function selected(wb: MemoryWorkbook): string {
  const sel = wb.model.selection!;
  return `${quoteSheet(sel.sheet.name)}!${colLetters(sel.rect.c0)}${sel.rect.r0 + 1}`;
}

test('Lessons: search in Chinese, filter by outcome, go to the lesson row', async () => {
  const wb = new MemoryWorkbook();
  installExcelGlobals(wb);
  const run = wb.run.bind(wb) as ExcelRunner;
  await setUp(run, { lang: 'zh' });
  await loadSample(run, { lang: 'zh' });
  render(<App run={run} ops={realOps} initialLang="zh" initialPage="lessons" />);

  const count = await screen.findByTestId('lessons-count', {}, { timeout: 30_000 });
  const total = Number(/共 (\d+) 条/.exec(count.textContent!)![1]);
  expect(total).toBeGreaterThan(0);
  expect(screen.getAllByTestId('lesson-hit')).toHaveLength(total);

  fireEvent.change(screen.getByTestId('lessons-outcome'), { target: { value: 'Lost' } });
  await waitFor(() => expect(screen.getAllByTestId('lesson-hit').length).toBeLessThan(total));
  for (const hit of screen.getAllByTestId('lesson-hit')) expect(hit.textContent).toContain('丢单');

  fireEvent.change(screen.getByTestId('lessons-outcome'), { target: { value: '' } });
  fireEvent.change(screen.getByTestId('lessons-query'), { target: { value: '不会出现的词语组合' } });
  await screen.findByText(/没有符合条件的总结/);

  fireEvent.change(screen.getByTestId('lessons-query'), { target: { value: '' } });
  const first = (await screen.findAllByTestId('lesson-hit'))[0];
  fireEvent.click(within(first).getAllByRole('button')[0]);
  await waitFor(() => expect(selected(wb)).toMatch(/^'?项目总结报告'?!G\d+$/));
});
