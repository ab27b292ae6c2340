/**
 * The preview's conditional-format evaluator: every rule set-up writes (true and false), relative
 * references, defined names, Excel's comparison rules, blanks, and formulas it cannot handle.
 */
import { AMBER_FILL, CONDITIONAL_FORMATS, RED_FILL, RED_FONT } from '../../src/engine/layout';
import { policyName } from '../../src/engine/policy';
import { TABLE_BY_NAME, type TableName } from '../../src/engine/schema';
import { colLetters, MemoryWorkbook } from '../../src/hosts/memory';
import { CondFormatModel, SheetModel, WorkbookModel } from '../../src/hosts/memory/model';
import { conditionalStyleAt, evaluateFormula, parseRule, ruleMatches } from '../../src/preview/conditional';
import { recalcWithEngine } from '../../src/preview/recalc';
import { loadSample, setUp, type ExcelRunner } from '../../src/workbook';
import { TODAY } from '../workbook/helpers';

type Raw = number | string | boolean | null | { error: string };

function book(): { m: WorkbookModel; s: SheetModel; settings: SheetModel } {
  const m = new WorkbookModel();
  const s = m.addSheet('项目信息表');
  const settings = m.addSheet('设置');
  settings.ensure(27, 1).v = 0.8; // 设置!B28
  m.addName(policyName('BudgetWarnPct'), "='设置'!$B$28", '');
  return { m, s, settings };
}

/** Write a value; `{ f: '' }` style formula cells are made with formula=true. */
function put(s: SheetModel, r: number, c: number, v: Raw, formula = false): void {
  const cell = s.ensure(r, c);
  cell.v = v;
  if (formula) cell.f = '=X';
}

const rule = (
  formula: string,
  rect = { r0: 1, c0: 0, r1: 20, c1: 0 },
  extra: Partial<CondFormatModel> = {},
): CondFormatModel => ({
  id: 'T',
  rect,
  type: 'Custom',
  formula,
  stopIfTrue: false,
  ...extra,
});

/** Evaluate a formula for cell A2 (anchor A2). */
const ev = (m: WorkbookModel, s: SheetModel, f: string, r = 1, c = 0): unknown => evaluateFormula(m, s, f, r, c, 1, 0);

