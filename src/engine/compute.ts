import { Lang } from './i18n';
import { AsOfSource, resolveAsOf } from './asof';
import { findListItem, LISTS } from './lists';
import { ByProject, colPos, projectAt, projectKey, Row, RowMap, TableData, WorkbookModel } from './model';
import {
  defaultPolicy,
  NumericPolicyKey,
  Policy,
  POLICY,
  PolicyEntry,
  PolicyReading,
  readPolicyValue,
  TextPolicyKey,
} from './policy';
import { buildCycle, CycleIndex } from './monthly';
import { CellValue, excelRound, isBlank, isNumber, matchKey, todaySerial } from './values';

export type Grade = 'A' | 'B' | 'C' | 'D';
export type Escalation = 'none' | 'adjustment' | 'leadership';
export type ApprovalLevel = 'gmOrDirector' | 'leadership';

/** Per-project figures of spec §3–§4, with exactly the keys of the CLI's JSON. */
export interface ProjectMetrics {
  projectId: string;
  marketWeight: number | null;
  marginTier: number | null;
  importanceScore: number | null;
  grade: Grade | null;
  budgetCap: number | null;
  plannedCost: number | null;
  approvedAdjustments: number | null;
  actualCost: number | null;
  overrun: number | null;
  overrunPct: number | null;
  slipDays: number | null;
  escalation: Escalation | null;
}

export interface PersonInfo {
  name: string;
  rank: number | null;
  active: boolean;
}

export interface Computed {
  policy: Policy;
  /** Policy values that are not numbers of their kind; the default is used for each. */
  policyIssues: PolicyIssue[];
  asOf: number;
  /** Whether the as-of date was typed, the Policy's AsOfDate, or today. */
  asOfSource: AsOfSource;
  /** Projects rows, in table order, with their metrics. */
  projects: { row: Row; metrics: ProjectMetrics }[];
  /** The metrics of each project by match key (first row wins for duplicated IDs); built on first read. */
  readonly byProject: Map<string, ProjectMetrics>;
  /** The Projects row of each project by match key (first row wins, as in byProject); built on first read. */
  readonly projectRows: Map<string, Row>;
  /** The same rows by project number (TableData.projectOf), -1 for a number no Projects row has. */
  projectRowOf: Int32Array;
  /** The aggregates by project number (read with projectAt), as `aggregates` holds them by key. */
  aggregateAt: readonly (ProjectAggregate | undefined)[];
  /** Per-row computed cells of TaskBook, Terminations and Summaries: built on first read. */
  readonly taskBook: RowMap<TaskBookCells>;
  /** A TaskBook row's Slip (days), worked out for that row alone (taskBook holds every row's). */
  milestoneSlip(r: Row): number | null;
  adjustments: RowMap<AdjustmentCells>;
  readonly terminations: RowMap<TerminationCells>;
  readonly summaries: RowMap<SummaryCells>;
  markets: Map<string, number | null>;
  /** Each Markets weight cell as a formula finds it (INDEX of an empty cell is 0), by market key. */
  marketCells: Map<string, CellValue>;
  people: Map<string, PersonInfo>;
  /** Aggregates of the project's TaskBook rows and adjustments, by match key; built on first read. */
  readonly aggregates: Map<string, ProjectAggregate>;
  /** Monthly reports and war-room meetings by project (spec §8). */
  cycle: CycleIndex;
}

/** A TaskBook row's computed cells; Open (1 without an actual end) is what Open Milestones adds up. */
export interface TaskBookCells {
  costVariance: number | null;
  milestoneSlipDays: number | null;
  open: 0 | 1 | null;
}

export interface TerminationCells {
  costToDate: number | null;
}

export interface SummaryCells {
  presalesCost: number | null;
  currentPlan: number | null;
  budgetUsedPct: number | null;
}

/** An adjustment's computed cells; the approved amounts are what the Projects and TaskBook aggregates add up. */
export interface AdjustmentCells {
  requiredApproval: ApprovalLevel | null;
  approvedCost: number | null;
  approvedDays: number | null;
}

