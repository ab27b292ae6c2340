/**
 * Test helper: WorkbookSnapshot objects from compact rows keyed by column key, so each test states only
 * what matters. `baseline()` is a clean one-project workbook that yields zero findings; a rule test
 * changes one thing in it and looks for the one finding that change should cause.
 *
 * Layout: each table sits where set-up puts it (every data table at A1 of its own sheet; on the
 * Settings sheet Policy A1, Markets E1, People H1), on the sheet named as set-up names it in the
 * header language. Computed columns are left empty and carry a formula, unless a row gives a value for
 * the computed key: that models a value typed over the formula (formula-overwritten).
 */
import { analyze, Analysis } from '../../src/engine/analyze';
import { Finding, FindingCode } from '../../src/engine/findings';
import { columnFormula } from '../../src/engine/formulas';
import { Lang } from '../../src/engine/i18n';
import { SHEETS } from '../../src/engine/layout';
import { listLabel, ListName } from '../../src/engine/lists';
import { POLICY, PolicyKey } from '../../src/engine/policy';
import { DEFAULT_MARKETS, TABLE_BY_NAME, TableName, TABLES } from '../../src/engine/schema';
import { TableSnapshot, WorkbookSnapshot } from '../../src/engine/snapshot';
import { cellA1, quoteSheet } from '../../src/engine/address';
import { CellValue, serialFromYmd } from '../../src/engine/values';

export type RowSpec = Record<string, CellValue>;
/** The rows of each table present in the workbook; a table absent from the object is absent from the workbook. */
export type Spec = Partial<Record<TableName, RowSpec[]>>;

/** The as-of date every test analyses with: 2026-06-01. */
export const AS_OF = serialFromYmd(2026, 6, 1);
/** A date `offset` days from AS_OF, as an Excel serial. */
export const d = (offset: number): number => AS_OF + offset;

export interface BuildOptions {
  /** Header and sheet-name language (default zh). */
  lang?: Lang;
  /** Write formulas for computed columns (default true). */
  formulas?: boolean;
  /** Rewrite a table's header row (rename, blank, duplicate a header…). */
  headers?: Partial<Record<TableName, (headers: CellValue[]) => CellValue[]>>;
  /** Override where a table starts. */
  topLeft?: Partial<Record<TableName, string>>;
  /** Override a table's sheet name. */
  sheet?: Partial<Record<TableName, string>>;
}

const PLACEMENT = new Map<TableName, { row: number; col: number }>();
for (const s of SHEETS) for (const p of s.tables) PLACEMENT.set(p.table, { row: p.row, col: p.col });

export const sheetOf = (table: TableName, lang: Lang): string => TABLE_BY_NAME[table].sheet[lang];
export const topLeftOf = (table: TableName): string => {
  const p = PLACEMENT.get(table) ?? { row: 0, col: 0 };
  return cellA1(p.row, p.col);
};

/** `Sheet!A1` for a cell given relative to the table's own top-left (A1 = header's first cell), quoted as Excel quotes. */
export function at(table: TableName, relA1: string, lang: Lang = 'zh'): string {
  const m = /^([A-Z]+)(\d+)$/.exec(relA1)!;
  let col = 0;
  for (const ch of m[1]) col = col * 26 + (ch.charCodeAt(0) - 64);
  const p = PLACEMENT.get(table) ?? { row: 0, col: 0 };
  return `${quoteSheet(sheetOf(table, lang))}!${cellA1(p.row + Number(m[2]) - 1, p.col + col - 1)}`;
}

export function tableSnapshot(name: TableName, rows: RowSpec[], opts: BuildOptions = {}): TableSnapshot {
  const lang = opts.lang ?? 'zh';
  const schema = TABLE_BY_NAME[name];
  const keys = new Set(schema.columns.map((c) => c.key));
  for (const r of rows)
    for (const k of Object.keys(r)) if (!keys.has(k)) throw new Error(`build: ${name} has no column "${k}"`);
  let headers: CellValue[] = schema.columns.map((c) => c.header[lang]);
  if (opts.headers?.[name]) headers = opts.headers[name]!(headers);
  const snap: TableSnapshot = {
    name,
    sheet: opts.sheet?.[name] ?? sheetOf(name, lang),
    topLeft: opts.topLeft?.[name] ?? topLeftOf(name),
    headers,
    rows: rows.map((r) => schema.columns.map((c) => (c.key in r ? r[c.key] : null))),
  };
  if (opts.formulas !== false) {
    snap.formulas = rows.map((r) =>
      schema.columns.map((c) => (c.type === 'computed' && !(c.key in r) ? columnFormula(schema, c, lang) : null)),
    );
  }
  return snap;
}

