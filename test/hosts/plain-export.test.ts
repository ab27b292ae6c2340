/**
 * The plain .xlsx writer (src/hosts/xlsx/plain-export): a roll-up written straight as SpreadsheetML holds
 * what ExcelJS's export of the same workbook holds — every table's values, number formats and bold
 * titles, widths, frozen panes, the three charts — validates against the ISO/IEC 29500 schemas, passes
 * the checks Excel applies on open, and refuses a model with what only exportXlsx writes.
 */
import JSZip from 'jszip';
import { buildRollup, ROLLUP_TABLES } from '../../src/engine/rollup';
import { MemoryWorkbook } from '../../src/hosts/memory';
import { exportXlsx, importXlsx } from '../../src/hosts/xlsx';
import { exportPlainXlsx, plainExportRefusal } from '../../src/hosts/xlsx/plain-export';
import { readPipelineXlsx } from '../../src/hosts/xlsx/pipeline-reader';
import { writeRollup } from '../../src/workbook/rollup-sheets';
import { AS_OF, baseline, build, milestones, project, salesPlan } from '../engine/build';
import { repairProblems, schemaErrors } from '../support/ooxml';

const CHART_TABLES = ['RollupChartStage', 'RollupChartCost', 'RollupChartEscalations'];
const ALL = [...ROLLUP_TABLES.map((t) => t.name), ...CHART_TABLES];

/** A roll-up of two small teams written into a fresh workbook, with awkward text in one project. */
async function rolledUp(): Promise<MemoryWorkbook> {
  const teams = ['A', 'B'].map((prefix) => {
    const s = baseline('zh');
    s.Projects = [];
    s.SalesPlan = [];
    s.TaskBook = [];
    for (let i = 1; i <= 6; i++) {
      const id = `${prefix}-${i}`;
      const name = i === 1 ? ` 项目 <&> "引号" ` : `项目${prefix}${i}`;
      s.Projects.push(project('zh', { projectId: id, projectName: name, customer: `客户${prefix}${i}` }));
      s.SalesPlan.push(...salesPlan(id));
      s.TaskBook.push(...milestones(id).map((m, k) => (k === 0 && i % 2 === 0 ? { ...m, actualCost: 90_000 } : m)));
    }
    return { file: `${prefix}.xlsx`, snapshot: build(s) };
  });
  const wb = new MemoryWorkbook({ empty: true });
  await writeRollup(wb.run.bind(wb), buildRollup(teams, { lang: 'zh', asOf: AS_OF }), 'zh');
  return wb;
}

let wb: MemoryWorkbook;
let plain: Buffer;
let viaExcelJs: Buffer;
beforeAll(async () => {
  wb = await rolledUp();
  plain = Buffer.from(await exportPlainXlsx(wb));
  viaExcelJs = await exportXlsx(wb);
}, 60_000);