export interface ProjectAggregate {
  planned: number;
  actual: number;
  approvedCost: number;
  maxSlip: number;
  /** TaskBook rows without an actual end (the sum of their Open cells in the sheet). */
  open: number;
  taskRows: Row[];
  /** The parts of a sales plan (PLAN_PARTS) that the project's SalesPlan rows hold, one bit each. */
  planParts: number;
  /** The first of its SalesPlan rows that is a triggered exit criterion (spec §3), or null. */
  exitTriggered: Row | null;
  adjustmentRows: readonly Row[];
  terminationRows: readonly Row[];
  summaryRows: readonly Row[];
}

export const cell = (t: TableData, row: Row, key: string): CellValue => t.cells[row][colPos(t, key)];

/** The Projects row of a row's project number (TableData.projectOf), undefined when no Projects row has it. */
export function projectRowAt(c: Computed, project: number): Row | undefined {
  const r = project < 0 ? -1 : c.projectRowOf[project];
  return r >= 0 ? (r as Row) : undefined;
}

/** Excel's N(): numbers as they are, TRUE as 1, everything else 0. */
const n = (v: CellValue): number => (isNumber(v) ? v : v === true ? 1 : 0);
const num = (v: CellValue): number | null => (isNumber(v) ? v : null);

/** A Policy value the engine could not use (`policy-invalid`): it used the default instead. */
export interface PolicyIssue {
  entry: PolicyEntry;
  row: Row;
  value: CellValue;
  reading: Extract<PolicyReading, { ok: false }>;
}

export function readPolicy(
  model: WorkbookModel,
  asOfOverride?: number,
  today: number = todaySerial(),
): { policy: Policy; asOf: number; asOfSource: AsOfSource; issues: PolicyIssue[] } {
  const t = model.tables.Policy;
  const values = new Map<string, { value: CellValue; row: Row }>();
  if (t.snapshot) {
    const ki = colPos(t, 'key');
    const vi = colPos(t, 'value');
    for (let iR = 0; iR < t.rows.length; iR++) {
      const r = t.rows[iR];
      const k = t.cells[r][ki];
      if (typeof k === 'string' && !values.has(k.trim())) values.set(k.trim(), { value: t.cells[r][vi], row: r });
    }
  }
  const issues: PolicyIssue[] = [];
  const read = new Map<string, number | null>();
  // Only keys whose value column exists: a missing column is its own finding.
  const valueColumn = t.snapshot !== null && t.columnIndex[colPos(t, 'value')] >= 0;
  for (const e of POLICY) {
    const cellOf = values.get(e.key);
    if (!cellOf || !valueColumn) continue;
    const reading = readPolicyValue(e, cellOf.value);
    if (reading.ok) read.set(e.key, reading.value);
    else issues.push({ entry: e, row: cellOf.row, value: cellOf.value, reading });
  }
  const fromSheet = read.get('AsOfDate');
  const { serial: asOf, source: asOfSource } = resolveAsOf(asOfOverride, fromSheet, today);
  const policy = defaultPolicy(asOf);
  for (const e of POLICY) {
    if (e.kind === 'text') {
      const t = values.get(e.key)?.value;
      if (typeof t === 'string' || isNumber(t)) policy[e.key as TextPolicyKey] = String(t).trim();
      continue;
    }
    const v = read.get(e.key);
    if (isNumber(v)) policy[e.key as NumericPolicyKey] = v;
  }
  policy.AsOfDate = asOf;
  return { policy, asOf, asOfSource, issues };
}

function gradeOf(score: number | null, p: Policy): Grade | null {
  if (score === null) return null;
  return score >= p.GradeAMinScore ? 'A' : score >= p.GradeBMinScore ? 'B' : score >= p.GradeCMinScore ? 'C' : 'D';
}

export const feeRatio = (g: Grade, p: Policy): number =>
  g === 'A' ? p.FeeRatioA : g === 'B' ? p.FeeRatioB : g === 'C' ? p.FeeRatioC : p.FeeRatioD;
export const sponsorMinRank = (g: Grade, p: Policy): number =>
  g === 'A' ? p.SponsorRankA : g === 'B' ? p.SponsorRankB : g === 'C' ? p.SponsorRankC : p.SponsorRankD;

function marginTier(g: number, p: Policy): number {
  return g >= p.MarginTier5 ? 5 : g >= p.MarginTier4 ? 4 : g >= p.MarginTier3 ? 3 : g >= p.MarginTier2 ? 2 : 1;
}

/** The parts a sales plan needs (spec §3), as PlanItemTypes keys. */
export const PLAN_PARTS = ['salesGoal', 'workItem', 'risk', 'exitCriterion'];