describe('the rules set-up writes', () => {
  /** The layout's formulas, built as set-up builds them (columns in schema order, first data row 2). */
  const plansOf = (table: TableName) => {
    const cols = TABLE_BY_NAME[table].columns.map((c) => c.key);
    const col = (k: string): number => cols.indexOf(k);
    const ref = (k: string): string => `$${colLetters(col(k))}2`;
    return (CONDITIONAL_FORMATS[table] ?? []).map((p) => ({
      ...p,
      c: col(p.column),
      formula: `=${p.formula(ref)}`,
      col,
    }));
  };

  /** Writes row 2 (r = 1) from key → value and evaluates the plan's rule on its column. */
  function check(table: TableName, index: number, row: Record<string, Raw>, formulaCells: string[] = []): boolean {
    const { m, s } = book();
    const plan = plansOf(table)[index];
    for (const [k, v] of Object.entries(row)) put(s, 1, plan.col(k), v, formulaCells.includes(k));
    const cf = rule(
      plan.formula,
      { r0: 1, c0: plan.c, r1: 30, c1: plan.c },
      { fill: plan.fill, fontColor: plan.fontColor, bold: plan.bold },
    );
    expect(parseRule(cf.formula)).not.toBeNull();
    return ruleMatches(m, s, cf, 1, plan.c);
  }

  test('the plans are the ones described in the brief', () => {
    const p = plansOf('Projects');
    expect(p.map((x) => x.column)).toEqual([
      'escalation',
      'escalation',
      'overrun',
      'overrunPct',
      'plannedCost',
      'actualCost',
    ]);
    expect(p[0].formula).toMatch(/^=OR\(\$[A-Z]+2="企业领导审批",\$[A-Z]+2="Leadership approval"\)$/);
    expect(p[5].formula).toContain('PP_BudgetWarnPct*');
  });

  test('escalation: leadership red, adjustment amber (both languages, any case)', () => {
    expect(check('Projects', 0, { escalation: '企业领导审批' })).toBe(true);
    expect(check('Projects', 0, { escalation: 'Leadership approval' })).toBe(true);
    expect(check('Projects', 0, { escalation: 'LEADERSHIP APPROVAL' })).toBe(true);
    expect(check('Projects', 0, { escalation: '需调整：总经理/销售总监审批' })).toBe(false);
    expect(check('Projects', 0, { escalation: '无' })).toBe(false);
    expect(check('Projects', 0, { escalation: '' }, ['escalation'])).toBe(false);
    expect(check('Projects', 0, {})).toBe(false);
    expect(check('Projects', 1, { escalation: '需调整：总经理/销售总监审批' })).toBe(true);
    expect(check('Projects', 1, { escalation: 'adjustment: gm / sales director' })).toBe(true);
    expect(check('Projects', 1, { escalation: '企业领导审批' })).toBe(false);
  });

  test('overrun and overrun %: red when a positive number', () => {
    for (const i of [2, 3]) {
      const key = plansOf('Projects')[i].column;
      expect(check('Projects', i, { [key]: 5000 })).toBe(true);
      expect(check('Projects', i, { [key]: 0 })).toBe(false);
      expect(check('Projects', i, { [key]: -1 })).toBe(false);
      expect(check('Projects', i, { [key]: '' }, [key])).toBe(false);
      expect(check('Projects', i, { [key]: '5000' })).toBe(false); // text is not ISNUMBER
      expect(check('Projects', i, { [key]: { error: '#DIV/0!' } })).toBe(false);
    }
  });

  test('planned cost above the cap', () => {
    expect(check('Projects', 4, { budgetCap: 100_000, plannedCost: 150_000 })).toBe(true);
    expect(check('Projects', 4, { budgetCap: 100_000, plannedCost: 100_000 })).toBe(false);
    expect(check('Projects', 4, { budgetCap: '', plannedCost: 150_000 }, ['budgetCap'])).toBe(false);
    expect(check('Projects', 4, { plannedCost: 150_000 })).toBe(false);
  });

  test('80% of the plan used (PP_BudgetWarnPct from the Settings sheet)', () => {
    const base = { plannedCost: 100_000, approvedAdjustments: 0, overrun: 0, openMilestones: 1 };
    expect(check('Projects', 5, { ...base, openMilestones: 0, actualCost: 95_000 })).toBe(false); // every milestone done
    expect(check('Projects', 5, { ...base, actualCost: 80_000 })).toBe(true);
    expect(check('Projects', 5, { ...base, actualCost: 95_000 })).toBe(true);
    expect(check('Projects', 5, { ...base, actualCost: 79_999 })).toBe(false);
    expect(check('Projects', 5, { ...base, approvedAdjustments: 10_000, actualCost: 85_000 })).toBe(false); // 85k < 88k
    expect(check('Projects', 5, { ...base, approvedAdjustments: 10_000, actualCost: 88_000 })).toBe(true);
    // Over the plan with a milestone open: amber, as the budget-warning finding says (and the overrun cell is red).
    expect(check('Projects', 5, { ...base, overrun: 5_000, actualCost: 105_000 })).toBe(true);
    expect(check('Projects', 5, { ...base, overrun: 5_000, openMilestones: 0, actualCost: 105_000 })).toBe(false);
    expect(check('Projects', 5, { plannedCost: 0, approvedAdjustments: 0, overrun: 0, actualCost: 0 })).toBe(false);
    expect(check('Projects', 5, { ...base })).toBe(false); // no actual cost
  });

  test('TaskBook slip and variance, Adjustments leadership approval', () => {
    const tb = plansOf('TaskBook');
    for (const [i, p] of tb.entries()) {
      expect(check('TaskBook', i, { [p.column]: 3 })).toBe(true);
      expect(check('TaskBook', i, { [p.column]: 0 })).toBe(false);
      expect(check('TaskBook', i, {})).toBe(false);
    }
    expect(check('Adjustments', 0, { requiredApproval: '企业领导' })).toBe(true);
    expect(check('Adjustments', 0, { requiredApproval: 'leadership' })).toBe(true);
    expect(check('Adjustments', 0, { requiredApproval: '总经理/销售总监' })).toBe(false);
  });
});

