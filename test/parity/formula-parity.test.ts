/**
 * Formula parity against a real spreadsheet engine (LibreOffice), in both languages.
 *
 * A workbook is made with the add-in's own set-up on a MemoryWorkbook, filled through the Excel API
 * with random (seeded) data around every threshold of spec §3–§4, exported with exportXlsx,
 * recalculated by LibreOffice headless and imported again. Every computed cell LibreOffice shows must
 * equal what the engine (`analyze`, via checkWorkbook on the imported workbook) says it should show.
 *
 * Seed: PARITY_SEED=<n> to replay a run, PARITY_SEED=random for a fresh one (printed either way).
 */
import JSZip from 'jszip';
import { analyze, Analysis } from '../../src/engine/analyze';
import { columnFormula } from '../../src/engine/formulas';
import { Lang } from '../../src/engine/i18n';
import { LISTS, ListName } from '../../src/engine/lists';
import { PolicyKey } from '../../src/engine/policy';
import { computedColumns, DEFAULT_MARKETS, TABLE_BY_NAME, TableName } from '../../src/engine/schema';
import { CellValue, isoFromSerial, serialFromIso, todaySerial } from '../../src/engine/values';
import { MemoryWorkbook } from '../../src/hosts/memory';
import { exportXlsx, importXlsx } from '../../src/hosts/xlsx';
import { readPipelineXlsx } from '../../src/hosts/xlsx/pipeline-reader';
import { checkWorkbook, setUp } from '../../src/workbook';
import { fillTables, RowValues } from '../support/fill-tables';
import { recalcXlsxMany } from '../support/libreoffice';

const SEED = (() => {
  const env = process.env.PARITY_SEED;
  if (env === 'random') return Math.floor(Math.random() * 2 ** 31);
  return env && /^\d+$/.test(env) ? Number(env) : 20260316;
})();
const FIXED_AS_OF = serialFromIso('2026-03-16')!;
const PROJECTS = 220;
const CHECKED: TableName[] = ['Projects', 'TaskBook', 'Adjustments', 'Terminations', 'Summaries', 'MonthlyReports'];

// ---------- seeded random data ----------

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rand {
  private next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
  /** Weighted choice: [weight, value-or-thunk]. */
  weighted<T>(choices: readonly [number, () => T][]): T {
    const total = choices.reduce((a, [w]) => a + w, 0);
    let x = this.next() * total;
    for (const [w, f] of choices) {
      if ((x -= w) < 0) return f();
    }
    return choices[choices.length - 1][1]();
  }
}

const label = (list: ListName, key: string, lang: Lang): string => LISTS[list].find((i) => i.key === key)![lang];
const other = (lang: Lang): Lang => (lang === 'zh' ? 'en' : 'zh');

interface Generated {
  rows: Partial<Record<TableName, RowValues[]>>;
  policy: Partial<Record<PolicyKey, CellValue>>;
}

