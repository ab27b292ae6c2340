/**
 * Excel integration — set-up writes in an order Excel accepts (every sheet, table and name before the
 * formulas and validation lists that name them), rebuilds any one table that is missing, and repair
 * restores the formulas a deleted table broke for good (#REF!).
 */
import { columnFormula } from '../../src/engine/formulas';
import { TableName, TABLES } from '../../src/engine/schema';
import { MemoryWorkbook } from '../../src/hosts/memory';
import { checkWorkbook, LISTS_TABLE, loadSample, setUp } from '../../src/workbook';
import { newBook, TODAY } from './helpers';

/** Every computed body cell of every table that holds a formula holds its schema formula; the count of such cells. */
function expectFormulasWhole(wb: MemoryWorkbook, lang: 'zh' | 'en'): number {
  let n = 0;
  for (const schema of TABLES) {
    const t = wb.table(schema.name);
    expect({ table: schema.name, exists: !!t }).toEqual({ table: schema.name, exists: true });
    schema.columns.forEach((col) => {
      if (col.type !== 'computed') return;
      const i = t!.columns.findIndex((c) => c.name === col.header[lang]);
      const formula = columnFormula(schema, col, lang);
      for (let r = t!.rect.r0 + 1; r <= t!.rect.r1; r++) {
        const f = t!.sheet.get(r, t!.rect.c0 + i)?.f;
        if (f === undefined) continue;
        n++;
        expect({ where: `${schema.name}.${col.key}#${r}`, f }).toEqual({
          where: `${schema.name}.${col.key}#${r}`,
          f: formula,
        });
      }
    });
  }
  return n;
}

const refCells = (wb: MemoryWorkbook): number => {
  let n = 0;
  wb.forEachFormula((_s, _r, _c, f) => {
    if (f.includes('#REF!')) n++;
  });
  return n;
};

describe('the strict host refuses what Excel refuses, so set-up must write in order', () => {
  test('a formula naming a table that does not exist yet is refused, and the batch is not rolled back', async () => {
    const { wb, run } = newBook();
    const err = await run(async (ctx) => {
      const s = ctx.workbook.worksheets.getItem('Sheet1');
      s.getRange('A1').values = [['before']];
      s.getRange('B1').formulas = [['=SUM(Markets[Weight])']];
      s.getRange('C1').values = [['after']];
      await ctx.sync();
    }).catch((e) => e);
    expect(err).toMatchObject({ code: 'InvalidArgument' });
    expect(wb.cell('Sheet1', 'A1').value).toBe('before');
    expect(wb.cell('Sheet1', 'B1').formula).toBeUndefined();
    expect(wb.cell('Sheet1', 'C1').value).toBe('');
  });

  test('a validation list naming a name that does not exist yet is refused', async () => {
    const { run } = newBook();
    const write = () =>
      run(async (ctx) => {
        ctx.workbook.worksheets.getItem('Sheet1').getRange('A2:A3').dataValidation.rule = {
          list: { inCellDropDown: true, source: '=PP_List_Stages' },
        };
        await ctx.sync();
      });
    await expect(write()).rejects.toMatchObject({ code: 'InvalidArgument' });
    await run(async (ctx) => {
      ctx.workbook.names.add('PP_List_Stages', '=Sheet1!$D$1:$D$3');
      await ctx.sync();
    });
    await expect(write()).resolves.toBeUndefined();
  });

  test.each(['zh', 'en'] as const)(
    'set-up on an empty workbook succeeds in %s, in at most three round trips',
    async (lang) => {
      const { wb, run } = newBook();
      const res = await setUp(run, { lang });
      expect(res.changed).toBe(true);
      expect(wb.stats.syncs).toBeLessThanOrEqual(3);
      expect(expectFormulasWhole(wb, lang)).toBeGreaterThan(0);
      expect(refCells(wb)).toBe(0);
    },
  );
});

const ALL: (TableName | typeof LISTS_TABLE)[] = [...TABLES.map((t) => t.name), LISTS_TABLE];

describe('set-up with each table missing in turn', () => {
  test.each(ALL)(
    '%s deleted: set-up rebuilds it where it was, and every broken formula is whole again',
    async (name) => {
      const { wb, run } = newBook();
      await setUp(run, { lang: 'zh' });
      await loadSample(run, { today: TODAY });
      const where = wb.table(name)!;
      const at = { sheet: where.sheet.name, r0: where.rect.r0, c0: where.rect.c0 };
      await run(async (ctx) => {
        ctx.workbook.tables.getItem(name).delete();
        await ctx.sync();
      });
      const broken = refCells(wb);
      const res = await setUp(run, { lang: 'zh' });
      expect(res.created).toContain(name);
      const t = wb.table(name)!;
      // Its place was empty again, so it comes back there (names and dropdowns unchanged).
      expect({ sheet: t.sheet.name, r0: t.rect.r0, c0: t.rect.c0 }).toEqual(at);
      expect(refCells(wb)).toBe(0);
      if (broken > 0) expect(res.repaired.some((r) => r.endsWith(' formulas'))).toBe(true);
      expectFormulasWhole(wb, 'zh');
      const analysis = await checkWorkbook(run, { asOf: TODAY });
      expect(analysis.findings.filter((f) => ['missing-table', 'missing-column'].includes(f.code))).toEqual([]);
      // Repaired: a further run has nothing to do.
      wb.resetStats();
      expect((await setUp(run, { lang: 'zh' })).changed).toBe(false);
      expect(wb.stats.writes).toBe(0);
    },
  );

  test('a deleted Markets table breaks the Projects formulas naming it; set-up recreates it and repair restores them', async () => {
    const { wb, run } = newBook();
    await setUp(run, { lang: 'zh' });
    await loadSample(run, { today: TODAY });
    await run(async (ctx) => {
      ctx.workbook.tables.getItem('Markets').delete();
      await ctx.sync();
    });
    // As in Excel: the references are #REF! for good; a new Markets table does not heal them.
    expect(refCells(wb)).toBeGreaterThan(0);
    const res = await setUp(run, { lang: 'zh' });
    expect(res.created).toEqual(['Markets']);
    expect(res.repaired.filter((r) => r.endsWith(' formulas')).length).toBeGreaterThan(0);
    expect(refCells(wb)).toBe(0);
    expectFormulasWhole(wb, 'zh');
  });

  test('a Settings table whose place holds user content goes to free columns instead, over nothing', async () => {
    const { wb, run } = newBook();
    await setUp(run, { lang: 'zh' });
    const markets = wb.table('Markets')!;
    await run(async (ctx) => {
      ctx.workbook.tables.getItem('Markets').delete();
      await ctx.sync();
      ctx.workbook.worksheets.getItem(markets.sheet.name).getRangeByIndexes(3, markets.rect.c0, 1, 1).values = [
        ['my note'],
      ];
      await ctx.sync();
    });
    const res = await setUp(run, { lang: 'zh' });
    expect(res.created).toEqual(['Markets']);
    const t = wb.table('Markets')!;
    const people = wb.table('People')!;
    expect(t.rect.c0).toBeGreaterThan(people.rect.c1);
    expect(t.sheet.get(3, markets.rect.c0)?.v).toBe('my note');
    expectFormulasWhole(wb, 'zh');
    const analysis = await checkWorkbook(run, { asOf: TODAY });
    expect(analysis.findings.filter((f) => ['missing-table', 'missing-column'].includes(f.code))).toEqual([]);
  });
});