describe('exportPlainXlsx', () => {
  test('the same tables, values and headers as the ExcelJS export, read back by the direct reader', async () => {
    const a = await readPipelineXlsx(plain, { extraTables: ALL });
    const b = await readPipelineXlsx(viaExcelJs, { extraTables: ALL });
    expect(Object.keys(a.snapshot.tables).sort()).toEqual([...ALL].sort());
    expect(a.snapshot).toEqual(b.snapshot);
    expect(a.sheets).toEqual(b.sheets);
    // The awkward text comes back as written (spaces kept, markup characters escaped).
    const rows = a.snapshot.tables.RollupProjects!.rows;
    expect(rows.some((r) => r.includes(` 项目 <&> "引号" `))).toBe(true);
  });

  test("text that looks like Excel's _xHHHH_ escape comes back as written (ExcelJS's export loses it)", async () => {
    const m = new MemoryWorkbook({ empty: true });
    const texts = ['_x0041_', 'a_x005F_b', 'tab\tnew\nline', '\u0001\u001f'];
    await m.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.add('S');
      ws.getRange('A1:A5').values = [['Text'], ...texts.map((t) => [t])];
      ws.tables.add('A1:A5', true).name = 'Texts';
      await ctx.sync();
    });
    const read = await readPipelineXlsx(await exportPlainXlsx(m), { extraTables: ['Texts'] });
    expect(read.snapshot.tables.Texts!.rows).toEqual(texts.map((t) => [t]));
  });

  test('each kind of value is written as its own cell markup, numbers exactly as JavaScript prints them', async () => {
    const m = new MemoryWorkbook({ empty: true });
    const numbers = [0, -0, 7, -5, 10, 99, 123456789012, 2 ** 53 + 2, -(2 ** 31), 0.1, -1.5e-7, 1e21, 1234567.891];
    await m.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.add('S');
      ws.getRange(`A1:A${numbers.length}`).values = numbers.map((n) => [n]);
      ws.getRange('B1:B3').values = [[true], [false], ['text']];
      ws.getRange('C2').numberFormat = [['0.00']];
      ws.getRange('D3').values = [['=1/0']];
      await ctx.sync();
    });
    // An error value as a cell holds it (the host keeps a formula's cached error).
    const d3 = m.model.sheets[0].get(2, 3)!;
    delete d3.f;
    d3.v = { error: '#DIV/0!' };
    const zip = await JSZip.loadAsync(await exportPlainXlsx(m));
    const xml = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    const data = /<sheetData>(.*)<\/sheetData>/.exec(xml)![1];
    const rows = [...data.matchAll(/<row r="(\d+)">(.*?)<\/row>/g)].map((x) => [x[1], x[2]]);
    expect(rows.map((r) => r[0])).toEqual(numbers.map((_, i) => String(i + 1)));
    numbers.forEach((n, i) => expect(rows[i][1]).toContain(`<c r="A${i + 1}"><v>${n}</v></c>`));
    expect(rows[0][1]).toContain('<c r="B1" t="b"><v>1</v></c>');
    expect(rows[1][1]).toMatch(/<c r="B2" t="b"><v>0<\/v><\/c><c r="C2" s="[1-9]\d*"\/>$/);
    expect(rows[2][1]).toContain('<c r="B3" t="s"><v>0</v></c><c r="D3" t="e"><v>#DIV/0!</v></c>');
    expect(xml).toContain('<dimension ref="A1:D13"/>');
  });

  test('number formats, bold titles, column widths, frozen panes and charts survive a round trip', async () => {
    const back = await importXlsx(plain);
    for (const sheet of wb.model.sheets) {
      const other = back.model.sheets.find((s) => s.name === sheet.name)!;
      expect(other.freeze).toEqual(sheet.freeze);
      for (const [c, w] of sheet.colWidth) expect(Math.abs(other.colWidth.get(c)! - w)).toBeLessThan(1);
      for (const [k, cell] of sheet.cells) {
        const got = other.cells.get(k);
        if (cell.nf && cell.nf !== 'General' && cell.v !== null) expect(got?.nf).toBe(cell.nf);
        if (cell.bold) expect(got?.bold).toBe(true);
      }
    }
    const zip = await JSZip.loadAsync(plain);
    expect(Object.keys(zip.files).filter((p) => /^xl\/charts\/chart\d+\.xml$/.test(p))).toHaveLength(3);
    const wbXml = await zip.file('xl/workbook.xml')!.async('string');
    // The dashboard (written last, and made active) is the active tab.
    expect(wbXml).toContain(`activeTab="${wb.model.sheets.indexOf(wb.model.activeSheet!)}"`);
  });

  test('every part validates against the schemas and passes the checks Excel applies on open', async () => {
    const { errors, validated } = await schemaErrors(plain);
    expect(errors).toEqual([]);
    const sml = validated.get('sml.xsd') ?? [];
    expect(sml).toEqual(expect.arrayContaining(['xl/workbook.xml', 'xl/styles.xml', 'xl/sharedStrings.xml']));
    expect(sml.filter((p) => p.startsWith('xl/tables/')).length).toBe(ALL.length);
    expect(await repairProblems(plain)).toEqual([]);
  }, 60_000);

  test('a model with a formula, validation or a defined name is refused, not written without them', async () => {
    const m = new MemoryWorkbook({ empty: true });
    await m.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.add('S');
      ws.getRange('A1:B1').values = [[1, 2]];
      await ctx.sync();
    });
    expect(plainExportRefusal(m.model)).toBeNull();
    await expect(exportPlainXlsx(m)).resolves.toBeInstanceOf(Uint8Array);
    await m.run(async (ctx) => {
      ctx.workbook.worksheets.getItem('S').getRange('C1').formulas = [['=A1+B1']];
      await ctx.sync();
    });
    expect(plainExportRefusal(m.model)).toMatch(/formulas/);
    await expect(exportPlainXlsx(m)).rejects.toThrow(/cannot write sheet S: formulas; use exportXlsx/);
  });
});
