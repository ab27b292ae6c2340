/**
 * Properties of the engine over arbitrary input (fast-check, ~200 runs each):
 * it never throws; grade and escalation are monotone; every finding points inside its table.
 */
import fc from 'fast-check';
import { parseCell, splitAddress } from '../../src/engine/address';
import { analyze, Analysis } from '../../src/engine/analyze';
import { Lang } from '../../src/engine/i18n';
import { LISTS } from '../../src/engine/lists';
import { reviewItems } from '../../src/engine/review';
import { TableName, TABLES } from '../../src/engine/schema';
import { WorkbookSnapshot } from '../../src/engine/snapshot';
import { CellValue } from '../../src/engine/values';
import {
  adjustment,
  AS_OF,
  baseline,
  build,
  d,
  L,
  milestones,
  project,
  salesPlan,
  summary,
  termination,
} from './build';

const RUNS = { numRuns: 200 };
const TABLE_NAMES = TABLES.map((t) => t.name);

/** A richer starting point than the baseline: two projects, adjustments, a termination and summaries. */
function richWorkbook(v: Lang, h: Lang): WorkbookSnapshot {
  const s = baseline(v);
  s.Projects.push(
    project(v, { projectId: 'P-002', status: L('Statuses', 'won', v), stage: L('Stages', 'bidding', v) }),
  );
  s.SalesPlan.push(...salesPlan('P-002', v));
  s.TaskBook.push(...milestones('P-002', v));
  s.Adjustments.push(
    adjustment(v),
    adjustment(v, {
      adjustmentId: 'ADJ-2',
      adjustmentType: L('AdjustmentTypes', 'schedule', v),
      costChange: null,
      scheduleChangeDays: 12,
      milestone: '需求调研',
    }),
  );
  s.Terminations.push(termination(v, { projectId: 'P-002' }));
  s.Summaries.push(summary(v, 'won', { projectId: 'P-002' }));
  return build(s, { lang: h });
}

const LIST_VALUES = Object.values(LISTS).flatMap((items) => items.flatMap((i) => [i.zh, i.en]));

const cellValue: fc.Arbitrary<CellValue> = fc.oneof(
  fc.constantFrom<CellValue>(
    '#N/A',
    '#VALUE!',
    '#REF!',
    '#DIV/0!',
    '#NAME?',
    '#n/a',
    null,
    undefined,
    '',
    ' ',
    '\t\n ',
    '\u3000',
  ),
  fc.constantFrom<CellValue>(
    'P-001',
    'P-002',
    'p-001',
    '需求调研',
    '方案设计',
    '王建国',
    '李明',
    '孙浩',
    '信息中心',
    'IT Dept',
    '重点市场',
    'Key',
    '华南市场',
  ),
  fc.constantFrom<CellValue>(
    '50万',
    '1.2亿',
    '(5,000)',
    '￥１２０，０００',
    '1,23,4',
    '2026-03-01',
    '2026/3/1',
    '2026年3月1日',
    '45000',
    '-0',
    '1e400',
  ),
  fc.constantFrom<CellValue>(...LIST_VALUES),
  fc.double(),
  fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
  fc.constantFrom<CellValue>(
    1e308,
    -1e308,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    Number.MAX_SAFE_INTEGER,
    -0,
    2958465,
    2958466,
    1e15,
    0.5,
  ),
  fc.integer({ min: -100, max: 3_000_000 }), // dates as serials, in and out of range
  fc.boolean(),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
);

type Edit =
  | { kind: 'cell'; t: number; r: number; c: number; value: CellValue }
  | { kind: 'formula'; t: number; r: number; c: number; value: string | null }
  | { kind: 'header'; t: number; c: number; value: CellValue }
  | { kind: 'dupHeader'; t: number; from: number; to: number }
  | { kind: 'truncateHeaders'; t: number; n: number }
  | { kind: 'truncateRow'; t: number; r: number; n: number }
  | { kind: 'dropTable'; t: number };