export function build(spec: Spec, opts: BuildOptions = {}): WorkbookSnapshot {
  const tables: WorkbookSnapshot['tables'] = {};
  for (const t of TABLES) {
    const rows = spec[t.name];
    if (rows) tables[t.name] = tableSnapshot(t.name, rows, opts);
  }
  return { tables };
}

/** Analyse a spec as of AS_OF. */
export function run(spec: Spec, opts: BuildOptions = {}, asOf: number = AS_OF): Analysis {
  return analyze(build(spec, opts), { asOf });
}

// ---------------------------------------------------------------------------------------------
// The clean baseline.

/** A list value in a language. */
export const L = (list: ListName, key: string, lang: Lang = 'zh'): string => listLabel(list, key, lang);

export const PEOPLE = {
  GM: '王建国', // General Manager (4)
  DIRECTOR: '李明', // Sales Director (3)
  REGIONAL: '张伟', // Regional Manager (2)
  SALES: '刘洋', // Sales Manager (1)
  PM: '周婷', // Sales Manager (1)
  LEADER: '孙浩', // Leadership (5)
  INACTIVE: '吴敏', // Sales Manager (1), not active
} as const;

export function policyRows(overrides: Partial<Record<PolicyKey, CellValue>> = {}, lang: Lang = 'zh'): RowSpec[] {
  return POLICY.map((p) => ({
    key: p.key,
    value: p.key in overrides ? overrides[p.key] : p.default,
    description: p.description[lang],
  }));
}

export const marketRows = (lang: Lang = 'zh'): RowSpec[] =>
  DEFAULT_MARKETS.map((m) => ({ market: m[lang], weight: m.weight }));

export function peopleRows(v: Lang = 'zh'): RowSpec[] {
  const yes = L('YesNo', 'yes', v);
  return [
    { name: PEOPLE.GM, role: L('Roles', 'generalManager', v), active: yes },
    { name: PEOPLE.DIRECTOR, role: L('Roles', 'salesDirector', v), active: yes },
    { name: PEOPLE.REGIONAL, role: L('Roles', 'regionalManager', v), active: yes },
    { name: PEOPLE.SALES, role: L('Roles', 'salesManager', v), active: yes },
    { name: PEOPLE.PM, role: L('Roles', 'salesManager', v), active: yes },
    { name: PEOPLE.LEADER, role: L('Roles', 'leadership', v), active: yes },
    { name: PEOPLE.INACTIVE, role: L('Roles', 'salesManager', v), active: L('YesNo', 'no', v) },
  ];
}

/**
 * Project P-001 at stage 咨询, market 重点市场 (weight 4), margin 2,000,000 (tier 4) → score 4.00 → grade A,
 * budget cap 100,000; sponsor the General Manager.
 */
export function project(v: Lang = 'zh', over: RowSpec = {}): RowSpec {
  return {
    projectId: 'P-001',
    projectName: '智慧城市运营中心',
    customer: '滨海市大数据局',
    market: v === 'zh' ? '重点市场' : 'Key',
    salesOwner: PEOPLE.SALES,
    projectManager: PEOPLE.PM,
    sponsor: PEOPLE.GM,
    stage: L('Stages', 'consulting', v),
    status: L('Statuses', 'active', v),
    estContractValue: 10_000_000,
    estGrossMargin: 2_000_000,
    registeredOn: d(-60),
    expectedSignDate: d(90),
    competitors: '华为',
    notes: null,
    ...over,
  };
}

/** A complete sales plan: Strength, Weakness, Sales Goal, Work Item, Risk, Exit Criterion (rows 2–7 of the sheet). */
export function salesPlan(projectId: string, v: Lang = 'zh'): RowSpec[] {
  const t = (k: string): string => L('PlanItemTypes', k, v);
  return [
    {
      projectId,
      itemType: t('strength'),
      dimension: L('Dimensions', 'relationship', v),
      description: '与客户长期合作',
    },
    { projectId, itemType: t('weakness'), dimension: L('Dimensions', 'partner', v), description: '本地伙伴不足' },
    { projectId, itemType: t('salesGoal'), description: '按期签约' },
    {
      projectId,
      itemType: t('workItem'),
      description: '技术交流',
      owner: PEOPLE.PM,
      purpose: '取得技术部门认可',
      dueDate: d(15),
      itemStatus: L('ItemStatuses', 'inProgress', v),
    },
    {
      projectId,
      itemType: t('risk'),
      description: '预算审批延迟',
      likelihood: L('Levels', 'medium', v),
      impact: L('Levels', 'high', v),
    },
    { projectId, itemType: t('exitCriterion'), description: '客户采用竞品', triggered: L('YesNo', 'no', v) },
  ];
}

