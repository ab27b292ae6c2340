/** @jest-environment jsdom */
/**
 * The Roll-up page over the real operations and the strict in-memory host: .xlsx files picked in the
 * pane are read with the direct reader (as in the browser), each shows its progress, the roll-up is
 * written into the open workbook, and each review item leads to its row.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { colLetters, installExcelGlobals, MemoryWorkbook, quoteSheet } from '../../src/hosts/memory';
import { exportXlsx } from '../../src/hosts/xlsx';
import { App } from '../../src/taskpane/App';
import { realOps } from '../../src/taskpane/ops';
import { loadSample, setPolicyValue, setUp } from '../../src/workbook';
import type { ExcelRunner } from '../../src/workbook/types';
import { TextDecoder, TextEncoder } from 'util';

// The browser has these; jsdom does not.
Object.assign(globalThis, {
  TextDecoder: globalThis.TextDecoder ?? TextDecoder,
  TextEncoder: globalThis.TextEncoder ?? TextEncoder,
});

(globalThis as unknown as { ResizeObserver: unknown }).ResizeObserver ??= class {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
};

jest.setTimeout(120_000);

async function teamFile(name: string, lang: 'zh' | 'en', team: string): Promise<File> {
  const wb = new MemoryWorkbook({ empty: true });
  const run = wb.run.bind(wb) as ExcelRunner;
  await setUp(run, { lang });
  await loadSample(run, { lang, team });
  await setPolicyValue(run, 'Team', team);
  const bytes = await exportXlsx(wb);
  const file = new File([new Uint8Array(bytes)], name, {
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  });
  // jsdom's File may lack arrayBuffer(); the browser's has it.
  if (!('arrayBuffer' in file))
    Object.defineProperty(file, 'arrayBuffer', { value: async () => new Uint8Array(bytes).buffer });
  return file;
}

function selected(wb: MemoryWorkbook): string {
  const sel = wb.model.selection!;
  return `${quoteSheet(sel.sheet.name)}!${colLetters(sel.rect.c0)}${sel.rect.r0 + 1}`;
}

test('Roll-up: pick three files (one broken), see progress, write the roll-up, go to a review row', async () => {
  const files = [
    await teamFile('east.xlsx', 'zh', '华东'),
    await teamFile('west.xlsx', 'en', 'West'),
    new File(['a,b\n1,2'], 'table.xlsx'),
  ];
  if (!('arrayBuffer' in files[2]))
    Object.defineProperty(files[2], 'arrayBuffer', { value: async () => new TextEncoder().encode('a,b\n1,2').buffer });
  const wb = new MemoryWorkbook();
  installExcelGlobals(wb);
  const run = wb.run.bind(wb) as ExcelRunner;
  render(<App run={run} ops={realOps} initialLang="zh" initialPage="rollup" />);

  const input = (await screen.findByTestId('rollup-files')) as HTMLInputElement;
  Object.defineProperty(input, 'files', { value: files });
  fireEvent.change(input);
  await waitFor(
    () =>
      expect(
        screen.getAllByTestId('rollup-file').every((li) => ['ok', 'error'].includes(li.getAttribute('data-state')!)),
      ).toBe(true),
    {
      timeout: 60_000,
    },
  );
  const states = screen.getAllByTestId('rollup-file').map((li) => li.getAttribute('data-state'));
  expect(states).toEqual(['ok', 'ok', 'error']);
  expect(screen.getAllByTestId('rollup-file')[2].textContent).toMatch(/不是|not/);
  expect(screen.getByTestId('rollup-summary').textContent).toMatch(/2 个工作簿可用，1 个跳过/);

  fireEvent.click(screen.getByTestId('rollup-write'));
  await screen.findByText(/已写入汇总/);
  expect(wb.sheetNames()).toEqual(
    expect.arrayContaining(['汇总来源', '项目汇总', '汇总复核', '知识库', '汇总问题', '汇总看板']),
  );
  expect(wb.model.sheets.find((s) => s.name === '汇总看板')!.charts).toHaveLength(3);

  const items = screen.getAllByTestId('rollup-review-item');
  expect(items.length).toBeGreaterThan(0);
  fireEvent.click(within(items[0]).getByRole('button'));
  await waitFor(() => expect(selected(wb)).toBe('汇总复核!A4'));
  // The row the pane led to holds the item's project.
  const t = wb.model.findTable('RollupReview')!;
  expect(items[0].textContent).toContain(String(t.sheet.get(t.rect.r0 + 1, t.rect.c0 + 1)?.v));
});
