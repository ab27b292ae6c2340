/**
 * Excel integration — set-up: on an empty workbook, on a workbook holding the user's own sheets (one
 * named like ours), and twice in a row (the second run writes nothing).
 */
import { columnLetter } from '../../src/engine/address';
import { columnFormula } from '../../src/engine/formulas';
import {
  CONDITIONAL_FORMATS,
  listName,
  listsSheetColumns,
  numberFormatOf,
  SHEETS,
  validationOf,
} from '../../src/engine/layout';
import { POLICY, policyName } from '../../src/engine/policy';
import { DEFAULT_MARKETS, TABLES } from '../../src/engine/schema';
import { MemoryWorkbook } from '../../src/hosts/memory';
import { contains } from '../../src/hosts/memory/address';
import { checkWorkbook, LISTS_TABLE, loadSample, setUp, STATE_SHEET } from '../../src/workbook';
import { newBook, serializeModel, sheetCells, TODAY } from './helpers';

const DATA_SHEETS = [
  'projects',
  'salesPlan',
  'taskBook',
  'adjustments',
  'terminations',
  'summaries',
  'monthlyReports',
  'warRoom',
];

/** Everything set-up promises, checked on the model; `sheetOf` maps our plan's sheet key to the sheet it got. */
function expectFullLayout(wb: MemoryWorkbook, lang: 'zh' | 'en', sheetOf: (name: string) => string = (n) => n): void {
  const m = wb.model;
  for (const plan of SHEETS) {
    const sheet = wb.sheet(sheetOf(plan.name[lang]));
    if (DATA_SHEETS.includes(plan.key))
      expect({ sheet: sheet.name, freeze: sheet.freeze }).toEqual({ sheet: sheet.name, freeze: { rows: 1, cols: 0 } });
    for (const placement of plan.tables) {
      const schema = TABLES.find((t) => t.name === placement.table)!;
      const t = wb.table(schema.name)!;
      expect(t).toBeDefined();
      expect(t.sheet).toBe(sheet);
      expect({ table: t.name, r0: t.rect.r0, c0: t.rect.c0 }).toEqual({
        table: schema.name,
        r0: placement.row,
        c0: placement.col,
      });
      expect(t.columns.map((c) => c.name)).toEqual(schema.columns.map((c) => c.header[lang]));
      const body = { r0: t.rect.r0 + 1, r1: t.rect.r1 };
      schema.columns.forEach((col, i) => {
        const c = t.rect.c0 + i;
        const where = `${schema.name}.${col.key}`;
        // Computed columns are live formulas: a calculated column, in every body cell.
        if (col.type === 'computed') {
          const formula = columnFormula(schema, col, lang);
          expect({ where, calc: t.columns[i].calc }).toEqual({ where, calc: formula });
          for (let r = body.r0; r <= body.r1; r++)
            expect({ where, r, f: sheet.get(r, c)?.f }).toEqual({ where, r, f: formula });
        }
        const nf = numberFormatOf(col);
        if (nf !== 'General') expect({ where, nf: sheet.styleOf(body.r0, c, 'nf') }).toEqual({ where, nf });
        const plan = col.type === 'computed' ? null : validationOf(col);
        const dv = sheet.dvs.find((d) => contains(d.rect, { r0: body.r0, r1: body.r1, c0: c, c1: c }));
        if (plan) {
          expect({ where, dv: !!dv }).toEqual({ where, dv: true });
          if (plan.kind === 'list')
            expect({ where, source: dv!.rule.list?.source }).toEqual({ where, source: plan.source });
          else expect({ where, kind: Object.keys(dv!.rule) }).toEqual({ where, kind: [plan.kind] });
        }
        const cfPlans = (CONDITIONAL_FORMATS[schema.name] ?? []).filter((p) => p.column === col.key);
        const ref = (k: string): string =>
          `$${columnLetter(t.rect.c0 + schema.columns.findIndex((x) => x.key === k))}${body.r0 + 1}`;
        for (const p of cfPlans) {
          const cf = sheet.cfs.find(
            (x) => contains(x.rect, { r0: body.r0, r1: body.r1, c0: c, c1: c }) && x.formula === `=${p.formula(ref)}`,
          );
          expect({ where, cf: p.description.en, found: !!cf }).toEqual({ where, cf: p.description.en, found: true });
          if (p.fill) expect(cf!.fill).toBe(p.fill);
        }
      });
    }
  }
  // Policy values are reachable by name, and the dropdown lists by name.
  const policy = wb.table('Policy')!;
  for (const e of POLICY) {
    const nm = m.findName(policyName(e.key));
    expect({ name: policyName(e.key), defined: !!nm }).toEqual({ name: policyName(e.key), defined: true });
    const ref = m.resolveReference(nm!.formula)!;
    expect(ref.sheet).toBe(policy.sheet);
    expect(ref.sheet.get(ref.rect.r0, ref.rect.c0 - 1)?.v).toBe(e.key);
    if (e.default !== null)
      expect({ key: e.key, v: ref.sheet.get(ref.rect.r0, ref.rect.c0)?.v }).toEqual({ key: e.key, v: e.default });
  }
  for (const c of listsSheetColumns(lang)) {
    const ref = m.resolveReference(m.findName(listName(c.list))!.formula)!;
    const got: unknown[] = [];
    for (let r = ref.rect.r0; r <= ref.rect.r1; r++) got.push(ref.sheet.get(r, ref.rect.c0)?.v);
    expect(got).toEqual(c.values);
  }
  const markets = m.resolveReference(m.findName(listName('Markets'))!.formula)!;
  expect(markets.sheet.get(markets.rect.r0, markets.rect.c0)?.v).toBe(DEFAULT_MARKETS[0][lang]);
  expect(m.findName(listName('People'))).toBeDefined();
  expect(wb.table(LISTS_TABLE)).toBeDefined();
  expect(wb.sheet(STATE_SHEET).visibility).toBe('VeryHidden');
}