/** Random pipeline data in one language, dense around every boundary of spec §3–§4. */
function generate(seed: number, lang: Lang, asOf: number, fixedAsOf: boolean): Generated {
  const R = new Rand(seed);
  const L = (list: ListName, key: string): string =>
    R.weighted<string>([
      [80, () => label(list, key, lang)],
      [15, () => label(list, key, other(lang))], // the other language's spelling
      [5, () => label(list, key, 'en').toUpperCase()], // Excel compares text case-insensitively
    ]);
  const anyLabel = (list: ListName): string => L(list, R.pick(LISTS[list]).key);

  // Markets: defaults, plus non-integer, out-of-range, text and blank weights and a duplicate name.
  const customMarkets: { name: string; weight: CellValue }[] = [
    { name: lang === 'zh' ? '华南市场' : 'South China', weight: 3.5 },
    { name: lang === 'zh' ? '西部市场' : 'West', weight: 2.5 },
    { name: lang === 'zh' ? '海外市场' : 'Overseas', weight: 6 },
    { name: lang === 'zh' ? '待定市场' : 'Pending Market', weight: lang === 'zh' ? '高' : 'high' },
    { name: lang === 'zh' ? '空权重市场' : 'No Weight', weight: null },
    { name: DEFAULT_MARKETS[0][lang], weight: 1 }, // duplicate: the first row wins (MATCH)
  ];
  const marketNames = DEFAULT_MARKETS.map((m) => m[lang]);
  const market = (): CellValue =>
    R.weighted<CellValue>([
      [60, () => R.pick(marketNames)],
      [12, () => R.pick(customMarkets).name],
      [6, () => R.pick(DEFAULT_MARKETS)[other(lang)]], // other language: not in this Markets table
      [4, () => R.pick(marketNames).toUpperCase()],
      [6, () => R.pick(['火星市场', 'Mars', 'Unknown market'])],
      [3, () => `${R.pick(marketNames)} `], // trailing space: no match in Excel either
      [9, () => null],
    ]);

  const tierEdges = [5_000_000, 2_000_000, 1_000_000, 300_000];
  const margin = (): CellValue =>
    R.weighted<CellValue>([
      [20, () => R.pick(tierEdges)],
      [20, () => Math.round((R.pick(tierEdges) - 0.01) * 100) / 100],
      [6, () => R.pick(tierEdges) + 0.01],
      [34, () => Math.round(R.float() * 8_000_000 * 100) / 100],
      [6, () => -R.int(1, 500_000)],
      [4, () => 0],
      [4, () => R.pick(['50万', '1.2亿', 'TBD'])],
      [6, () => null],
    ]);

  const projects: RowValues[] = [];
  const taskBook: RowValues[] = [];
  const adjustments: RowValues[] = [];
  const terminations: RowValues[] = [];
  const summaries: RowValues[] = [];
  // Monthly reports (spec §8): Due Date from a date on any day of the month, across year ends; months
  // typed as text and blanks give an empty Due Date in the sheet as in the engine.
  const reports: RowValues[] = [];
  const ids: CellValue[] = [];
  let adjN = 0;

  /**
   * How a child table spells a reference to project `id`: exactly, or in another case. A numeric ID is
   * never spelled as text here: Excel's SUMIFS/MAXIFS match the text "7005" to the number 7005 (and the
   * engine does too), LibreOffice does not, so that case cannot be checked against LibreOffice.
   */
  const refTo = (id: CellValue): CellValue => {
    if (typeof id === 'string' && R.chance(0.1)) return id.toLowerCase();
    return id;
  };
  const unknownRef = (): CellValue => R.pick(['NO-SUCH-1', 'P-99999', '']);

  for (let i = 0; i < PROJECTS; i++) {
    if (i > 0 && i % 53 === 0) projects.push({}); // a blank row inside the table
    const id: CellValue =
      i === 17
        ? ids[3] // a duplicated Project ID
        : i % 41 === 5
          ? 7000 + i // a numeric ID; children may spell it as text
          : i % 67 === 9
            ? null // a row without an ID
            : `${lang === 'zh' ? '项目' : 'PRJ'}-${String(1000 + i)}`;
    ids.push(id);
    const g = margin();
    projects.push({
      projectId: id,
      projectName: `${lang === 'zh' ? '项目' : 'Project'} ${i}`,
      customer: `${lang === 'zh' ? '客户' : 'Customer'} ${R.int(1, 40)}`,
      market: market(),
      salesOwner: 'Zhang',
      projectManager: 'Zhou',
      sponsor: 'Wang',
      stage: anyLabel('Stages'),
      status: anyLabel('Statuses'),
      estContractValue: typeof g === 'number' ? Math.abs(g) * 4 : 1_000_000,
      estGrossMargin: g,
      registeredOn: asOf - R.int(30, 300),
      expectedSignDate: asOf + R.int(-30, 200),
    });
    if (id === null) continue;

    // Task book: 0–6 milestones; planned/actual costs are integers or halves so sums are exact.
    const milestones: string[] = [];
    const mine: RowValues[] = [];
    const k = R.int(0, 6);
    for (let j = 0; j < k; j++) {
      const name =
        R.chance(0.04) && milestones.length ? milestones[0] : `${lang === 'zh' ? '里程碑' : 'Milestone'} ${j + 1}`;
      milestones.push(name);
      const pe = asOf + R.pick([-61, -45, -31, -30, -29, -10, -1, 0, 1, 2, 15, 40, R.int(-90, 60)]);
      const plannedEnd: CellValue = R.weighted<CellValue>([
        [92, () => pe],
        [4, () => null],
        [4, () => isoFromSerial(pe)], // a date typed as text
      ]);
      const actualEnd: CellValue = R.weighted<CellValue>([
        [45, () => null],
        [50, () => pe + R.pick([-5, 0, 1, 29, 30, 31, 45, R.int(-10, 60)])],
        [5, () => isoFromSerial(pe + 3)],
      ]);
      const plannedCost: CellValue = R.weighted<CellValue>([
        [84, () => R.int(0, 400) * 500],
        [4, () => R.int(0, 40000) + 0.5],
        [4, () => null],
        [5, () => R.pick(['5万', '¥120,000', '待定'])],
        [3, () => -R.int(1, 20) * 1000],
      ]);
      const actualCost: CellValue = R.weighted<CellValue>([
        [30, () => null],
        [
          60,
          () =>
            typeof plannedCost === 'number'
              ? Math.round(plannedCost * R.pick([0, 0.5, 0.8, 1, 1.1, 1.2, 2]))
              : R.int(0, 100) * 1000,
        ],
        [5, () => R.pick(['3万', 'n/a'])],
        [5, () => R.int(0, 80000) + 0.5],
      ]);
      const row: RowValues = {
        projectId: refTo(id),
        milestone: name,
        stage: anyLabel('Stages'),
        plannedStart: typeof plannedEnd === 'number' ? plannedEnd - R.int(0, 40) : pe - 10,
        plannedEnd,
        plannedCost,
        actualCost,
        actualEnd,
        sponsorConfirmed: L('YesNo', R.pick(['yes', 'no'])),
      };
      mine.push(row);
      taskBook.push(row);
    }
    const planned = mine.reduce((a, r) => a + (typeof r.plannedCost === 'number' ? r.plannedCost : 0), 0);

    // Adjustments: both types, every decision, both languages; cost changes at the 10% / 100,000 edges.
    let approvedCost = 0;
    const nAdj = R.weighted<number>([
      [40, () => 0],
      [35, () => R.int(1, 2)],
      [25, () => R.int(3, 5)],
    ]);
    for (let j = 0; j < nAdj; j++) {
      const typeKey = R.pick(['cost', 'schedule', 'cost', 'schedule', null]);
      const decisionKey = R.pick(['pending', 'approved', 'rejected', 'approved', null]);
      const tenth = planned / 10;
      const costChange: CellValue =
        typeKey === 'schedule' && R.chance(0.8)
          ? null
          : R.weighted<CellValue>([
              [14, () => tenth],
              [8, () => tenth + 1],
              [8, () => tenth - 1],
              [8, () => -tenth - 1],
              [10, () => 100_000],
              [8, () => 100_001],
              [6, () => -100_001],
              [6, () => 99_999],
              [22, () => R.int(-50, 50) * 1000],
              [5, () => R.pick(['5万', 'abc'])],
              [5, () => null],
            ]);
      const scheduleChangeDays: CellValue =
        typeKey === 'cost' && R.chance(0.8)
          ? null
          : R.weighted<CellValue>([
              [14, () => 30],
              [12, () => 31],
              [12, () => 29],
              [12, () => R.pick([-5, -20])],
              [30, () => R.int(0, 60)],
              [4, () => 2.5],
              [5, () => R.pick(['十天', 'ten'])],
              [5, () => null],
            ]);
      const milestone: CellValue =
        milestones.length && R.chance(0.85)
          ? R.chance(0.1)
            ? R.pick(milestones).toUpperCase()
            : R.pick(milestones)
          : R.pick(['不存在的里程碑', 'No such milestone', null]);
      const pid = R.chance(0.05) ? unknownRef() : refTo(id);
      if (typeKey === 'cost' && decisionKey === 'approved' && typeof costChange === 'number')
        approvedCost += costChange;
      adjustments.push({
        adjustmentId: `ADJ-${++adjN}`,
        projectId: pid,
        milestone,
        adjustmentType: typeKey === null ? null : L('AdjustmentTypes', typeKey),
        costChange,
        scheduleChangeDays,
        reason: 'r',
        requestedBy: 'Zhang',
        requestDate: asOf - R.int(0, 60),
        sponsorConfirmed: L('YesNo', 'yes'),
        approver: decisionKey && decisionKey !== 'pending' ? 'Wang' : null,
        decision: decisionKey === null ? null : L('Decisions', decisionKey),
        decisionDate: decisionKey && decisionKey !== 'pending' ? asOf - R.int(0, 10) : null,
      });
    }

    // Push some projects' total actual cost onto the escalation edges (overrun = 10% / 100,000).
    const plan = planned + approvedCost;
    const withActual = mine.filter((r) => typeof r.plannedCost === 'number');
    if (withActual.length && R.chance(0.35) && Number.isInteger(plan / 10)) {
      const target = R.pick([
        plan + plan / 10,
        plan + plan / 10 + 1,
        plan + 100_000,
        plan + 100_001,
        plan + 99_999,
        plan,
        plan + 1,
        plan * 0.8,
      ]);
      const last = withActual[withActual.length - 1];
      const others = mine.reduce((a, r) => a + (r !== last && typeof r.actualCost === 'number' ? r.actualCost : 0), 0);
      last.actualCost = target - others;
    }

    if (R.chance(0.18)) {
      terminations.push({
        projectId: R.chance(0.1) ? unknownRef() : refTo(id),
        requestDate: asOf - R.int(0, 30),
        applicant: 'Zhang',
        reasonCategory: anyLabel('TerminationReasons'),
        details: 'd',
        approver: 'Wang',
        decision: anyLabel('Decisions'),
        decisionDate: asOf,
      });
    }
    if (R.chance(0.2)) {
      summaries.push({
        projectId: R.chance(0.1) ? unknownRef() : refTo(id),
        outcome: anyLabel('Outcomes'),
        reviewDate: asOf,
        attendees: 'a',
        signedValue: R.int(0, 100) * 10_000,
        winLossReason: anyLabel('WinLossReasons'),
        lessons: 'l',
      });
    }
  }
  for (let k = 0; k < 60; k++) {
    const month: CellValue = R.chance(0.1)
      ? lang === 'zh'
        ? '2026年3月'
        : 'Mar 2026'
      : R.chance(0.05)
        ? null
        : asOf - R.int(0, 400);
    reports.push({
      projectId: refTo(R.pick(ids)),
      month,
      author: 'Wang',
      stage: anyLabel('Stages'),
      progress: 'p',
      analysis: 'a',
      countermeasures: 'c',
      submittedOn: asOf,
    });
  }
  // Rows referring to nothing: an unknown project, a blank ID.
  taskBook.push({
    projectId: 'NO-SUCH-1',
    milestone: 'x',
    stage: anyLabel('Stages'),
    plannedStart: asOf - 40,
    plannedEnd: asOf - 35,
    plannedCost: 1000,
    actualCost: 5000,
  });
  taskBook.push({
    projectId: null,
    milestone: 'orphan',
    plannedStart: asOf - 40,
    plannedEnd: asOf - 20,
    plannedCost: 700,
  });
  taskBook.push({});
  adjustments.push({
    adjustmentId: 'ADJ-X',
    projectId: null,
    milestone: 'orphan',
    adjustmentType: L('AdjustmentTypes', 'schedule'),
    scheduleChangeDays: 5,
    decision: L('Decisions', 'approved'),
  });
  terminations.push({ projectId: null, details: 'no project' });
  summaries.push({ projectId: null, lessons: 'no project' });

  // A due day past some months' ends (31) rolls into the next month as DATE does.
  const policy: Partial<Record<PolicyKey, CellValue>> = {
    AsOfDate: fixedAsOf ? asOf : null,
    ReportDueDay: seed % 2 === 0 ? 31 : 5,
  };
  return {
    rows: {
      Markets: customMarkets.map((m) => ({ market: m.name, weight: m.weight })),
      People: [{ name: 'Wang', role: label('Roles', 'generalManager', lang), active: label('YesNo', 'yes', lang) }],
      Projects: projects,
      TaskBook: taskBook,
      Adjustments: adjustments,
      Terminations: terminations,
      Summaries: summaries,
      MonthlyReports: reports,
    },
    policy,
  };
}