describe('references', () => {
  test('relative rows and columns shift from the rule’s top-left cell; $ parts stay', () => {
    const { m, s } = book();
    put(s, 1, 0, 1); // A2
    put(s, 5, 0, 5); // A6
    put(s, 5, 1, 50); // B6
    put(s, 0, 0, 100); // A1
    const cf = rule('=A2>2', { r0: 1, c0: 0, r1: 10, c1: 3 });
    expect(ruleMatches(m, s, cf, 1, 0)).toBe(false); // A2 = 1
    expect(ruleMatches(m, s, cf, 5, 0)).toBe(true); // A6 = 5
    expect(ruleMatches(m, s, cf, 5, 1)).toBe(true); // B6 = 50
    expect(ruleMatches(m, s, cf, 5, 2)).toBe(false); // C6 blank
    const mixed = rule('=$A2>2', { r0: 1, c0: 0, r1: 10, c1: 3 });
    expect(ruleMatches(m, s, mixed, 5, 2)).toBe(true); // column fixed: $A6
    const rowFixed = rule('=B$6=50', { r0: 1, c0: 0, r1: 10, c1: 3 });
    expect(ruleMatches(m, s, rowFixed, 9, 1)).toBe(false); // C$6 blank
    expect(ruleMatches(m, s, rowFixed, 9, 0)).toBe(true); // B$6
    const abs = rule('=$A$1=100', { r0: 1, c0: 0, r1: 10, c1: 3 });
    expect(ruleMatches(m, s, abs, 7, 3)).toBe(true);
    // A relative reference shifted above row 1 is #REF!: no format.
    expect(ruleMatches(m, s, rule('=A1=0', { r0: 5, c0: 0, r1: 10, c1: 0 }), 2, 0)).toBe(false);
    // Sheet-qualified references.
    expect(ev(m, s, "='设置'!$B$28")).toBe(0.8);
    expect(ev(m, s, '=设置!B28')).toBe(0.8);
    expect(ev(m, s, '=Nowhere!A1')).toEqual({ error: '#REF!' });
  });

  test('defined names: a single cell, a constant, sheet scope, a range, a missing name', () => {
    const { m, s, settings } = book();
    expect(ev(m, s, '=PP_BudgetWarnPct')).toBe(0.8);
    expect(ev(m, s, '=pp_budgetwarnpct*100')).toBe(80);
    settings.ensure(27, 1).v = 0.9; // names are read at evaluation time
    expect(ev(m, s, '=PP_BudgetWarnPct')).toBe(0.9);
    m.addName('Half', '=0.5', '');
    expect(ev(m, s, '=Half*4')).toBe(2);
    m.addName('Local', '=$C$3', '', s);
    put(s, 2, 2, 'here');
    expect(ev(m, s, '=Local')).toBe('here');
    expect(ev(m, settings, '=Local')).toEqual({ error: '#NAME?' }); // scoped to the other sheet
    m.addName('Block', "='设置'!$A$1:$B$2", '');
    expect(ruleMatches(m, s, rule('=Block>0'), 1, 0)).toBe(false);
    expect(ruleMatches(m, s, rule('=NoSuchName>0'), 1, 0)).toBe(false);
    m.addName('Loop', '=Loop+1', '');
    expect(ruleMatches(m, s, rule('=Loop>0'), 1, 0)).toBe(false);
  });
});