describe('set-up on an empty workbook', () => {
  test.each(['zh', 'en'] as const)(
    'builds every table, validation, conditional format, name and frozen header (%s)',
    async (lang) => {
      const { wb, run } = newBook();
      const res = await setUp(run, { lang });
      expect(res.changed).toBe(true);
      for (const t of TABLES) expect(res.created).toContain(t.name);
      expectFullLayout(wb, lang);
      // The new workbook checks clean of structural problems: no missing table or column.
      const analysis = await checkWorkbook(run, { asOf: TODAY });
      expect(analysis.findings.filter((f) => f.code === 'missing-table' || f.code === 'missing-column')).toEqual([]);
    },
  );
});

describe("set-up on a workbook holding the user's own sheets", () => {
  /** A user workbook: a sheet named like our Projects sheet with data, formats, validation and a table; another with formulas. */
  async function userWorkbook(): Promise<{ wb: MemoryWorkbook; run: ReturnType<typeof newBook>['run'] }> {
    const { wb, run } = newBook();
    await run(async (ctx) => {
      const s1 = ctx.workbook.worksheets.getItem('Sheet1');
      s1.name = '项目信息表';
      const r = s1.getRange('A1:D4');
      r.values = [
        ['客户', '金额', '日期', '备注'],
        ['甲公司', 120000, 46000, "'=重要"],
        ['乙公司', 80000, 46010, ''],
        ['合计', 0, '', ''],
      ] as unknown as string[][];
      s1.getRange('B4').formulas = [['=SUM(B2:B3)']];
      s1.getRange('B2:B4').numberFormat = [['#,##0'], ['#,##0'], ['#,##0']];
      s1.getRange('C2:C3').numberFormat = [['yyyy/m/d'], ['yyyy/m/d']];
      s1.getRange('A1:D1').format.fill.color = '#DDEBF7';
      s1.getRange('A1:D1').format.font.bold = true;
      s1.getRange('B2:B3').dataValidation.rule = {
        decimal: { formula1: 0, operator: Excel.DataValidationOperator.greaterThanOrEqualTo },
      };
      s1.freezePanes.freezeRows(1);
      const t = s1.tables.add('F1:G3', true);
      t.name = 'Projects2024';
      s1.getRange('F1:G3').values = [
        ['编号', '名称'],
        ['P-1', '旧项目'],
        ['P-2', '另一个'],
      ];
      const s2 = ctx.workbook.worksheets.add('我的汇总');
      s2.getRange('A1:B2').formulas = [
        ['=项目信息表!B4*2', 'note'],
        [1, 2],
      ] as unknown as string[][];
      s2.getRange('A1').format.font.color = '#C00000';
      ctx.workbook.names.add('MyTotal', '=项目信息表!$B$4');
      await ctx.sync();
    });
    return { wb, run };
  }

  test('ours goes to another sheet name; the user sheets, tables and names are unchanged byte for byte', async () => {
    const { wb, run } = await userWorkbook();
    const userSheets = ['项目信息表', '我的汇总'];
    const before = serializeModel(wb) as {
      sheets: { name: string }[];
      tables: { name: string }[];
      names: { name: string }[];
    };
    const userBefore = before.sheets.filter((s) => userSheets.includes(s.name));
    const res = await setUp(run, { lang: 'zh' });
    expect(res.changed).toBe(true);
    expect(res.created).toContain('项目信息表 (2)');
    expect(wb.table('Projects')!.sheet.name).toBe('项目信息表 (2)');
    const after = serializeModel(wb) as typeof before;
    expect(after.sheets.filter((s) => userSheets.includes(s.name))).toEqual(userBefore);
    expect(after.tables.filter((t) => t.name === 'Projects2024')).toEqual(before.tables);
    expect(after.names.filter((n) => n.name === 'MyTotal')).toEqual(before.names);
    // Cell by cell, value, formula and format, as the user sees them.
    expect(sheetCells(wb.sheet('项目信息表'))).toEqual((userBefore[0] as unknown as { cells: unknown }).cells);
    expect(wb.cell('项目信息表', 'D2').value).toBe('=重要');
    expect(wb.cell('项目信息表', 'B4').formula).toBe('=SUM(B2:B3)');
    expectFullLayout(wb, 'zh', (n) => (n === '项目信息表' ? '项目信息表 (2)' : n));

    // Our data goes into our tables, and the check reads them there (by table name, not sheet name).
    await loadSample(run, { today: TODAY });
    expect(sheetCells(wb.sheet('项目信息表'))).toEqual((userBefore[0] as unknown as { cells: unknown }).cells);
    const analysis = await checkWorkbook(run, { asOf: TODAY });
    expect(analysis.projects).toHaveLength(18);
    expect(analysis.findings.find((f) => f.code === 'sponsor-not-person')!.cell).toBe("'项目信息表 (2)'!G7");
  });

  test('the second run writes nothing', async () => {
    const { wb, run } = await userWorkbook();
    await setUp(run, { lang: 'zh' });
    await loadSample(run, { today: TODAY });
    const before = serializeModel(wb);
    wb.resetStats();
    const res = await setUp(run, { lang: 'zh' });
    expect(res.changed).toBe(false);
    expect(res.created).toEqual([]);
    expect(res.repaired).toEqual([]);
    expect(wb.stats.writes).toBe(0);
    expect(wb.stats.requests.every((r) => r.writes === 0)).toBe(true);
    expect(serializeModel(wb)).toEqual(before);
  });
});

describe('set-up twice in a row', () => {
  test.each(['zh', 'en'] as const)('the second run changes nothing and sends no write (%s)', async (lang) => {
    const { wb, run } = newBook();
    await setUp(run, { lang });
    const before = serializeModel(wb);
    wb.resetStats();
    const res = await setUp(run, { lang });
    expect(res).toEqual({ created: [], repaired: [], overwrittenFormulas: [], restoredFormulas: 0, changed: false });
    expect(wb.stats.writes).toBe(0);
    expect(wb.stats.syncs).toBeLessThanOrEqual(2);
    expect(serializeModel(wb)).toEqual(before);
    // And in the other language: our tables stay as they are.
    wb.resetStats();
    const other = await setUp(run, { lang: lang === 'zh' ? 'en' : 'zh' });
    expect(other.changed).toBe(false);
    expect(wb.stats.writes).toBe(0);
    expect(serializeModel(wb)).toEqual(before);
  });

  test('first run on an empty workbook takes at most three round trips', async () => {
    const { wb, run } = newBook();
    await setUp(run, { lang: 'zh' });
    expect(wb.stats.syncs).toBeLessThanOrEqual(3);
  });
});
