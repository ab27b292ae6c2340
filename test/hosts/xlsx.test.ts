import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { MemoryWorkbook } from '../../src/hosts/memory';
import { exportXlsx, importXlsx } from '../../src/hosts/xlsx';

async function build(): Promise<MemoryWorkbook> {
  const wb = new MemoryWorkbook();
  await wb.run(async (ctx) => {
    const sheets = ctx.workbook.worksheets;
    sheets.getItem('Sheet1').name = '项目信息';
    const set = sheets.add('设置');
    const ws = sheets.getItem('项目信息');
    ws.getRange('A1:C1').values = [['A', 'B', 'Date']];
    const t = ws.tables.add('A1:C1', true);
    t.name = 'T';
    t.rows.add(undefined, [
      [1, 'x', 45292],
      [2, 'y', 45293],
    ]);
    t.columns.add(undefined, undefined, 'Calc');
    await ctx.sync();
    t.columns.getItem('Calc').getDataBodyRange().formulas = [['=T[[#This Row],[A]]*2'], ['=T[[#This Row],[A]]*2']];
    t.columns.getItem('Date').getDataBodyRange().numberFormat = [['yyyy-mm-dd'], ['yyyy-mm-dd']];
    ws.getRange('F1').formulas = [['=MAXIFS(T[A],T[B],"x")']];
    ws.getRange('F2').formulas = [['=IFERROR(1/0,0)']];
    ws.getRange('F3').formulas = [['=""']];
    ws.getRange('A1:D1').format.fill.color = '#1F4E78';
    ws.getRange('A1:D1').format.font.color = '#FFFFFF';
    ws.getRange('A1:D1').format.font.bold = true;
    ws.getRange('B:B').format.columnWidth = 120;
    ws.freezePanes.freezeRows(1);
    set.getRange('A1:A3').values = [['接触'], ['咨询'], ['跟踪']];
    set.getRange('B2').values = [[0.3]];
    ctx.workbook.names.add('PP_List_Stages', set.getRange('A1:A3'));
    ctx.workbook.names.add('PP_Threshold', '=设置!$B$2', 'threshold');
    ctx.workbook.names.add('PP_Const', '=0.25');
    const dv = ws.getRange('B2:B3').dataValidation;
    dv.rule = { list: { inCellDropDown: true, source: '=PP_List_Stages' } };
    dv.errorAlert = { showAlert: true, style: 'Stop', title: '无效', message: '请选择' };
    ws.getRange('A2:A3').dataValidation.rule = {
      decimal: { formula1: 0, formula2: '=PP_Threshold', operator: 'Between' },
    };
    const cf = ws.getRange('A2:D3').conditionalFormats.add('Custom' as Excel.ConditionalFormatType);
    cf.custom.rule.formula = '=$A2>1';
    cf.custom.format.fill.color = '#FFC7CE';
    cf.custom.format.font.color = '#9C0006';
  });
  // cached results as a recalc engine would provide them
  wb.setCachedValue('项目信息', 'D2', 2);
  wb.setCachedValue('项目信息', 'D3', 4);
  wb.setCachedValue('项目信息', 'F1', 1);
  wb.setCachedValue('项目信息', 'F2', 0);
  wb.setCachedValue('项目信息', 'F3', '');
  return wb;
}

