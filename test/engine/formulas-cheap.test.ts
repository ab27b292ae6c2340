/**
 * Spec §7: formulas stay cheap. Every aggregate over another table is one SUMIFS/COUNTIFS/MAXIFS over a
 * per-row column that already holds the value, with no list value among its criteria (a per-row column
 * decides both languages once), and no lookup or aggregate is computed twice in one formula.
 */
import { columnFormula } from '../../src/engine/formulas';
import { Lang } from '../../src/engine/i18n';
import { ColumnSchema, computedColumns, TABLES, TableSchema } from '../../src/engine/schema';

const AGGREGATES =
  /\b(SUMIFS|COUNTIFS|MAXIFS|MINIFS|AVERAGEIFS|SUMIF|COUNTIF|SUMPRODUCT|INDEX|MATCH|VLOOKUP|HLOOKUP|LOOKUP|XLOOKUP)\(/gi;

/** Each function call of `names` in the formula, with its full argument text (balanced parentheses, strings skipped). */
function calls(formula: string): { fn: string; text: string; args: string[] }[] {
  const out: { fn: string; text: string; args: string[] }[] = [];
  for (const m of formula.matchAll(AGGREGATES)) {
    const start = m.index! + m[0].length;
    let depth = 1;
    let i = start;
    let inStr = false;
    const args: string[] = [];
    let argStart = start;
    for (; i < formula.length && depth > 0; i++) {
      const ch = formula[i];
      if (ch === '"') inStr = !inStr;
      if (inStr) continue;
      if (ch === '(' || ch === '[') depth++;
      else if (ch === ')' || ch === ']') depth--;
      else if (ch === ',' && depth === 1) {
        args.push(formula.slice(argStart, i));
        argStart = i + 1;
      }
    }
    args.push(formula.slice(argStart, i - 1));
    out.push({ fn: m[1].toUpperCase(), text: formula.slice(m.index!, i), args });
  }
  return out;
}

const all: { table: TableSchema; col: ColumnSchema; lang: Lang; formula: string }[] = [];
for (const table of TABLES)
  for (const col of computedColumns(table))
    for (const lang of ['zh', 'en'] as const)
      all.push({ table, col, lang, formula: columnFormula(table, col, lang).slice(1) });

describe('spec §7: cheap formulas', () => {
  test.each(all.map((x) => [`${x.table.name}.${x.col.key} (${x.lang})`, x] as const))(
    '%s: no lookup or aggregate twice, no list value among the criteria',
    (_name, { formula }) => {
      const cs = calls(formula);
      const texts = cs.map((c) => c.text.toLowerCase());
      expect(texts.filter((t, i) => texts.indexOf(t) !== i)).toEqual([]);
      for (const c of cs.filter((x) => /IFS$/.test(x.fn))) {
        // Criteria are the odd arguments after the first (SUMIFS/MAXIFS) or every second one (COUNTIFS).
        const criteria =
          c.fn === 'COUNTIFS' ? c.args.filter((_, i) => i % 2 === 1) : c.args.slice(1).filter((_, i) => i % 2 === 1);
        for (const k of criteria)
          expect({ aggregate: c.text, criterion: k }).toEqual({
            aggregate: c.text,
            criterion: k.startsWith('"') ? '""' : k,
          });
      }
    },
  );

  const count = (table: string, key: string, fn: RegExp): number => {
    const x = all.find((a) => a.table.name === table && a.col.key === key && a.lang === 'zh')!;
    return calls(x.formula).filter((c) => fn.test(c.fn)).length;
  };
  test('one aggregate per value: Approved Adjustments, Slip (days), Current Plan, Budget Used %, Market Weight', () => {
    expect(count('Projects', 'approvedAdjustments', /IFS$/)).toBe(1);
    expect(count('TaskBook', 'milestoneSlipDays', /IFS$/)).toBe(1);
    expect(count('Summaries', 'currentPlan', /IFS$/)).toBe(2); // planned cost + approved adjustments
    expect(count('Summaries', 'budgetUsedPct', /IFS$/)).toBe(0); // reads Current Plan and Pre-sales Cost
    expect(count('Projects', 'marketLookup', /^(INDEX|MATCH)$/)).toBe(2); // one INDEX over one MATCH…
    expect(count('Projects', 'marketWeight', /^(INDEX|MATCH)$/)).toBe(0); // …which Market Weight reads
  });
  test('the aggregates sum the per-row approved columns of Adjustments', () => {
    for (const lang of ['zh', 'en'] as const) {
      const f = (t: string, k: string) =>
        all.find((a) => a.table.name === t && a.col.key === k && a.lang === lang)!.formula;
      const adj = TABLES.find((t) => t.name === 'Adjustments')!;
      const h = (k: string) => adj.columns.find((c) => c.key === k)!.header[lang];
      expect(f('Projects', 'approvedAdjustments')).toContain(`SUMIFS(Adjustments[${h('approvedCost')}]`);
      expect(f('Summaries', 'currentPlan')).toContain(`SUMIFS(Adjustments[${h('approvedCost')}]`);
      expect(f('TaskBook', 'milestoneSlipDays')).toContain(`SUMIFS(Adjustments[${h('approvedDays')}]`);
    }
  });
  test('the new Adjustments columns sit where the spec lists them: after Required Approval, before Approver', () => {
    const keys = TABLES.find((t) => t.name === 'Adjustments')!.columns.map((c) => c.key);
    expect(keys.slice(keys.indexOf('requiredApproval'), keys.indexOf('approver') + 1)).toEqual([
      'requiredApproval',
      'approvedCost',
      'approvedDays',
      'approver',
    ]);
  });
});