describe('Excel semantics', () => {
  test('text compares case-insensitively; numbers sort before text, text before logicals', () => {
    const { m, s } = book();
    put(s, 1, 0, 'Leadership');
    expect(ev(m, s, '=A2="leadership"')).toBe(true);
    expect(ev(m, s, '=A2<>"LEADERSHIP"')).toBe(false);
    expect(ev(m, s, '="a"<"B"')).toBe(true);
    expect(ev(m, s, '="b">"A"')).toBe(true);
    expect(ev(m, s, '=5<"a"')).toBe(true);
    expect(ev(m, s, '=1000000>"1"')).toBe(false); // any number < any text
    expect(ev(m, s, '="1"=1')).toBe(false);
    expect(ev(m, s, '="z"<TRUE')).toBe(true);
    expect(ev(m, s, '=FALSE>1000')).toBe(true);
    expect(ev(m, s, '="say ""hi"""="SAY ""HI"""')).toBe(true);
  });

  test('blank equals "" and 0 and FALSE; ISBLANK only for an empty cell', () => {
    const { m, s } = book();
    put(s, 1, 1, '', true); // B2: a formula returning ""
    expect(ev(m, s, '=A2=""')).toBe(true);
    expect(ev(m, s, '=A2=0')).toBe(true);
    expect(ev(m, s, '=A2=FALSE')).toBe(true);
    expect(ev(m, s, '=A2>-1')).toBe(true);
    expect(ev(m, s, '=A2<"a"')).toBe(true);
    expect(ev(m, s, '=A2+1')).toBe(1);
    expect(ev(m, s, '=ISBLANK(A2)')).toBe(true);
    expect(ev(m, s, '=ISBLANK(B2)')).toBe(false);
    expect(ev(m, s, '=B2=""')).toBe(true);
    expect(ev(m, s, '=B2=0')).toBe(false); // "" is text
    expect(ev(m, s, '=ISNUMBER(A2)')).toBe(false);
    // A rule that evaluates to a blank or 0 does not apply.
    expect(ruleMatches(m, s, rule('=A2'), 1, 0)).toBe(false);
  });

  test('arithmetic, precedence, functions', () => {
    const { m, s } = book();
    expect(ev(m, s, '=1+2*3')).toBe(7);
    expect(ev(m, s, '=(1+2)*3')).toBe(9);
    expect(ev(m, s, '=-2^2')).toBe(4); // unary minus binds first, as in Excel
    expect(ev(m, s, '=10-4-3')).toBe(3);
    expect(ev(m, s, '=8/2/2')).toBe(2);
    expect(ev(m, s, '=-(3)--2')).toBe(-1);
    expect(ev(m, s, '=50%')).toBe(0.5);
    expect(ev(m, s, '="a"&1')).toBe('a1');
    expect(ev(m, s, '=1.5e2')).toBe(150);
    expect(ev(m, s, '=" 2 "*3')).toBe(6);
    expect(ev(m, s, '=1/0')).toEqual({ error: '#DIV/0!' });
    expect(ev(m, s, '="x"+1')).toEqual({ error: '#VALUE!' });
    expect(ev(m, s, '=and(TRUE,1,true)')).toBe(true);
    expect(ev(m, s, '=AND(TRUE,0)')).toBe(false);
    expect(ev(m, s, '=OR(FALSE,0,2)')).toBe(true);
    expect(ev(m, s, '=OR(A2,FALSE)')).toBe(false); // blank ignored
    expect(ev(m, s, '=AND(A2)')).toEqual({ error: '#VALUE!' }); // nothing but blanks
    expect(ev(m, s, '=NOT(0)')).toBe(true);
    expect(ev(m, s, '=NOT(A2)')).toBe(true);
    expect(ev(m, s, '=IF(1>2,"y","n")')).toBe('n');
    expect(ev(m, s, '=IF(1<2,"y")')).toBe('y');
    expect(ev(m, s, '=IF(1>2,"y")')).toBe(false);
    expect(ev(m, s, '=IF(TRUE,1,1/0)')).toBe(1); // lazy
    expect(ev(m, s, '=ISNUMBER(1/0)')).toBe(false);
    expect(ev(m, s, '=  AND ( 1 > 0 , 2 >= 2 )  ')).toBe(true);
    expect(ev(m, s, '=1<>2')).toBe(true);
    expect(ev(m, s, '=2<=2')).toBe(true);
  });

  test('garbage and unsupported formulas never match and never throw', () => {
    const { m, s } = book();
    put(s, 1, 0, 5);
    const bad = [
      '',
      '=',
      '=AND(',
      '=AND()',
      '=NOT(1,2)',
      '=IF()',
      '=FOO(A2)',
      '=SUM(A2)',
      '=A2:A5>0',
      '="unterminated',
      "='Sheet1",
      '=1+',
      '=)(',
      '=A2 A2',
      '=#BOGUS!',
      '=@A2',
      '=[@Overrun]>0',
      '=Projects[Overrun]>0',
      '=eval("1")',
      '=1/0',
      '="text"',
      '=#N/A',
      '=A2>"x"', // number > text: FALSE
      '=1e999999>0 + ',
    ];
    for (const f of bad) {
      expect(() => ruleMatches(m, s, rule(f), 1, 0)).not.toThrow();
      expect(ruleMatches(m, s, rule(f), 1, 0)).toBe(false);
    }
    expect(parseRule('=AND(')).toBeNull();
    expect(parseRule('=SUM(A2)')).toBeNull();
    // Parsed once, then cached.
    expect(parseRule('=A2>0')).toBe(parseRule('=A2>0'));
    // Not a custom rule: no format.
    expect(ruleMatches(m, s, rule('=TRUE', undefined, { type: 'CellValue' }), 1, 0)).toBe(false);
  });

  test('priority: the first matching rule wins its properties; stopIfTrue ends the search', () => {
    const { m, s } = book();
    put(s, 1, 0, 5);
    const rect = { r0: 1, c0: 0, r1: 5, c1: 0 };
    s.cfs = [
      { id: 'a', rect, type: 'Custom', formula: '=A2>10', fill: '#111111', stopIfTrue: false },
      { id: 'b', rect, type: 'Custom', formula: '=A2>1', fill: RED_FILL, fontColor: RED_FONT, stopIfTrue: false },
      { id: 'c', rect, type: 'Custom', formula: '=A2>0', fill: AMBER_FILL, bold: true, stopIfTrue: false },
    ];
    expect(conditionalStyleAt(m, s, 1, 0)).toEqual({ id: 'b', fill: RED_FILL, fontColor: RED_FONT, bold: true });
    s.cfs[1].stopIfTrue = true;
    expect(conditionalStyleAt(m, s, 1, 0)).toEqual({ id: 'b', fill: RED_FILL, fontColor: RED_FONT });
    expect(conditionalStyleAt(m, s, 2, 0)).toBeNull(); // A3 blank
    expect(conditionalStyleAt(m, s, 1, 1)).toBeNull(); // outside every rule
  });
});