/** Most projects have no adjustment, termination or summary: their lists share this one until a row comes. */
const NO_ROWS: readonly Row[] = [];
const withRow = (list: readonly Row[], r: Row): readonly Row[] => {
  if (list === NO_ROWS) return [r];
  (list as Row[]).push(r);
  return list;
};

const newAggregate = (): ProjectAggregate => ({
  planned: 0,
  actual: 0,
  approvedCost: 0,
  maxSlip: 0,
  open: 0,
  taskRows: [],
  planParts: 0,
  exitTriggered: null,
  adjustmentRows: NO_ROWS,
  terminationRows: NO_ROWS,
  summaryRows: NO_ROWS,
});
/** What a project without rows reads as; never written (one object shape for every aggregate read). */
const EMPTY_AGGREGATE: ProjectAggregate = newAggregate();

/** A project's aggregate, or the empty one when it has no rows (never stored). */
const aggregateOf = (index: ByProject<ProjectAggregate>, project: number): ProjectAggregate =>
  index.peek(project) ?? EMPTY_AGGREGATE;

/** Adds the rows of a table that name a project (a non-empty Project ID) to their project's aggregate. */
function joinRows(
  index: ByProject<ProjectAggregate>,
  t: TableData,
  pi: number,
  list: 'terminationRows' | 'summaryRows',
): void {
  if (!t.snapshot) return;
  for (let iR = 0; iR < t.rows.length; iR++) {
    const r = t.rows[iR];
    const id = t.cells[r][pi];
    if (id === null || id === undefined || id === '') continue;
    const a = index.of(t.projectOf[r]);
    if (a) a[list] = withRow(a[list], r);
  }
}

/** A table's computed cells by row, from its project's aggregate (null for a row with an empty Project ID). */
function cellsByRow<V>(
  t: TableData,
  pi: number,
  index: ByProject<ProjectAggregate>,
  cellsOf: (a: ProjectAggregate | null) => V,
): RowMap<V> {
  const cells = new RowMap<V>(t.rowCount);
  for (let iR = 0; iR < t.rows.length; iR++) {
    const r = t.rows[iR];
    const id = t.cells[r][pi];
    const named = !(id === null || id === undefined || id === '');
    cells.set(r, cellsOf(named ? aggregateOf(index, t.projectOf[r]) : null));
  }
  return cells;
}