/** Two milestones: M1 done on time (planned 30,000, actual 20,000), M2 open (planned 30,000, actual 5,000). */
export function milestones(projectId: string, v: Lang = 'zh'): RowSpec[] {
  const yes = L('YesNo', 'yes', v);
  return [
    {
      projectId,
      milestone: '需求调研',
      stage: L('Stages', 'consulting', v),
      plannedStart: d(-50),
      plannedEnd: d(-20),
      plannedCost: 30_000,
      actualCost: 20_000,
      actualEnd: d(-20),
      sponsorConfirmed: yes,
    },
    {
      projectId,
      milestone: '方案设计',
      stage: L('Stages', 'consulting', v),
      plannedStart: d(-20),
      plannedEnd: d(30),
      plannedCost: 30_000,
      actualCost: 5_000,
      actualEnd: null,
      sponsorConfirmed: yes,
    },
  ];
}

/** A valid approved Cost adjustment of 5,000 on M2 (≤ 10% of 60,000 → GM / Sales Director), approved by the Sales Director. */
export function adjustment(v: Lang = 'zh', over: RowSpec = {}): RowSpec {
  return {
    adjustmentId: 'ADJ-001',
    projectId: 'P-001',
    milestone: '方案设计',
    adjustmentType: L('AdjustmentTypes', 'cost', v),
    costChange: 5_000,
    scheduleChangeDays: null,
    reason: '增加一次专家差旅',
    requestedBy: PEOPLE.SALES,
    requestDate: d(-10),
    sponsorConfirmed: L('YesNo', 'yes', v),
    approver: PEOPLE.DIRECTOR,
    decision: L('Decisions', 'approved', v),
    decisionDate: d(-8),
    ...over,
  };
}

/** A valid approved termination request (approved by the Sales Director). */
export function termination(v: Lang = 'zh', over: RowSpec = {}): RowSpec {
  return {
    projectId: 'P-001',
    requestDate: d(-10),
    applicant: PEOPLE.SALES,
    reasonCategory: L('TerminationReasons', 'customerCancelled', v),
    details: '客户取消招标',
    sponsorOpinion: '同意',
    approver: PEOPLE.DIRECTOR,
    decision: L('Decisions', 'approved', v),
    decisionDate: d(-8),
    ...over,
  };
}

/** A valid summary report; `outcome` is an Outcomes key. */
export function summary(v: Lang = 'zh', outcome = 'won', over: RowSpec = {}): RowSpec {
  return {
    projectId: 'P-001',
    outcome: L('Outcomes', outcome, v),
    reviewDate: d(-1),
    attendees: '刘洋、周婷',
    signedValue: outcome === 'won' ? 9_800_000 : null,
    winLossReason: L('WinLossReasons', 'relationship', v),
    lessons: '提前介入需求',
    improvements: null,
    knowledgeTags: null,
    ...over,
  };
}

/** P-001's April 2026 report (registered 2026-04-02; May's is not due until 2026-06-05), on time, by its PM. */
export function monthlyReport(v: Lang = 'zh', over: RowSpec = {}): RowSpec {
  return {
    projectId: 'P-001',
    month: serialFromYmd(2026, 4, 1),
    author: PEOPLE.PM,
    stage: L('Stages', 'consulting', v),
    progress: '完成需求调研',
    analysis: '客户预算已落实',
    countermeasures: '加快方案设计',
    nextSteps: null,
    winProbability: 0.6,
    submittedOn: serialFromYmd(2026, 5, 3),
    ...over,
  };
}

/** A war-room meeting of P-001 a week before AS_OF, chaired by its sponsor, deciding Continue. */
export function meeting(v: Lang = 'zh', over: RowSpec = {}): RowSpec {
  return {
    meetingDate: d(-7),
    projectId: 'P-001',
    chair: PEOPLE.GM,
    attendees: '王建国、周婷、刘洋',
    decision: L('MeetingDecisions', 'continue', v),
    actions: null,
    actionOwner: null,
    actionDue: null,
    actionDone: null,
    ...over,
  };
}

/** The clean baseline workbook: zero findings. List values in language `v`. */
export function baseline(v: Lang = 'zh'): Required<Spec> {
  return {
    Projects: [project(v)],
    SalesPlan: salesPlan('P-001', v),
    TaskBook: milestones('P-001', v),
    Adjustments: [],
    Terminations: [],
    Summaries: [],
    MonthlyReports: [monthlyReport(v)],
    WarRoom: [meeting(v)],
    Policy: policyRows({}, v),
    Markets: marketRows(v),
    People: peopleRows(v),
  };
}

// ---------------------------------------------------------------------------------------------
// Looking at findings.

export const codes = (a: Analysis): FindingCode[] => a.findings.map((f) => f.code);
export const withCode = (a: Analysis, code: FindingCode): Finding[] => a.findings.filter((f) => f.code === code);
export const describeFindings = (a: Analysis): string =>
  a.findings.map((f) => `${f.code} ${f.severity} ${f.cell} ${f.message.en}`).join('\n');