// ---------- comparison ----------

interface Mismatch {
  table: string;
  row: number;
  cell: string;
  column: string;
  sheetValue: CellValue;
  engineValue: CellValue;
  formula: string;
}

const empty = (v: CellValue): boolean => v === null || v === undefined || v === '';

function same(a: CellValue, b: CellValue): boolean {
  if (empty(a) || empty(b)) return empty(a) && empty(b);
  if (typeof a === 'number' && typeof b === 'number') {
    const d = Math.abs(a - b);
    return d === 0 || d <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
  }
  return a === b;
}

/** Every computed cell of the checked tables as LibreOffice left it, against the engine's value. */
function compare(analysis: Analysis, lang: Lang): { mismatches: Mismatch[]; cells: number } {
  const mismatches: Mismatch[] = [];
  let cells = 0;
  for (const name of CHECKED) {
    const t = analysis.model.tables[name];
    const snap = t.snapshot;
    if (!snap) throw new Error(`${name} was not read back`);
    const top = /^([A-Z]+)(\d+)$/.exec(snap.topLeft)!;
    const expected = analysis.cells[name];
    for (const col of computedColumns(t.schema)) {
      const ci = t.columnIndex[t.schema.columns.indexOf(col)];
      expect(ci).toBeGreaterThanOrEqual(0);
      snap.rows.forEach((row, r) => {
        cells++;
        const got = row[ci];
        // Rows the engine skips (blank rows) must show nothing.
        const want = expected.get(r)?.[col.key] ?? null;
        if (!same(got, want)) {
          const colNo = top[1].charCodeAt(0) - 65 + ci; // tables start in column A
          mismatches.push({
            table: name,
            row: r,
            cell: `${snap.sheet}!${String.fromCharCode(65 + (colNo % 26))}${Number(top[2]) + 1 + r}`,
            column: col.key,
            sheetValue: got,
            engineValue: want,
            formula: columnFormula(t.schema, col, lang),
          });
        }
      });
    }
  }
  return { mismatches, cells };
}