export function compute(model: WorkbookModel, asOfOverride?: number, today?: number): Computed {
  const { policy: p, asOf, asOfSource, issues: policyIssues } = readPolicy(model, asOfOverride, today);
  const { Projects, TaskBook: TB, Adjustments: AD, Terminations: TE, Summaries: SU, SalesPlan: SP } = model.tables;
  // One function per table's pass: V8 compiles each loop on its own, and a change of plan in one (a new
  // kind of value, an allocation moved to the old generation) recompiles only that one.
  const { markets, marketCells } = readMarkets(model.tables.Markets);
  const people = readPeople(model.tables.People);
  const index = new ByProject<ProjectAggregate>(newAggregate, model.projectKeys);
  const { adjustments, approvedDays } = joinAdjustments(AD, index);

  // TaskBook's computed cells by row: the slip is the Slip (days) column's formula.
  const tbPi = colPos(TB, 'projectId');
  const tbMi = colPos(TB, 'milestone');
  const tbPei = colPos(TB, 'plannedEnd');
  const tbPci = colPos(TB, 'plannedCost');
  const tbAci = colPos(TB, 'actualCost');
  const tbAei = colPos(TB, 'actualEnd');
  const slipOf = (r: Row): number | null => {
    const v = TB.cells[r];
    const pe = num(v[tbPei]);
    if (pe === null) return null;
    const ae = num(v[tbAei]);
    const end = ae !== null ? ae : Math.max(pe, asOf);
    const mk = approvedDays.size === 0 ? null : matchKey(v[tbMi]);
    const days = mk === null ? 0 : (approvedDays.get(projectKey(TB, r))?.get(mk) ?? 0);
    return Math.max(0, end - pe - days);
  };
  // The sheet's Open column: IF(end="",1,0); "" is an empty cell or empty text.
  const openOf = (v: CellValue[]): 0 | 1 => (v[tbAei] === null || v[tbAei] === undefined || v[tbAei] === '' ? 1 : 0);
  joinTaskBook(TB, index, { pci: tbPci, aci: tbAci }, slipOf, openOf);
  // Each row's cells are for display (the project page, parity tests): built on first use, not by every check.
  const taskBookCells = (): RowMap<TaskBookCells> => {
    const cells = new RowMap<TaskBookCells>(TB.rowCount);
    for (let iR = 0; iR < TB.rows.length; iR++) {
      const r = TB.rows[iR];
      const v = TB.cells[r];
      const pc = num(v[tbPci]);
      const ac = num(v[tbAci]);
      const noId = v[tbPi] === null || v[tbPi] === undefined || v[tbPi] === '';
      cells.set(r, {
        costVariance: ac !== null && pc !== null ? ac - pc : null,
        milestoneSlipDays: slipOf(r),
        open: noId ? null : openOf(v),
      });
    }
    return cells;
  };
  joinSalesPlan(SP, index);
  approvalLevels(AD, adjustments, index, p);

  // Terminations and Summaries rows join their project's aggregate; their cells are built on first use.
  const tePi = colPos(TE, 'projectId');
  joinRows(index, TE, tePi, 'terminationRows');
  const terminationCells = (): RowMap<TerminationCells> =>
    cellsByRow(TE, tePi, index, (a) => ({ costToDate: a === null ? null : a.actual }));
  const suPi = colPos(SU, 'projectId');
  joinRows(index, SU, suPi, 'summaryRows');
  const summaryCells = (): RowMap<SummaryCells> =>
    cellsByRow(SU, suPi, index, (a) => {
      if (a === null) return { presalesCost: null, currentPlan: null, budgetUsedPct: null };
      const plan = a.planned + a.approvedCost;
      return { presalesCost: a.actual, currentPlan: plan, budgetUsedPct: plan > 0 ? a.actual / plan : null };
    });

  const { projects, projectRowOf } = projectMetrics(Projects, index, markets, p, model.projectKeys.length);
  const cycle = buildCycle(model, p);
  let firstRows: Pick<Computed, 'byProject' | 'projectRows'> | undefined;
  const firstRowsOnce = (): Pick<Computed, 'byProject' | 'projectRows'> =>
    (firstRows ??= firstRowsByKey(Projects, projects, projectRowOf, model.projectKeys));
  let taskBook: RowMap<TaskBookCells> | undefined;
  let terminations: RowMap<TerminationCells> | undefined;
  let summaries: RowMap<SummaryCells> | undefined;
  const fields: Omit<Computed, 'milestoneSlip'> = {
    policy: p,
    asOf,
    asOfSource,
    policyIssues,
    projects,
    get byProject() {
      return firstRowsOnce().byProject;
    },
    get projectRows() {
      return firstRowsOnce().projectRows;
    },
    projectRowOf,
    get taskBook() {
      return (taskBook ??= taskBookCells());
    },
    adjustments,
    get terminations() {
      return (terminations ??= terminationCells());
    },
    get summaries() {
      return (summaries ??= summaryCells());
    },
    markets,
    marketCells,
    people,
    get aggregates() {
      return index.byKey;
    },
    aggregateAt: index.items,
    cycle,
  };
  const computed = fields as Computed;
  // A function, not data: hidden from comparisons and copies of the figures, as analysis.cells is.
  Object.defineProperty(computed, 'milestoneSlip', { value: slipOf, enumerable: false });
  return computed;
}

/** Each market's weight by match key (the first row of a market wins), and its cell as a formula finds it. */
function readMarkets(Markets: TableData): {
  markets: Map<string, number | null>;
  marketCells: Map<string, CellValue>;
} {
  const markets = new Map<string, number | null>();
  const marketCells = new Map<string, CellValue>();
  if (!Markets.snapshot) return { markets, marketCells };
  const mi = colPos(Markets, 'market');
  const wi = colPos(Markets, 'weight');
  for (let iR = 0; iR < Markets.rows.length; iR++) {
    const r = Markets.rows[iR];
    const v = Markets.cells[r];
    const k = typeof v[mi] === 'string' ? matchKey(v[mi]) : null;
    if (k === null || markets.has(k)) continue;
    const w = v[wi];
    markets.set(k, num(w));
    marketCells.set(k, isBlank(w) || w === '' ? 0 : w);
  }
  return { markets, marketCells };
}

