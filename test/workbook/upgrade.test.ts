/**
 * Excel integration — set-up on a workbook an older version made (before spec §7's cheap formulas): it
 * adds the new computed columns (Adjustments' Approved Cost Change and Approved Schedule Days, Projects'
 * Weight in Markets, Summaries' Current Plan, TaskBook's Open) and rewrites the computed columns' formulas, which are ours,
 * wherever a formula is — never a value the user typed over one, nor any input cell.
 */
import { columnFormula, formulaRefs } from '../../src/engine/formulas';
import { Lang } from '../../src/engine/i18n';
import { ListName } from '../../src/engine/lists';
import { computedColumns, FormulaRefs, TABLE_BY_NAME, TableName, TABLES } from '../../src/engine/schema';
import { MemoryWorkbook } from '../../src/hosts/memory';
import { checkWorkbook, loadSample, setUp } from '../../src/workbook';
import { newBook, TODAY } from './helpers';

/**
 * The formulas version 0.1 wrote: one SUMIFS per language spelling of Type × Decision, INDEX/MATCH twice,
 * open milestones counted by testing every Actual End for "".
 */
function oldFormulas(lang: Lang): Partial<Record<TableName, Record<string, string>>> {
  const sumBoth = (f: FormulaRefs, sum: string, fixed: string[], type: string): string => {
    const spell = (list: ListName, key: string) => [...new Set([f.label(list, key, 'zh'), f.label(list, key, 'en')])];
    const out: string[] = [];
    for (const t of spell('AdjustmentTypes', type))
      for (const d of spell('Decisions', 'approved'))
        out.push(
          `SUMIFS(${[sum, ...fixed, f.col('Adjustments', 'adjustmentType'), t, f.col('Adjustments', 'decision'), d].join(',')})`,
        );
    return out.join('+');
  };
  const p = formulaRefs('Projects', lang);
  const tb = formulaRefs('TaskBook', lang);
  const su = formulaRefs('Summaries', lang);
  const approved = (f: FormulaRefs, id: string) =>
    sumBoth(f, f.col('Adjustments', 'costChange'), [f.col('Adjustments', 'projectId'), id], 'cost');
  const blankIf = (f: FormulaRefs, e: string) => `=IF(${f.row('projectId')}="","",${e})`;
  const hit = `INDEX(${p.col('Markets', 'weight')},MATCH(${p.row('market')},${p.col('Markets', 'market')},0))`;
  const tbSum = (f: FormulaRefs, k: string) =>
    `SUMIFS(${f.col('TaskBook', k)},${f.col('TaskBook', 'projectId')},${f.row('projectId')})`;
  const plan = `(${tbSum(su, 'plannedCost')}+${approved(su, su.row('projectId'))})`;
  const days = sumBoth(
    tb,
    tb.col('Adjustments', 'scheduleChangeDays'),
    [tb.col('Adjustments', 'projectId'), tb.row('projectId'), tb.col('Adjustments', 'milestone'), tb.row('milestone')],
    'schedule',
  );
  const pe = tb.row('plannedEnd');
  const ae = tb.row('actualEnd');
  return {
    Projects: {
      marketWeight: `=IFERROR(IF(ISNUMBER(${hit}),${hit},""),"")`,
      approvedAdjustments: blankIf(p, approved(p, p.row('projectId'))),
      openMilestones: blankIf(
        p,
        `COUNTIFS(${p.col('TaskBook', 'projectId')},${p.row('projectId')},${p.col('TaskBook', 'actualEnd')},"")`,
      ),
    },
    TaskBook: {
      milestoneSlipDays: `=IF(ISNUMBER(${pe}),MAX(0,IF(ISNUMBER(${ae}),${ae},MAX(${pe},${tb.asOf()}))-${pe}-(${days})),"")`,
    },
    Summaries: { budgetUsedPct: blankIf(su, `IF(${plan}>0,${tbSum(su, 'actualCost')}/${plan},"")`) },
  };
}

const NEW_COLUMNS: [TableName, string][] = [
  ['Adjustments', 'approvedCost'],
  ['Adjustments', 'approvedDays'],
  ['Projects', 'marketLookup'],
  ['Summaries', 'currentPlan'],
  ['TaskBook', 'open'],
];

const header = (t: TableName, key: string, lang: Lang): string =>
  TABLE_BY_NAME[t].columns.find((c) => c.key === key)!.header[lang];

/** Every cell of our tables: value and formula, by table and header (columns move when others are added). */
function cellsByHeader(wb: MemoryWorkbook): Record<string, { v: unknown; f: unknown }[]> {
  const out: Record<string, { v: unknown; f: unknown }[]> = {};
  for (const schema of TABLES) {
    const t = wb.table(schema.name)!;
    t.columns.forEach((col, i) => {
      const vals: { v: unknown; f: unknown }[] = [];
      for (let r = t.rect.r0 + 1; r <= t.rect.r1; r++) {
        const cell = t.sheet.get(r, t.rect.c0 + i);
        vals.push({ v: cell?.v ?? null, f: cell?.f ?? null });
      }
      out[`${schema.name}.${col.name}`] = vals;
    });
  }
  return out;
}