test('the sample: a leadership project’s escalation is red, a "none" project has no format', async () => {
  const wb = new MemoryWorkbook();
  const run: ExcelRunner = (batch) => wb.run(batch);
  await setUp(run, { lang: 'zh' });
  await loadSample(run, { today: TODAY });
  recalcWithEngine(wb);

  const t = wb.table('Projects')!;
  const s = t.sheet;
  const header = (name: string): number => {
    for (let c = t.rect.c0; c <= t.rect.c1; c++) if (s.get(t.rect.r0, c)?.v === name) return c;
    throw new Error(`no column ${name}`);
  };
  const idCol = header('项目编号');
  const escCol = header('升级级别');
  const rowOf = (pred: (r: number) => boolean): number => {
    for (let r = t.rect.r0 + 1; r <= t.rect.r1; r++) if (pred(r)) return r;
    throw new Error('no such row');
  };

  const r3 = rowOf((r) => s.get(r, idCol)?.v === 'PS-2026-003');
  expect(s.get(r3, escCol)?.v).toBe('企业领导审批');
  expect(conditionalStyleAt(wb.model, s, r3, escCol)).toEqual({
    id: expect.any(String),
    fill: RED_FILL,
    fontColor: RED_FONT,
    bold: true,
  });

  const rNone = rowOf((r) => s.get(r, escCol)?.v === '无');
  expect(conditionalStyleAt(wb.model, s, rNone, escCol)).toBeNull();
  // The id column has no rules at all.
  expect(conditionalStyleAt(wb.model, s, r3, idCol)).toBeNull();
  // Every rule set-up wrote is understood by the evaluator.
  for (const sheet of wb.model.sheets) for (const cf of sheet.cfs) expect(parseRule(cf.formula)).not.toBeNull();
});
