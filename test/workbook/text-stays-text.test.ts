/**
 * Text stays text: the memory host reads typed strings as Excel does ("3/4" into a General cell is a
 * date, "50%" a number; into a "@" cell they stay as typed), set-up formats every text column "@", and
 * the pane's forms write text as text.
 */
import { numberFormatOf } from '../../src/engine/layout';
import { TABLE_BY_NAME } from '../../src/engine/schema';
import { addPrefilledRow, setUp } from '../../src/workbook';
import { newBook } from './helpers';

test('the memory host coerces typed strings like Excel: General cells parse, "@" cells keep the text', async () => {
  const { wb, run } = newBook();
  await run(async (ctx) => {
    const ws = ctx.workbook.worksheets.getItem('Sheet1');
    ws.getRange('B1:B4').numberFormat = [['@'], ['@'], ['@'], ['@']];
    ws.getRange('A1:B4').values = [
      ['3/4', '3/4'],
      ['50%', '50%'],
      ['1-2', '1-2'],
      ['001', '001'],
    ];
    await ctx.sync();
  });
  expect(wb.cell('Sheet1', 'A1').valueType).toBe('Double'); // a date serial
  expect(wb.cell('Sheet1', 'A2').value).toBe(0.5);
  expect(wb.cell('Sheet1', 'A3').valueType).toBe('Double');
  expect(wb.cell('Sheet1', 'A4').value).toBe(1);
  expect(['B1', 'B2', 'B3', 'B4'].map((a) => wb.cell('Sheet1', a).value)).toEqual(['3/4', '50%', '1-2', '001']);
});

test('set-up formats every text and person column "@" (schema-driven)', async () => {
  const { wb, run } = newBook();
  await setUp(run, { lang: 'en' });
  const projects = TABLE_BY_NAME.Projects;
  const textCols = projects.columns
    .map((c, i) => [c, i] as const)
    .filter(([c]) => c.type === 'text' || c.type === 'person');
  expect(textCols.length).toBeGreaterThan(3);
  for (const [c] of textCols) expect(numberFormatOf(c)).toBe('@');
  const t = wb.table('Projects')!;
  for (const [, i] of textCols) expect(wb.sheet('Projects').styleOf(t.rect.r0 + 1, t.rect.c0 + i, 'nf')).toBe('@');
  // Money, dates and computed columns keep their number formats.
  expect(numberFormatOf(projects.columns.find((c) => c.type === 'money')!)).not.toBe('@');
  expect(numberFormatOf(projects.columns.find((c) => c.type === 'date')!)).not.toBe('@');
});

test('a form writes "3/4" and "50%" as the text typed, also into rows set-up never formatted', async () => {
  const { wb, run } = newBook();
  await setUp(run, { lang: 'en' });
  // The row goes below set-up's formatted rows once the first ones are used.
  for (let k = 0; k < 3; k++) {
    await addPrefilledRow(run, 'Adjustments', {
      adjustmentId: `ADJ-${k}`,
      projectId: 'P-1',
      reason: k === 2 ? '3/4' : '50%',
    });
  }
  const t = wb.table('Adjustments')!;
  const col = TABLE_BY_NAME.Adjustments.columns.findIndex((c) => c.key === 'reason');
  const values = [1, 2, 3].map((r) => wb.sheet(t.sheet.name).get(t.rect.r0 + r, t.rect.c0 + col)?.v);
  expect(values).toEqual(['50%', '50%', '3/4']);
});