/** The People table by trimmed name (the first row of a name wins). */
function readPeople(People: TableData): Map<string, PersonInfo> {
  const people = new Map<string, PersonInfo>();
  if (!People.snapshot) return people;
  const ni = colPos(People, 'name');
  const ri = colPos(People, 'role');
  const ai = colPos(People, 'active');
  for (let iR = 0; iR < People.rows.length; iR++) {
    const r = People.rows[iR];
    const name = People.cells[r][ni];
    if (typeof name !== 'string' || name.trim() === '') continue;
    const key = name.trim();
    if (people.has(key)) continue;
    const role = findListItem('Roles', People.cells[r][ri]);
    people.set(key, {
      name: key,
      rank: role?.rank ?? null,
      active: findListItem('YesNo', People.cells[r][ai])?.key !== 'no',
    });
  }
  return people;
}

/**
 * Each adjustment's approved amounts (the sheet's Approved Cost Change / Approved Schedule Days columns,
 * N() of the input when type and decision match), joined to its project; the approved schedule days by
 * project and milestone.
 */
function joinAdjustments(
  AD: TableData,
  index: ByProject<ProjectAggregate>,
): { adjustments: RowMap<AdjustmentCells>; approvedDays: Map<string | null, Map<string, number>> } {
  const approvedDays = new Map<string | null, Map<string, number>>();
  const adjustments = new RowMap<AdjustmentCells>(AD.rowCount);
  if (!AD.snapshot) return { adjustments, approvedDays };
  const pi = colPos(AD, 'projectId');
  const mi = colPos(AD, 'milestone');
  const ti = colPos(AD, 'adjustmentType');
  const ci = colPos(AD, 'costChange');
  const si = colPos(AD, 'scheduleChangeDays');
  const di = colPos(AD, 'decision');
  for (let iR = 0; iR < AD.rows.length; iR++) {
    const r = AD.rows[iR];
    const v = AD.cells[r];
    if (isBlank(v[pi]) || v[pi] === '') {
      adjustments.set(r, { requiredApproval: null, approvedCost: null, approvedDays: null });
      continue;
    }
    const approved = findListItem('Decisions', v[di])?.key === 'approved';
    const type = approved ? findListItem('AdjustmentTypes', v[ti])?.key : undefined;
    const cells: AdjustmentCells = {
      requiredApproval: null,
      approvedCost: type === 'cost' ? n(v[ci]) : 0,
      approvedDays: type === 'schedule' ? n(v[si]) : 0,
    };
    adjustments.set(r, cells);
    const a = index.of(AD.projectOf[r]);
    if (!a) continue;
    a.adjustmentRows = withRow(a.adjustmentRows, r);
    a.approvedCost += cells.approvedCost!;
    if (cells.approvedDays !== 0) {
      const mk = matchKey(v[mi]);
      if (mk !== null) {
        let byMs = approvedDays.get(projectKey(AD, r));
        if (!byMs) approvedDays.set(projectKey(AD, r), (byMs = new Map()));
        byMs.set(mk, (byMs.get(mk) ?? 0) + cells.approvedDays!);
      }
    }
  }
  return { adjustments, approvedDays };
}

/** TaskBook rows into their project's planned and actual costs, open milestones and largest slip. */
function joinTaskBook(
  TB: TableData,
  index: ByProject<ProjectAggregate>,
  { pci, aci }: { pci: number; aci: number },
  slipOf: (r: Row) => number | null,
  openOf: (v: CellValue[]) => 0 | 1,
): void {
  if (!TB.snapshot) return;
  for (let iR = 0; iR < TB.rows.length; iR++) {
    const r = TB.rows[iR];
    const a = index.of(TB.projectOf[r]);
    if (!a) continue;
    const v = TB.cells[r];
    const pc = num(v[pci]);
    const ac = num(v[aci]);
    const slip = slipOf(r);
    a.taskRows.push(r);
    a.open += openOf(v);
    if (pc !== null) a.planned += pc;
    if (ac !== null) a.actual += ac;
    if (slip !== null && slip > a.maxSlip) a.maxSlip = slip;
  }
}