describe('xlsx round trip', () => {
  let buf: Buffer;
  beforeAll(async () => {
    buf = await exportXlsx(await build());
  });

  test('file contains calculatedColumnFormula, _xlfn prefixes and names', async () => {
    const zip = await JSZip.loadAsync(buf);
    const tableXml = await zip.file('xl/tables/table1.xml')!.async('string');
    expect(tableXml).toContain('<calculatedColumnFormula>T[[#This Row],[A]]*2</calculatedColumnFormula>');
    const sheetXml = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    expect(sheetXml).toContain('<f>_xlfn.MAXIFS(T[A],T[B],&quot;x&quot;)</f>');
    expect(sheetXml).toContain('<formula1>PP_List_Stages</formula1>');
    const wbXml = await zip.file('xl/workbook.xml')!.async('string');
    expect(wbXml).toContain('<definedName name="PP_Const">0.25</definedName>');
    expect(wbXml).toMatch(/<definedName name="PP_List_Stages">设置!\$A\$1:\$A\$3<\/definedName>/);
    // the file must still be readable by ExcelJS itself
    const x = new ExcelJS.Workbook();
    await x.xlsx.load(buf as any);
    expect(x.worksheets.map((w) => w.name)).toEqual(['项目信息', '设置']);
  });

  test('import restores the model', async () => {
    const wb = await importXlsx(buf);
    expect(wb.sheetNames()).toEqual(['项目信息', '设置']);
    const t = wb.table('T')!;
    expect(t.columns.map((c) => c.name)).toEqual(['A', 'B', 'Date', 'Calc']);
    expect(t.columns[3].calc).toBe('=T[[#This Row],[A]]*2');
    expect(wb.cell('项目信息', 'F1').formula).toBe('=MAXIFS(T[A],T[B],"x")');
    expect(wb.cell('项目信息', 'D3')).toMatchObject({ formula: '=T[[#This Row],[A]]*2', value: 4 });
    // cached 0 and "" survive
    expect(wb.cell('项目信息', 'F2')).toMatchObject({ value: 0, valueType: 'Double' });
    expect(wb.cell('项目信息', 'F3')).toMatchObject({ formula: '=""', value: '' });
    expect(wb.cell('项目信息', 'C2')).toMatchObject({ value: 45292, numberFormat: 'yyyy-mm-dd' });
    expect(wb.cell('项目信息', 'A1')).toMatchObject({ fill: '#1F4E78', fontColor: '#FFFFFF', bold: true });
    expect(wb.sheet('项目信息').freeze).toEqual({ rows: 1, cols: 0 });
    expect(Math.abs(wb.sheet('项目信息').colWidth.get(1)! - 120)).toBeLessThan(1);
    await wb.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem('项目信息');
      const dv = ws.getRange('B2:B3').dataValidation.load('rule,errorAlert');
      const dv2 = ws.getRange('A2:A3').dataValidation.load('rule');
      const cfs = ws.getRange('A2').conditionalFormats.load('items/type');
      const names = ctx.workbook.names.load('items/name,items/formula,items/comment');
      const body = ctx.workbook.tables.getItem('T').getDataBodyRange().load('values,address');
      await ctx.sync();
      expect(dv.rule).toEqual({ list: { inCellDropDown: true, source: '=PP_List_Stages' } });
      expect(dv.errorAlert).toMatchObject({ showAlert: true, title: '无效', message: '请选择' });
      expect(dv2.rule).toEqual({ decimal: { formula1: 0, formula2: '=PP_Threshold', operator: 'Between' } });
      expect(cfs.items).toHaveLength(1);
      expect(names.items.map((n) => [n.name, n.formula])).toEqual([
        ['PP_List_Stages', '=设置!$A$1:$A$3'],
        ['PP_Threshold', '=设置!$B$2'],
        ['PP_Const', '=0.25'],
      ]);
      expect(names.items[1].comment).toBe('threshold');
      expect(body.address).toBe('项目信息!A2:D3');
      expect(body.values).toEqual([
        [1, 'x', 45292, 2],
        [2, 'y', 45293, 4],
      ]);
    });
    const cf = wb.sheet('项目信息').cfs[0];
    expect(cf).toMatchObject({ formula: '=$A2>1', fill: '#FFC7CE', fontColor: '#9C0006' });
    // calculated column still propagates after import
    await wb.run(async (ctx) => {
      ctx.workbook.tables.getItem('T').rows.add(undefined, [[7, 'z', 45300, '']]);
    });
    expect(wb.cell('项目信息', 'D4').formula).toBe('=T[[#This Row],[A]]*2');
  });

  test('dates read by ExcelJS become serial numbers', async () => {
    const x = new ExcelJS.Workbook();
    const ws = x.addWorksheet('S');
    ws.getCell('A1').value = new Date(Date.UTC(2024, 0, 1));
    ws.getCell('A1').numFmt = 'yyyy-mm-dd';
    ws.getCell('B1').value = { richText: [{ text: 'ab' }, { text: 'c' }] };
    ws.getCell('C1').value = { error: '#N/A' } as ExcelJS.CellErrorValue;
    ws.getCell('D1').value = { formula: '1=2', result: false } as ExcelJS.CellFormulaValue;
    ws.getCell('E1').value = { text: 'link', hyperlink: 'https://example.com' };
    const wb = await importXlsx(Buffer.from(await x.xlsx.writeBuffer()));
    expect(wb.cell('S', 'A1').value).toBe(45292);
    expect(wb.cell('S', 'B1').value).toBe('abc');
    expect(wb.cell('S', 'C1')).toMatchObject({ value: '#N/A', valueType: 'Error' });
    expect(wb.cell('S', 'D1')).toMatchObject({ value: false, formula: '=1=2' });
    expect(wb.cell('S', 'E1').value).toBe('link');
  });

  test('cached 0, "" and FALSE written by Excel survive import (cell.result)', async () => {
    const x = new ExcelJS.Workbook();
    x.addWorksheet('S').getCell('A1').value = 'seed';
    const zip = await JSZip.loadAsync(await x.xlsx.writeBuffer());
    const path = 'xl/worksheets/sheet1.xml';
    let xml = await zip.file(path)!.async('string');
    xml = xml.replace(
      '</row>',
      '<c r="B1"><f>0*1</f><v>0</v></c><c r="C1" t="str"><f>""&amp;""</f><v></v></c><c r="D1" t="b"><f>1=2</f><v>0</v></c><c r="E1"><f>_xlfn.IFNA(1,2)</f><v>1</v></c></row>',
    );
    zip.file(path, xml);
    const wb = await importXlsx(await zip.generateAsync({ type: 'nodebuffer' }));
    expect(wb.cell('S', 'B1')).toMatchObject({ formula: '=0*1', value: 0, valueType: 'Double' });
    expect(wb.cell('S', 'C1')).toMatchObject({ formula: '=""&""', value: '' });
    expect(wb.cell('S', 'D1')).toMatchObject({ formula: '=1=2', value: false, valueType: 'Boolean' });
    expect(wb.cell('S', 'E1')).toMatchObject({ formula: '=IFNA(1,2)', value: 1 });
  });

  test('bad input gives a readable one-line error', async () => {
    await expect(importXlsx(Buffer.from('hello, not a zip'))).rejects.toThrow(
      /^Cannot open workbook: not an \.xlsx file/,
    );
    await expect(importXlsx(Buffer.alloc(0))).rejects.toThrow('Cannot open workbook: the file is empty.');
    const zip = new JSZip();
    zip.file('hello.txt', 'hi');
    await expect(importXlsx(await zip.generateAsync({ type: 'nodebuffer' }))).rejects.toThrow(/no xl\/workbook\.xml/);
  });

  test('huge sparse formatted sheets load (the bottom cell is there)', async () => {
    const x = new ExcelJS.Workbook();
    const ws = x.addWorksheet('Big');
    ws.getCell('A1').value = 'top';
    for (let r = 2; r <= 100000; r++) ws.getCell(r, 1).numFmt = 'yyyy-mm-dd';
    ws.getCell('A100001').value = 'bottom';
    const buf = Buffer.from(await x.xlsx.writeBuffer());
    const wb = await importXlsx(buf);
    expect(wb.cell('Big', 'A100001').value).toBe('bottom');
  }, 60000);
});

describe('_xlfn handling', () => {
  const { addXlfn, stripXlfn } = jest.requireActual('../../src/hosts/xlsx') as typeof import('../../src/hosts/xlsx');
  test('adds prefixes outside strings only, and strips them back', () => {
    const f = 'IFS(A1>1,MAXIFS(B:B,C:C,"MINIFS("),TRUE,TEXTJOIN(",",TRUE,FILTER(A:A,B:B)))+SUMIFS(B:B,C:C,1)';
    const w = addXlfn(f);
    expect(w).toBe(
      '_xlfn.IFS(A1>1,_xlfn.MAXIFS(B:B,C:C,"MINIFS("),TRUE,_xlfn.TEXTJOIN(",",TRUE,_xlfn._xlws.FILTER(A:A,B:B)))+SUMIFS(B:B,C:C,1)',
    );
    expect(addXlfn(w)).toBe(w);
    expect(stripXlfn(w)).toBe(f);
  });
});
