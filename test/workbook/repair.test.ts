/**
 * Excel integration — repair: set-up run again on a workbook the user damaged puts back what is ours
 * (a deleted column, a cleared validation or conditional format, a formula typed over — the last only
 * when asked) and never changes a cell the user typed.
 */
import { columnLetter } from '../../src/engine/address';
import { columnFormula } from '../../src/engine/formulas';
import { CONDITIONAL_FORMATS, validationOf } from '../../src/engine/layout';
import { TABLE_BY_NAME, TableName, TABLES } from '../../src/engine/schema';
import { MemoryWorkbook } from '../../src/hosts/memory';
import { contains } from '../../src/hosts/memory/address';
import { checkWorkbook, loadSample, setUp } from '../../src/workbook';
import { newBook, serializeModel, TODAY } from './helpers';

/** Values of every input cell of our tables, by table and header (so a moved column still compares). */
function inputCells(wb: MemoryWorkbook): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const schema of TABLES) {
    const t = wb.table(schema.name);
    if (!t) continue;
    t.columns.forEach((col, i) => {
      const c = schema.columns.find((x) => x.header.zh === col.name || x.header.en === col.name);
      if (c?.type === 'computed') return;
      const vals: unknown[] = [];
      for (let r = t.rect.r0 + 1; r <= t.rect.r1; r++) {
        const cell = t.sheet.get(r, t.rect.c0 + i);
        vals.push(cell ? { v: cell.v, f: cell.f } : null);
      }
      out[`${schema.name}.${col.name}`] = vals;
    });
  }
  return out;
}

const bodyOf = (wb: MemoryWorkbook, table: TableName, key: string, lang: 'zh' | 'en' = 'zh') => {
  const t = wb.table(table)!;
  const header = TABLE_BY_NAME[table].columns.find((c) => c.key === key)!.header[lang];
  const i = t.columns.findIndex((c) => c.name === header);
  return { t, i, c: t.rect.c0 + i, r0: t.rect.r0 + 1, r1: t.rect.r1, sheet: t.sheet };
};

async function sampleBook(lang: 'zh' | 'en' = 'zh') {
  const { wb, run } = newBook();
  await setUp(run, { lang });
  await loadSample(run, { today: TODAY });
  return { wb, run };
}