/** SalesPlan rows into the parts of their project's plan and its first triggered exit criterion. */
function joinSalesPlan(SP: TableData, index: ByProject<ProjectAggregate>): void {
  if (!SP.snapshot) return;
  const ti = colPos(SP, 'itemType');
  const gi = colPos(SP, 'triggered');
  for (let iR = 0; iR < SP.rows.length; iR++) {
    const r = SP.rows[iR];
    const a = index.of(SP.projectOf[r]);
    if (!a) continue;
    const type = findListItem('PlanItemTypes', SP.cells[r][ti])?.key;
    const part = type === undefined ? -1 : PLAN_PARTS.indexOf(type);
    if (part >= 0) a.planParts |= 1 << part;
    if (
      a.exitTriggered === null &&
      type === 'exitCriterion' &&
      (SP.cells[r][gi] === true || findListItem('YesNo', SP.cells[r][gi])?.key === 'yes')
    )
      a.exitTriggered = r;
  }
}

/** Each adjustment's Required Approval, against its project's planned cost (so after the TaskBook's join). */
function approvalLevels(
  AD: TableData,
  adjustments: RowMap<AdjustmentCells>,
  index: ByProject<ProjectAggregate>,
  p: Policy,
): void {
  if (!AD.snapshot) return;
  const ci = colPos(AD, 'costChange');
  const si = colPos(AD, 'scheduleChangeDays');
  const rows = AD.rows;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const cells = adjustments.get(r)!;
    if (cells.approvedCost === null) continue; // no Project ID
    const v = AD.cells[r];
    const cc = Math.abs(n(v[ci]));
    const lead =
      cc > p.AdjLeadPct * aggregateOf(index, AD.projectOf[r]).planned ||
      cc > p.AdjLeadAmount ||
      n(v[si]) > p.AdjLeadDays;
    cells.requiredApproval = lead ? 'leadership' : 'gmOrDirector';
  }
}

/** The importance score of a margin tier and a market weight, rounded once per pair (in `scores`). */
function scoreOf(tier: number, weight: number, p: Policy, scores: Map<number, number>): number {
  const raw = p.ScoreWeightMargin * tier + p.ScoreWeightMarket * weight;
  let score = scores.get(raw);
  if (score === undefined) scores.set(raw, (score = excelRound(raw, 2)));
  return score;
}

/**
 * Each project's first Projects row and its metrics, by match key in table order: built on first read (the
 * pane, the agenda and the approvals read them; the check reads projectRowOf).
 */
function firstRowsByKey(
  P: TableData,
  projects: Computed['projects'],
  projectRowOf: Int32Array,
  keys: readonly string[],
): Pick<Computed, 'byProject' | 'projectRows'> {
  const byProject = new Map<string, ProjectMetrics>();
  const projectRows = new Map<string, Row>();
  for (let i = 0; i < projects.length; i++) {
    const { row, metrics } = projects[i];
    const o = P.projectOf[row];
    if (o < 0 || projectRowOf[o] !== row) continue;
    byProject.set(keys[o], metrics);
    projectRows.set(keys[o], row);
  }
  return { byProject, projectRows };
}

/** Each Projects row's metrics (spec §3–§4), in table order; projectRowOf holds each project's first row. */
function projectMetrics(
  Projects: TableData,
  index: ByProject<ProjectAggregate>,
  markets: Map<string, number | null>,
  p: Policy,
  projectCount: number,
): Pick<Computed, 'projects' | 'projectRowOf'> {
  const projects: { row: Row; metrics: ProjectMetrics }[] = [];
  const projectRowOf = new Int32Array(projectCount).fill(-1);
  // Made before the loop: V8 compiles the loop while it runs, and code after it that it has not seen run
  // would send it back to the interpreter on every check.
  const out = { projects, projectRowOf };
  if (!Projects.snapshot) return out;
  const ii = colPos(Projects, 'projectId');
  const mi = colPos(Projects, 'market');
  const gi = colPos(Projects, 'estGrossMargin');
  // A handful of tiers and market weights: round each score once.
  const scores = new Map<number, number>();
  for (let iR = 0; iR < Projects.rows.length; iR++) {
    const r = Projects.rows[iR];
    const v = Projects.cells[r];
    const id = v[ii];
    const mk = typeof v[mi] === 'string' ? matchKey(v[mi]) : null;
    const weight = mk === null ? null : (markets.get(mk) ?? null);
    const g = num(v[gi]);
    const tier = g === null ? null : marginTier(g, p);
    const score = tier !== null && weight !== null ? scoreOf(tier, weight, p, scores) : null;
    const grade = gradeOf(score, p);
    const cap = g !== null && grade !== null ? Math.max(0, g) * feeRatio(grade, p) : null;
    const hasId = !(id === null || id === undefined || id === '');
    const metrics: ProjectMetrics = {
      projectId: hasId ? String(id) : '',
      marketWeight: weight,
      marginTier: tier,
      importanceScore: score,
      grade,
      budgetCap: cap,
      plannedCost: null,
      approvedAdjustments: null,
      actualCost: null,
      overrun: null,
      overrunPct: null,
      slipDays: null,
      escalation: null,
    };
    if (hasId) {
      const o = Projects.projectOf[r];
      const a = aggregateOf(index, o);
      const plan = a.planned + a.approvedCost;
      const overrun = Math.max(0, a.actual - plan);
      const slip = Math.max(0, a.maxSlip);
      const lead =
        overrun > p.LeadOverrunPct * plan ||
        overrun > p.LeadOverrunAmount ||
        slip > p.LeadSlipDays ||
        (cap !== null && a.planned > cap);
      metrics.plannedCost = a.planned;
      metrics.approvedAdjustments = a.approvedCost;
      metrics.actualCost = a.actual;
      metrics.overrun = overrun;
      metrics.overrunPct = overrun <= 0 ? 0 : plan <= 0 ? 1 : overrun / plan;
      metrics.slipDays = slip;
      metrics.escalation = lead ? 'leadership' : overrun > 0 || slip > 0 ? 'adjustment' : 'none';
      if (projectRowOf[o] < 0) projectRowOf[o] = r;
    }
    projects.push({ row: r, metrics });
  }
  return out;
}