function describeMismatches(label: string, ms: Mismatch[], a: Analysis): string {
  const lines = ms.slice(0, 25).map((m) => {
    const t = a.model.tables[m.table as TableName];
    const inputs = t
      .snapshot!.rows[m.row].map((v, i) => `${String(t.snapshot!.headers[i])}=${JSON.stringify(v)}`)
      .join(', ');
    return (
      `  ${m.table} data row ${m.row} (${m.cell}) column ${m.column}: LibreOffice ${JSON.stringify(m.sheetValue)} ≠ engine ${JSON.stringify(m.engineValue)}\n` +
      `    formula: ${m.formula}\n    row: ${inputs}`
    );
  });
  return `${label}: ${ms.length} computed cells differ (seed ${SEED}; replay with PARITY_SEED=${SEED})\n${lines.join('\n')}`;
}

// ---------- the runs ----------

interface Variant {
  label: string;
  lang: Lang;
  fixedAsOf: boolean;
  seed: number;
}

const VARIANTS: Variant[] = [
  { label: 'zh, AsOfDate set', lang: 'zh', fixedAsOf: true, seed: SEED },
  { label: 'en, AsOfDate set', lang: 'en', fixedAsOf: true, seed: SEED + 1 },
  { label: 'zh, AsOfDate blank (TODAY())', lang: 'zh', fixedAsOf: false, seed: SEED + 2 },
  { label: 'en, AsOfDate blank (TODAY())', lang: 'en', fixedAsOf: false, seed: SEED + 3 },
];