const tableIx = fc.nat({ max: TABLE_NAMES.length - 1 });
const edit: fc.Arbitrary<Edit> = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.record({
      kind: fc.constant('cell' as const),
      t: tableIx,
      r: fc.nat({ max: 14 }),
      c: fc.nat({ max: 30 }),
      value: cellValue,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('formula' as const),
      t: tableIx,
      r: fc.nat({ max: 14 }),
      c: fc.nat({ max: 30 }),
      value: fc.constantFrom<string | null>(null, '', '=1', '42'),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('header' as const),
      t: tableIx,
      c: fc.nat({ max: 30 }),
      value: cellValue,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('dupHeader' as const),
      t: tableIx,
      from: fc.nat({ max: 30 }),
      to: fc.nat({ max: 30 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('truncateHeaders' as const), t: tableIx, n: fc.nat({ max: 30 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('truncateRow' as const),
      t: tableIx,
      r: fc.nat({ max: 14 }),
      n: fc.nat({ max: 30 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('dropTable' as const), t: tableIx }) },
);

function applyEdits(ws: WorkbookSnapshot, edits: Edit[]): WorkbookSnapshot {
  for (const e of edits) {
    const name = TABLE_NAMES[e.t] as TableName;
    const t = ws.tables[name];
    if (!t) continue;
    switch (e.kind) {
      case 'cell':
        while (t.rows.length <= e.r) t.rows.push([]);
        t.rows[e.r][e.c] = e.value;
        break;
      case 'formula':
        if (!t.formulas) break;
        while (t.formulas.length <= e.r) t.formulas.push([]);
        t.formulas[e.r][e.c] = e.value;
        break;
      case 'header':
        t.headers[e.c] = e.value;
        break;
      case 'dupHeader':
        t.headers[e.to] = t.headers[e.from];
        break;
      case 'truncateHeaders':
        t.headers = t.headers.slice(0, e.n);
        break;
      case 'truncateRow':
        if (t.rows[e.r]) t.rows[e.r] = t.rows[e.r].slice(0, e.n);
        break;
      case 'dropTable':
        delete ws.tables[name];
        break;
    }
  }
  // Headers written past the end leave holes; Excel would show them as blank headers.
  for (const t of Object.values(ws.tables)) if (t) t.headers = Array.from(t.headers, (x) => x);
  return ws;
}

const workbookArb = fc.record({
  v: fc.constantFrom<Lang>('zh', 'en'),
  h: fc.constantFrom<Lang>('zh', 'en'),
  edits: fc.array(edit, { maxLength: 25 }),
  asOf: fc.option(fc.oneof(fc.integer({ min: -10_000, max: 3_000_000 }), fc.constant(AS_OF)), { nil: undefined }),
  lang: fc.constantFrom<Lang | undefined>(undefined, 'zh', 'en'),
});

const analyseArb = (x: {
  v: Lang;
  h: Lang;
  edits: Edit[];
  asOf?: number;
  lang?: Lang;
}): { ws: WorkbookSnapshot; a: Analysis } => {
  const ws = applyEdits(richWorkbook(x.v, x.h), x.edits);
  return { ws, a: analyze(ws, { asOf: x.asOf, lang: x.lang }) };
};

describe('the engine never throws', () => {
  test('on arbitrary values in any cell, arbitrary headers and ragged rows', () => {
    fc.assert(
      fc.property(workbookArb, (x) => {
        const { a } = analyseArb(x);
        expect(Array.isArray(a.findings)).toBe(true);
        JSON.stringify(a.projects);
        JSON.stringify(a.findings);
        reviewItems(a);
        for (const f of a.findings) {
          expect(typeof f.message.zh).toBe('string');
          expect(typeof f.message.en).toBe('string');
          expect(f.message.zh.length * f.message.en.length).toBeGreaterThan(0);
        }
      }),
      RUNS,
    );
  });

  test('on an empty workbook and on tables with no headers or rows at all', () => {
    expect(() => analyze({ tables: {} })).not.toThrow();
    const bare: WorkbookSnapshot = { tables: {} };
    for (const name of TABLE_NAMES)
      bare.tables[name] = { name, sheet: name, topLeft: 'A1', headers: [], rows: [[1, 'x'], []] };
    expect(() => analyze(bare, { asOf: AS_OF })).not.toThrow();
  });

  test('on dates far outside Excel’s range in a pair of bounded date columns', () => {
    const s = baseline('zh');
    s.TaskBook[0].plannedStart = 1e12;
    s.TaskBook[0].plannedEnd = 1e11;
    s.Projects[0].registeredOn = 1e300;
    s.Projects[0].expectedSignDate = -1e300;
    const a = analyze(build(s), { asOf: AS_OF });
    const cols = new Set(a.findings.filter((f) => f.code === 'out-of-range').map((f) => f.column));
    expect([...cols].sort()).toEqual(['actualEnd', 'expectedSignDate', 'plannedEnd', 'plannedStart', 'registeredOn']);
    for (const f of a.findings) expect(f.message.en).not.toMatch(/Invalid|NaN/);
  });
});

describe('findings point inside their table', () => {
  test('the cell is on the table’s sheet, within its header row and data rows', () => {
    fc.assert(
      fc.property(workbookArb, (x) => {
        const { ws, a } = analyseArb(x);
        for (const f of a.findings) {
          const snap = ws.tables[f.table];
          if (f.code === 'missing-table') {
            expect(snap).toBeUndefined();
            expect(f.cell).toBe('');
            continue;
          }
          expect(snap).toBeDefined();
          const { sheet, range } = splitAddress(f.cell);
          expect(sheet).toBe(snap!.sheet);
          const cell = parseCell(range)!;
          const top = parseCell(snap!.topLeft)!;
          const width = Math.max(1, snap!.headers.length);
          if (f.code === 'missing-column') {
            // By design it points where Repair adds the column: the header cell just past the table.
            expect(cell).toEqual({ row: top.row, col: top.col + snap!.headers.length });
            continue;
          }
          expect(cell.col).toBeGreaterThanOrEqual(top.col);
          expect(cell.col).toBeLessThan(top.col + width);
          expect(cell.row).toBeGreaterThanOrEqual(top.row);
          expect(cell.row).toBeLessThanOrEqual(top.row + snap!.rows.length);
          if (f.row !== null) {
            expect(f.row).toBeLessThan(snap!.rows.length);
            expect(cell.row).toBe(top.row + 1 + f.row);
          }
        }
      }),
      RUNS,
    );
  });
});

const GRADE_RANK: Record<string, number> = { A: 4, B: 3, C: 2, D: 1, null: 0 };

function gradeFor(margin: number, weight: number | null): string | null {
  const s = baseline('zh');
  s.Projects[0].estContractValue = 1e12;
  s.Projects[0].estGrossMargin = margin;
  s.Markets[1].weight = weight;
  return analyze(build(s), { asOf: AS_OF }).projects[0].grade;
}

describe('grade never falls when margin or market weight rises (A > B > C > D > none)', () => {
  const money = fc.integer({ min: -2_000_000_000, max: 2_000_000_000 }).map((c) => c / 100);
  const weight = fc.option(
    fc.integer({ min: 100, max: 500 }).map((w) => w / 100),
    { nil: null },
  );
  test('margin rises, weight fixed', () => {
    fc.assert(
      fc.property(money, money, weight, (m1, m2, w) => {
        const [lo, hi] = m1 <= m2 ? [m1, m2] : [m2, m1];
        expect(GRADE_RANK[String(gradeFor(hi, w))]).toBeGreaterThanOrEqual(GRADE_RANK[String(gradeFor(lo, w))]);
      }),
      RUNS,
    );
  });
  test('weight rises (from none to any), margin fixed', () => {
    fc.assert(
      fc.property(money, weight, weight, (m, w1, w2) => {
        const [lo, hi] = w1 === null ? [w1, w2] : w2 === null ? [w2, w1] : w1 <= w2 ? [w1, w2] : [w2, w1];
        expect(GRADE_RANK[String(gradeFor(m, hi))]).toBeGreaterThanOrEqual(GRADE_RANK[String(gradeFor(m, lo))]);
      }),
      RUNS,
    );
  });
});

const ESC_RANK: Record<string, number> = { none: 0, adjustment: 1, leadership: 2 };

describe('escalation never falls when actual cost rises (none < adjustment < leadership)', () => {
  const amount = fc.integer({ min: 0, max: 50_000_000 }).map((c) => c / 100);
  test('whatever the plan, approved adjustments, slip and cap', () => {
    fc.assert(
      fc.property(
        fc.record({
          p1: amount,
          p2: amount,
          adj: fc.integer({ min: -5_000_000, max: 5_000_000 }).map((c) => c / 100),
          margin: fc.integer({ min: -1_000_000, max: 20_000_000 }),
          endOffset: fc.integer({ min: -40, max: 60 }),
          a1: amount,
          a2: amount,
          other: amount,
        }),
        (x) => {
          const escFor = (actual: number): string => {
            const s = baseline('zh');
            s.Projects[0].estContractValue = 1e9;
            s.Projects[0].estGrossMargin = x.margin;
            s.TaskBook[0].plannedCost = x.p1;
            s.TaskBook[1].plannedCost = x.p2;
            s.TaskBook[0].actualEnd = d(x.endOffset);
            s.TaskBook[0].actualCost = x.other;
            s.TaskBook[1].actualCost = actual;
            s.Adjustments.push(adjustment('zh', { costChange: x.adj, approver: '孙浩' }));
            return String(analyze(build(s), { asOf: AS_OF }).projects[0].escalation);
          };
          const [lo, hi] = x.a1 <= x.a2 ? [x.a1, x.a2] : [x.a2, x.a1];
          expect(ESC_RANK[escFor(hi)]).toBeGreaterThanOrEqual(ESC_RANK[escFor(lo)]);
        },
      ),
      RUNS,
    );
  });
});