/** What each Projects computed cell should show, by data row index (the roll-up needs only these). */
export function projectCellValues(
  model: WorkbookModel,
  c: Computed,
  lang: Lang,
): Map<number, Record<string, CellValue>> {
  const label = (list: 'Escalations', key: string | null): CellValue =>
    key === null ? null : (LISTS[list].find((i) => i.key === key)?.[lang] ?? null);
  const mpos = model.tables.Projects.snapshot ? colPos(model.tables.Projects, 'market') : -1;
  const lookup = (v: CellValue): CellValue => {
    const k = typeof v === 'string' ? matchKey(v) : null;
    return k === null ? null : (c.marketCells.get(k) ?? null);
  };
  const P = model.tables.Projects;
  return new Map(
    c.projects.map(({ row, metrics: m }) => [
      row,
      {
        marketLookup: mpos < 0 ? null : lookup(P.cells[row][mpos]),
        marketWeight: m.marketWeight,
        marginTier: m.marginTier,
        importanceScore: m.importanceScore,
        grade: m.grade,
        budgetCap: m.budgetCap,
        plannedCost: m.plannedCost,
        approvedAdjustments: m.approvedAdjustments,
        actualCost: m.actualCost,
        overrun: m.overrun,
        overrunPct: m.overrunPct,
        slipDays: m.slipDays,
        escalation: label('Escalations', m.escalation),
        openMilestones: m.projectId === '' ? null : (projectAt(c.aggregateAt, P.projectOf[row])?.open ?? 0),
      },
    ]),
  );
}

/** The value each computed cell should show, in the workbook's language (for parity tests and the pane). */
export function computedCellValues(
  model: WorkbookModel,
  c: Computed,
  lang: Lang,
): Record<string, Map<number, Record<string, CellValue>>> {
  const out: Record<string, Map<number, Record<string, CellValue>>> = {};
  const label = (list: 'Escalations' | 'Approvals', key: string | null): CellValue =>
    key === null ? null : (LISTS[list].find((i) => i.key === key)?.[lang] ?? null);
  out.Projects = projectCellValues(model, c, lang);
  out.TaskBook = new Map([...c.taskBook].map(([r, v]) => [r, { ...v }]));
  out.Adjustments = new Map(
    [...c.adjustments].map(([r, v]) => [
      r,
      {
        requiredApproval: label('Approvals', v.requiredApproval),
        approvedCost: v.approvedCost,
        approvedDays: v.approvedDays,
      },
    ]),
  );
  out.Terminations = new Map([...c.terminations].map(([r, v]) => [r, { ...v }]));
  out.Summaries = new Map([...c.summaries].map(([r, v]) => [r, { ...v }]));
  out.MonthlyReports = new Map([...c.cycle.dueDate].map(([r, v]) => [r, { dueDate: v }]));
  return out;
}