interface Built {
  variant: Variant;
  exported: Buffer;
  original: Analysis;
}

// No LibreOffice → recalcXlsxMany fails with a clear message (CI installs libreoffice-calc).
describe('formula parity with LibreOffice', () => {
  const built: Built[] = [];
  const recalculated: Buffer[] = [];
  const viaExcelJs: Analysis[] = [];
  let today = 0;

  beforeAll(async () => {
    console.log(`formula parity seed ${SEED} (replay with PARITY_SEED=${SEED})`);
    for (const variant of VARIANTS) {
      const wb = new MemoryWorkbook();
      const run = wb.run.bind(wb);
      await setUp(run, { lang: variant.lang });
      const asOf = variant.fixedAsOf ? FIXED_AS_OF : todaySerial();
      const data = generate(variant.seed, variant.lang, asOf, variant.fixedAsOf);
      await fillTables(run, variant.lang, data.rows, data.policy);
      built.push({ variant, exported: await exportXlsx(wb), original: await checkWorkbook(run) });
    }
    today = todaySerial();
    recalculated.push(...(await recalcXlsxMany(built.map((b) => b.exported))));
  }, 90_000);

  test.each(VARIANTS.map((v, i) => [v.label, i] as const))(
    '%s: every computed cell equals the engine',
    async (_label, i) => {
      const { variant, original } = built[i];
      const wb = await importXlsx(recalculated[i]);
      const analysis = await checkWorkbook(wb.run.bind(wb));
      viaExcelJs[i] = analysis;
      expect(analysis.lang).toBe(variant.lang);
      // The as-of date: the Policy's, or today when it is blank (LibreOffice's TODAY()).
      expect(analysis.asOf).toBe(variant.fixedAsOf ? FIXED_AS_OF : today);
      expect(analysis.projects.length).toBeGreaterThanOrEqual(200);

      // LibreOffice kept every input as it was: the engine sees the same workbook before and after.
      expect(JSON.stringify([...Object.entries(analysis.cells)].map(([k, m]) => [k, [...m]]))).toBe(
        JSON.stringify([...Object.entries(original.cells)].map(([k, m]) => [k, [...m]])),
      );

      const { mismatches, cells } = compare(analysis, variant.lang);
      if (mismatches.length) throw new Error(describeMismatches(variant.label, mismatches, analysis));
      expect(cells).toBeGreaterThan(2000);

      // The data really reaches every level the formulas distinguish.
      const p = analysis.projects;
      expect(new Set(p.map((x) => x.grade))).toEqual(new Set(['A', 'B', 'C', 'D', null]));
      expect(new Set(p.map((x) => x.marginTier))).toEqual(new Set([1, 2, 3, 4, 5, null]));
      expect(new Set(p.map((x) => x.escalation))).toEqual(new Set(['none', 'adjustment', 'leadership']));
      const approvals = [...analysis.computed.adjustments.values()].map((a) => a.requiredApproval);
      expect(new Set(approvals)).toEqual(new Set(['leadership', 'gmOrDirector', null]));
      // The per-row approved amounts (spec §7) hold real amounts as well as zeros, in both languages' rows.
      const adj = [...analysis.computed.adjustments.values()];
      expect(adj.filter((x) => x.approvedCost !== null && x.approvedCost !== 0).length).toBeGreaterThan(10);
      expect(adj.filter((x) => x.approvedDays !== null && x.approvedDays !== 0).length).toBeGreaterThan(10);
      expect(adj.filter((x) => x.approvedCost === 0 && x.approvedDays === 0).length).toBeGreaterThan(10);
      const due = [...analysis.computed.cycle.dueDate.values()];
      expect(due.filter((x) => x !== null).length).toBeGreaterThan(40);
      expect(due).toContain(null);
      // Weight in Markets, as Market Weight's one lookup finds it: numbers, 0 for an empty weight, text, nothing.
      const found = [...analysis.cells.Projects.values()].map((x) => x.marketLookup);
      for (const v of [2.5, 0, variant.lang === 'zh' ? '高' : 'high', null]) expect(found).toContain(v);
    },
  );

  // The direct reader (presales check) against the Office.js reader: on the file as written (the workbook it
  // was written from) and as LibreOffice saved it, with every kind of cached value (the ExcelJS path).
  test.each(VARIANTS.map((v, i) => [v.label, i] as const))(
    '%s: the direct .xlsx reader gives the same findings and project rows as the ExcelJS path',
    async (_label, i) => {
      const asWritten = analyze((await readPipelineXlsx(built[i].exported)).snapshot);
      expect(asWritten.projects.length).toBeGreaterThanOrEqual(200);
      expect(asWritten.projects).toEqual(built[i].original.projects);
      expect(asWritten.findings).toEqual(built[i].original.findings);
      const excelJs =
        viaExcelJs[i] ??
        (await (async () => {
          const wb = await importXlsx(recalculated[i]);
          return checkWorkbook(wb.run.bind(wb));
        })());
      const saved = analyze((await readPipelineXlsx(recalculated[i])).snapshot);
      expect(saved.projects).toEqual(excelJs.projects);
      expect(saved.findings).toEqual(excelJs.findings);
    },
  );

  test.each(VARIANTS.map((v, i) => [v.label, i] as const))(
    '%s: the exported file has a calculatedColumnFormula per computed column, MAXIFS as _xlfn.MAXIFS',
    async (_label, i) => {
      const { variant, exported } = built[i];
      const zip = await JSZip.loadAsync(exported);
      const tableXml = new Map<string, string>();
      for (const path of Object.keys(zip.files).filter((p) => /^xl\/tables\/table\d+\.xml$/.test(p))) {
        const xml = await zip.file(path)!.async('string');
        tableXml.set(/<table\b[^>]*\bname="([^"]*)"/.exec(xml)![1], xml);
      }
      let maxifs = 0;
      for (const name of CHECKED) {
        const xml = tableXml.get(name);
        expect(xml).toBeDefined();
        for (const col of computedColumns(TABLE_BY_NAME[name])) {
          const header = col.header[variant.lang];
          const m = new RegExp(
            `<tableColumn\\b[^>]*\\bname="${header.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*>\\s*<calculatedColumnFormula>([^<]*)</calculatedColumnFormula>`,
          ).exec(xml!);
          if (!m) throw new Error(`${name}.${col.key} ("${header}") has no <calculatedColumnFormula>`);
          const formula = m[1]
            .replace(/&quot;/g, '"')
            .replace(/&lt;/g, '<')
            .replace(/&gt;/g, '>')
            .replace(/&amp;/g, '&');
          expect(formula.replace(/_xlfn\./g, '')).toBe(columnFormula(TABLE_BY_NAME[name], col, variant.lang).slice(1));
          if (/MAXIFS/.test(formula)) {
            maxifs++;
            expect(formula).toMatch(/_xlfn\.MAXIFS\(/);
          }
        }
      }
      expect(maxifs).toBeGreaterThan(0);
      // Cell formulas in the sheets: MAXIFS always carries its prefix.
      let cellMaxifs = 0;
      for (const path of Object.keys(zip.files).filter((p) => /^xl\/worksheets\/sheet\d+\.xml$/.test(p))) {
        const xml = await zip.file(path)!.async('string');
        for (const f of xml.matchAll(/<f\b[^>]*>([^<]*)<\/f>/g)) {
          if (!/MAXIFS/.test(f[1])) continue;
          cellMaxifs++;
          expect(f[1]).not.toMatch(/(^|[^.])MAXIFS\(/);
          expect(f[1]).toMatch(/_xlfn\.MAXIFS\(/);
        }
      }
      expect(cellMaxifs).toBeGreaterThanOrEqual(200);
    },
  );
});