/** A workbook as version 0.1 left it, with the sample data, and two values typed over formulas. */
async function oldWorkbook(lang: Lang) {
  const { wb, run } = newBook();
  await setUp(run, { lang });
  await loadSample(run, { today: TODAY });
  await run(async (ctx) => {
    for (const [table, cols] of Object.entries(oldFormulas(lang)) as [TableName, Record<string, string>][]) {
      const t = ctx.workbook.tables.getItem(table);
      for (const [key, formula] of Object.entries(cols)) {
        const body = t.columns
          .getItem(header(table, key, lang))
          .getDataBodyRange()
          .load('rowCount');
        await ctx.sync();
        body.formulas = Array.from({ length: body.rowCount }, () => [formula]);
      }
    }
    await ctx.sync();
    for (const [table, key] of NEW_COLUMNS)
      ctx.workbook.tables
        .getItem(table)
        .columns.getItem(header(table, key, lang))
        .delete();
    await ctx.sync();
    // The user typed over two computed cells.
    ctx.workbook.tables
      .getItem('Projects')
      .columns.getItem(header('Projects', 'approvedAdjustments', lang))
      .getDataBodyRange()
      .getCell(2, 0).values = [[12345]];
    ctx.workbook.tables
      .getItem('TaskBook')
      .columns.getItem(header('TaskBook', 'milestoneSlipDays', lang))
      .getDataBodyRange()
      .getCell(1, 0).values = [[7]];
    await ctx.sync();
  });
  return { wb, run };
}

describe('set-up on a workbook made by an older version', () => {
  test.each(['zh', 'en'] as const)(
    'adds the new columns, rewrites every formula of ours, leaves typed cells alone (%s)',
    async (lang) => {
      const { wb, run } = await oldWorkbook(lang);
      // It is an old workbook: no new columns, the old formulas.
      for (const [t, k] of NEW_COLUMNS)
        expect(wb.table(t)!.columns.map((c) => c.name)).not.toContain(header(t, k, lang));
      const before = cellsByHeader(wb);
      expect(before[`Projects.${header('Projects', 'approvedAdjustments', lang)}`][0].f).toBe(
        oldFormulas(lang).Projects!.approvedAdjustments,
      );

      const res = await setUp(run, { lang });
      expect(res.changed).toBe(true);
      for (const [t, k] of NEW_COLUMNS) expect(res.repaired).toContain(`${t}.${header(t, k, lang)}`);
      for (const [t, k] of [
        ['Projects', 'marketWeight'],
        ['Projects', 'approvedAdjustments'],
        ['Projects', 'openMilestones'],
        ['TaskBook', 'milestoneSlipDays'],
        ['Summaries', 'budgetUsedPct'],
      ] as const)
        expect(res.repaired).toContain(`${t}.${header(t, k, lang)} formulas`);
      // Formulas that were already current are not rewritten.
      expect(res.repaired).not.toContain(`Projects.${header('Projects', 'plannedCost', lang)} formulas`);
      // The sample's own overwritten Budget Cap, and the two typed here.
      expect(res.overwrittenFormulas.map((o) => o.column).sort()).toEqual([
        'approvedAdjustments',
        'budgetCap',
        'milestoneSlipDays',
      ]);

      const after = cellsByHeader(wb);
      const typed = new Set([
        `Projects.${header('Projects', 'budgetCap', lang)}#0`,
        `Projects.${header('Projects', 'approvedAdjustments', lang)}#2`,
        `TaskBook.${header('TaskBook', 'milestoneSlipDays', lang)}#1`,
      ]);
      for (const schema of TABLES) {
        const t = wb.table(schema.name)!;
        for (const col of schema.columns) {
          const key = `${schema.name}.${col.header[lang]}`;
          expect({ key, present: key in after }).toEqual({ key, present: true });
          if (col.type !== 'computed') {
            // Input cells: exactly as they were.
            expect({ key, cells: after[key] }).toEqual({ key, cells: before[key] });
            continue;
          }
          const formula = columnFormula(schema, col, lang);
          after[key].forEach((cell, r) => {
            if (typed.has(`${key}#${r}`)) expect({ key, r, cell }).toEqual({ key, r, cell: before[key][r] });
            else expect({ key, r, f: cell.f }).toEqual({ key, r, f: formula });
          });
        }
        // The new columns came back at the end of their tables (as any missing column does).
        const added = NEW_COLUMNS.filter(([n]) => n === schema.name).map(([n, k]) => header(n, k, lang));
        if (added.length) expect(t.columns.slice(-added.length).map((c) => c.name)).toEqual(added);
      }
      expect(after[`Projects.${header('Projects', 'approvedAdjustments', lang)}`][2]).toEqual({ v: 12345, f: null });

      // The check sees a complete workbook: no missing column, only the typed cells overwritten.
      const analysis = await checkWorkbook(run, { asOf: TODAY });
      expect(analysis.findings.filter((f) => f.code === 'missing-column')).toEqual([]);
      expect(
        analysis.findings
          .filter((f) => f.code === 'formula-overwritten')
          .map((f) => f.column)
          .sort(),
      ).toEqual(['approvedAdjustments', 'budgetCap', 'milestoneSlipDays']);
      // And a second set-up has nothing left to do.
      const again = await setUp(run, { lang });
      expect(again.changed).toBe(false);
    },
  );

  test('a workbook whose formulas are current is left as it is', async () => {
    const { wb, run } = newBook();
    await setUp(run, { lang: 'zh' });
    await loadSample(run, { today: TODAY });
    const before = cellsByHeader(wb);
    const res = await setUp(run, { lang: 'zh' });
    expect(res.changed).toBe(false);
    expect(cellsByHeader(wb)).toEqual(before);
    for (const schema of TABLES)
      for (const c of computedColumns(schema))
        expect(res.repaired).not.toContain(`${schema.name}.${c.header.zh} formulas`);
  });
});