describe('repair', () => {
  test('a deleted column comes back at the end of its table with its formula, validation and conditional format', async () => {
    const { wb, run } = await sampleBook();
    // The user deletes a computed column in the middle of TaskBook and an input column of Projects.
    await run(async (ctx) => {
      ctx.workbook.tables.getItem('TaskBook').columns.getItem('费用偏差').delete();
      ctx.workbook.tables.getItem('Projects').columns.getItem('所在市场').delete();
      await ctx.sync();
    });
    const typed = inputCells(wb);
    const res = await setUp(run, { lang: 'zh' });
    expect(res.changed).toBe(true);
    expect(res.repaired).toEqual(expect.arrayContaining(['TaskBook.费用偏差', 'Projects.所在市场']));

    const tb = wb.table('TaskBook')!;
    expect(tb.columns[tb.columns.length - 1].name).toBe('费用偏差');
    const cv = bodyOf(wb, 'TaskBook', 'costVariance');
    const schema = TABLE_BY_NAME.TaskBook;
    const formula = columnFormula(
      schema,
      schema.columns.find((c) => c.key === 'costVariance')!,
      'zh',
    );
    expect(cv.t.columns[cv.i].calc).toBe(formula);
    for (let r = cv.r0; r <= cv.r1; r++) expect(cv.sheet.get(r, cv.c)?.f).toBe(formula);
    expect(cv.sheet.styleOf(cv.r0, cv.c, 'nf')).toBe('#,##0.00');
    const plan = CONDITIONAL_FORMATS.TaskBook!.find((p) => p.column === 'costVariance')!;
    const cf = cv.sheet.cfs.find((x) => contains(x.rect, { r0: cv.r0, r1: cv.r1, c0: cv.c, c1: cv.c }));
    expect(cf?.formula).toBe(`=${plan.formula(() => `$${columnLetter(cv.c)}${cv.r0 + 1}`)}`);

    const pj = wb.table('Projects')!;
    expect(pj.columns[pj.columns.length - 1].name).toBe('所在市场');
    const mk = bodyOf(wb, 'Projects', 'market');
    const dv = mk.sheet.dvs.find((d) => contains(d.rect, { r0: mk.r0, r1: mk.r1, c0: mk.c, c1: mk.c }));
    expect(dv?.rule.list?.source).toBe((validationOf(TABLE_BY_NAME.Projects.columns[3]) as { source: string }).source);

    // Everything the user typed is where it was (the deleted column's data is gone: the user deleted it).
    const after = inputCells(wb);
    for (const [k, v] of Object.entries(typed)) expect({ k, v: after[k] }).toEqual({ k, v });
    // The workbook is whole again: the check finds no missing column and the market column is back (empty).
    const analysis = await checkWorkbook(run, { asOf: TODAY });
    expect(analysis.findings.filter((f) => f.code === 'missing-column')).toEqual([]);
    expect(analysis.findings.filter((f) => f.code === 'missing-value' && f.column === 'market')).toHaveLength(18);
  });

  test('a cleared validation and a cleared conditional format are restored', async () => {
    const { wb, run } = await sampleBook();
    const mk = bodyOf(wb, 'Projects', 'stage');
    const esc = bodyOf(wb, 'Projects', 'escalation');
    const dvBefore = JSON.parse(
      JSON.stringify(mk.sheet.dvs.find((d) => contains(d.rect, { r0: mk.r0, r1: mk.r1, c0: mk.c, c1: mk.c }))),
    );
    const cfsBefore = JSON.parse(JSON.stringify(esc.sheet.cfs.filter((x) => x.rect.c0 === esc.c)));
    await run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem('项目信息表');
      ws.getRangeByIndexes(mk.r0, mk.c, mk.r1 - mk.r0 + 1, 1).dataValidation.clear();
      ws.getRangeByIndexes(esc.r0, esc.c, esc.r1 - esc.r0 + 1, 1).conditionalFormats.clearAll();
      await ctx.sync();
    });
    expect(mk.sheet.dvs.find((d) => d.rect.c0 <= mk.c && d.rect.c1 >= mk.c)).toBeUndefined();
    expect(esc.sheet.cfs.filter((x) => x.rect.c0 === esc.c)).toEqual([]);
    const typed = inputCells(wb);

    const res = await setUp(run, { lang: 'zh' });
    expect(res.repaired).toEqual(['Projects.所处阶段 validation', 'Projects.升级级别 conditional format']);
    const dv = mk.sheet.dvs.find((d) => contains(d.rect, { r0: mk.r0, r1: mk.r1, c0: mk.c, c1: mk.c }));
    expect({ ...dv, rect: undefined }).toEqual({ ...dvBefore, rect: undefined });
    const cfs = esc.sheet.cfs.filter((x) => x.rect.c0 === esc.c);
    const strip = (l: { id?: string }[]) =>
      l.map((x) => ({ ...x, id: undefined })).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    expect(strip(cfs)).toEqual(strip(cfsBefore));
    expect(inputCells(wb)).toEqual(typed);
    // Repaired: a further run has nothing to do.
    wb.resetStats();
    expect((await setUp(run, { lang: 'zh' })).changed).toBe(false);
    expect(wb.stats.writes).toBe(0);
  });

  test('a computed cell overwritten by a number is reported, and restored only with restoreFormulas', async () => {
    const { wb, run } = await sampleBook();
    // The sample already typed 300000 over Projects budgetCap of row 1 (T2); the user types over another.
    const bc = bodyOf(wb, 'TaskBook', 'milestoneSlipDays');
    await run(async (ctx) => {
      ctx.workbook.worksheets.getItem('售前项目任务书').getRangeByIndexes(bc.r0 + 2, bc.c, 1, 1).values = [[7]];
      await ctx.sync();
    });
    const slipCell = `售前项目任务书!${columnLetter(bc.c)}${bc.r0 + 3}`;
    const before = serializeModel(wb);
    wb.resetStats();
    const res = await setUp(run, { lang: 'zh' });
    expect(res.changed).toBe(false);
    expect(res.restoredFormulas).toBe(0);
    expect(res.overwrittenFormulas).toEqual([
      { table: 'Projects', column: 'budgetCap', cell: '项目信息表!T2' },
      { table: 'TaskBook', column: 'milestoneSlipDays', cell: slipCell },
    ]);
    expect(wb.stats.writes).toBe(0);
    expect(serializeModel(wb)).toEqual(before);
    expect(wb.cell('项目信息表', 'T2')).toMatchObject({ value: 300000 });
    expect(wb.cell('项目信息表', 'T2').formula).toBeUndefined();

    const typed = inputCells(wb);
    const fixed = await setUp(run, { lang: 'zh', restoreFormulas: true });
    expect(fixed.changed).toBe(true);
    expect(fixed.restoredFormulas).toBe(2);
    const projects = TABLE_BY_NAME.Projects;
    expect(wb.cell('项目信息表', 'T2').formula).toBe(
      columnFormula(
        projects,
        projects.columns.find((c) => c.key === 'budgetCap')!,
        'zh',
      ),
    );
    expect(bc.sheet.get(bc.r0 + 2, bc.c)?.f).toBe(
      columnFormula(
        TABLE_BY_NAME.TaskBook,
        TABLE_BY_NAME.TaskBook.columns.find((c) => c.key === 'milestoneSlipDays')!,
        'zh',
      ),
    );
    expect(inputCells(wb)).toEqual(typed);
    const again = await setUp(run, { lang: 'zh' });
    expect(again.overwrittenFormulas).toEqual([]);
    const analysis = await checkWorkbook(run, { asOf: TODAY });
    expect(analysis.findings.filter((f) => f.code === 'formula-overwritten')).toEqual([]);
  });

  test("set-up in 'en' on a zh workbook keeps the zh headers, also for a column it restores", async () => {
    const { wb, run } = await sampleBook('zh');
    await run(async (ctx) => {
      ctx.workbook.tables.getItem('Projects').columns.getItem('升级级别').delete();
      await ctx.sync();
    });
    const typed = inputCells(wb);
    const res = await setUp(run, { lang: 'en' });
    expect(res.repaired).toContain('Projects.升级级别');
    // The restored column comes back at the end of its table.
    const order = (name: string, headers: string[]) =>
      name === 'Projects' ? [...headers.filter((h) => h !== '升级级别'), '升级级别'] : headers;
    for (const schema of TABLES)
      expect(wb.table(schema.name)!.columns.map((c) => c.name)).toEqual(
        order(
          schema.name,
          schema.columns.map((c) => c.header.zh),
        ),
      );
    const esc = bodyOf(wb, 'Projects', 'escalation');
    expect(esc.t.columns[esc.i].calc).toBe(
      columnFormula(
        TABLE_BY_NAME.Projects,
        TABLE_BY_NAME.Projects.columns.find((c) => c.key === 'escalation')!,
        'zh',
      ),
    );
    expect(wb.sheetNames()).not.toContain('Projects');
    expect(inputCells(wb)).toEqual(typed);
    wb.resetStats();
    expect((await setUp(run, { lang: 'en' })).changed).toBe(false);
    expect(wb.stats.writes).toBe(0);
  });
});
