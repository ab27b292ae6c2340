/** The memory host's Worksheet.findAll / findAllOrNullObject (ExcelApi 1.9), as Excel documents them. */
import { MemoryWorkbook } from '../../src/hosts/memory';

async function book(): Promise<MemoryWorkbook> {
  const wb = new MemoryWorkbook();
  await wb.run(async (ctx) => {
    ctx.workbook.worksheets.getItem('Sheet1').getRange('A1:C4').values = [
      ['PS-001', 'ps-001', 'note on PS-001'],
      ['PS-002', 1001, ''],
      ['PS-001', 'PS-0011', ''],
      ['x', '', 'PS-001'],
    ];
    await ctx.sync();
  });
  return wb;
}

const find = (wb: MemoryWorkbook, text: string, criteria: Excel.WorksheetSearchCriteria, orNull = true) =>
  wb.run(async (ctx) => {
    const ws = ctx.workbook.worksheets.getItem('Sheet1');
    const r = (orNull ? ws.findAllOrNullObject(text, criteria) : ws.findAll(text, criteria)).load('address');
    await ctx.sync();
    return r.isNullObject ? null : r.address;
  });

test('a complete match ignores case by default and returns vertical runs per column', async () => {
  const wb = await book();
  expect(await find(wb, 'PS-001', { completeMatch: true })).toBe('Sheet1!A1,Sheet1!A3,Sheet1!B1,Sheet1!C4');
  expect(await find(wb, 'PS-001', { completeMatch: true, matchCase: true })).toBe('Sheet1!A1,Sheet1!A3,Sheet1!C4');
});

test('a partial match (the default) finds the text inside a cell; numbers match their text', async () => {
  const wb = await book();
  expect(await find(wb, 'PS-001', {})).toBe('Sheet1!A1,Sheet1!A3,Sheet1!B1,Sheet1!B3,Sheet1!C1,Sheet1!C4');
  expect(await find(wb, '1001', { completeMatch: true })).toBe('Sheet1!B2');
});

test('nothing found: a null object from findAllOrNullObject, ItemNotFound from findAll', async () => {
  const wb = await book();
  expect(await find(wb, 'PS-999', { completeMatch: true })).toBeNull();
  await expect(find(wb, 'PS-999', { completeMatch: true }, false)).rejects.toMatchObject({ code: 'ItemNotFound' });
  await expect(find(wb, '', {})).rejects.toMatchObject({ code: 'InvalidArgument' });
});
