import type { Analysis } from './analyze';
import type { Computed, Escalation, Grade, ProjectMetrics } from './compute';
import { Text } from './i18n';
import { findListItem, LISTS } from './lists';
import { cellAddress, colPos, projectAt, projectKey, Row, TableData } from './model';
import { isoDay, missingMonths, monthLabel, overdueActions, warRoomOverdue } from './monthly';
import { CellValue, isBlank, isNumber } from './values';

/**
 * The war-room agenda of spec §8: the Active or On Hold projects (of one sponsor, or of all) that need
 * the meeting, each once with every reason that applies, grouped by its first reason in the spec's order.
 */
export type AgendaReasonCode =
  | 'leadership'
  | 'exitTriggered'
  | 'pendingApproval'
  | 'adjustment'
  | 'warRoomOverdue'
  | 'reportMissing'
  | 'actionOverdue'
  | 'milestoneDue';

/** The groups in the order the meeting takes them. */
export const AGENDA_GROUPS: readonly AgendaReasonCode[] = [
  'leadership',
  'exitTriggered',
  'pendingApproval',
  'adjustment',
  'warRoomOverdue',
  'reportMissing',
  'actionOverdue',
  'milestoneDue',
];

export const AGENDA_GROUP_TITLES: Record<AgendaReasonCode, Text> = {
  leadership: { zh: '须企业领导审批', en: 'Leadership approval needed' },
  exitTriggered: { zh: '撤出标准已触发', en: 'Exit criterion triggered' },
  pendingApproval: { zh: '调整或终止待审批', en: 'Adjustment or termination pending' },
  adjustment: { zh: '需调整（总经理/销售总监审批）', en: 'Adjustment needed (GM / Sales Director)' },
  warRoomOverdue: { zh: '项目分析会逾期', en: 'War-room meeting overdue' },
  reportMissing: { zh: '缺月度进展报告', en: 'Monthly report missing' },
  actionOverdue: { zh: '行动项逾期', en: 'Action overdue' },
  milestoneDue: { zh: '里程碑即将到期', en: 'Milestone due soon' },
};

export interface AgendaReason {
  code: AgendaReasonCode;
  text: Text;
}

export interface AgendaItem {
  projectId: string;
  projectName: string;
  sponsor: string;
  grade: Grade | null;
  escalation: Escalation | null;
  currentPlan: number;
  actualCost: number;
  overrun: number;
  slipDays: number;
  /** The group: its first reason. */
  group: AgendaReasonCode;
  reasons: AgendaReason[];
  /** What the meeting is asked to decide. */
  decision: Text;
  /** The project's Project ID cell in Projects, to go to. */
  cell: string;
}

export interface Agenda {
  /** Meeting date (Excel serial). */
  date: number;
  /** The sponsor asked for, or null for every sponsor. */
  sponsor: string | null;
  items: AgendaItem[];
  /** Non-empty groups in order. */
  groups: { code: AgendaReasonCode; title: Text; items: AgendaItem[] }[];
  /** Why the agenda is empty, when it is. */
  message: Text | null;
}

/** Each group's place in AGENDA_GROUPS, for sorting. */
const GROUP_RANK = new Map<AgendaReasonCode, number>(AGENDA_GROUPS.map((g, i) => [g, i]));
const groupRank = (code: AgendaReasonCode): number => GROUP_RANK.get(code)!;
/** What String.prototype.localeCompare does, with its collator made once. */
const compareIds = new Intl.Collator().compare;
/** A project with nothing pending is asked the meeting's usual question. */
export const OPEN_DECISION: Readonly<Text> = {
  zh: LISTS.MeetingDecisions.map((x) => x.zh).join(' / '),
  en: LISTS.MeetingDecisions.map((x) => x.en).join(' / '),
};

const str = (v: CellValue): string => (v === null || v === undefined ? '' : String(v)).trim();
const nameKey = (v: CellValue): string => str(v).toLowerCase();
const GRADE_ORDER: Record<string, number> = { A: 0, B: 1, C: 2, D: 3 };
/** 1234567 → 1,234,567 (as the check's messages write amounts). */
const amount = (x: number): string => {
  const r = Math.round(x * 100) / 100;
  // Below 1,000 there is no run of four digits to group (at most two decimals): most overruns are 0.
  return r > -1000 && r < 1000 ? r.toString() : r.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
};

/** Everyone who could chair: People, then the projects' sponsors not in People, each once. */
export function agendaSponsors(a: Analysis): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const add = (v: CellValue): void => {
    const s = str(v);
    if (s === '' || seen.has(s.toLowerCase())) return;
    seen.add(s.toLowerCase());
    out.push(s);
  };
  for (const p of a.computed.people.values()) add(p.name);
  const P = a.model.tables.Projects;
  if (P.snapshot) {
    const si = colPos(P, 'sponsor');
    for (const r of P.rows) add(P.cells[r][si]);
  }
  return out;
}

export interface AgendaOptions {
  /** Meeting date (Excel serial); default: the analysis's as-of date. */
  date?: number;
  /** One sponsor's projects only (case and surrounding spaces ignored). */
  sponsor?: string | null;
}

/**
 * What one call reads of the analysis, looked up once: the tables present, column positions and the
 * milestones due. The agenda's cost is thousands of projects of which many need nothing, so the
 * per-project path (findReasons) decides with few lookups, and allocates and writes text only for
 * what is on the agenda.
 */
interface Scan {
  c: Computed;
  date: number;
  dueDay: number;
  P: TableData;
  TB: TableData;
  AD: TableData;
  TE: TableData;
  WR: TableData | null;
  hasPlans: boolean;
  hasAdjustments: boolean;
  hasTerminations: boolean;
  hasReports: boolean;
  nameI: number;
  spI: number;
  stI: number;
  regI: number;
  msI: number;
  peI: number;
  adIdI: number;
  adDecI: number;
  adTypeI: number;
  adCostI: number;
  adDaysI: number;
  teDecI: number;
  teReqI: number;
  actionsI: number;
  actionDueI: number;
  /** Milestones due within the lookahead, by project key; null without a TaskBook. */
  dueSoon: Map<string, Row[]> | null;
  /** For a meeting on the as-of date, the monthly-cycle questions the check already answered. */
  hints: CycleHints | null;
  /** The pending adjustments and terminations of the project findReasons looked at last (null: none). */
  pendingAdj: Row[] | null;
  pendingTerm: Row[] | null;
}

function scanOf(a: Analysis, date: number): Scan {
  const c = a.computed;
  const { Projects: P, SalesPlan: SP, TaskBook: TB, Adjustments: AD, Terminations: TE } = a.model.tables;
  const { MonthlyReports: MR, WarRoom: WR } = a.model.tables;
  const pos = (t: TableData, key: string): number => (t.snapshot ? colPos(t, key) : -1);
  return {
    c,
    date,
    dueDay: c.policy.ReportDueDay,
    P,
    TB,
    AD,
    TE,
    WR: WR.snapshot ? WR : null,
    hasPlans: SP.snapshot !== null,
    hasAdjustments: AD.snapshot !== null,
    hasTerminations: TE.snapshot !== null,
    hasReports: MR.snapshot !== null,
    nameI: pos(P, 'projectName'),
    spI: pos(P, 'sponsor'),
    stI: pos(P, 'status'),
    regI: pos(P, 'registeredOn'),
    msI: pos(TB, 'milestone'),
    peI: pos(TB, 'plannedEnd'),
    adIdI: pos(AD, 'adjustmentId'),
    adDecI: pos(AD, 'decision'),
    adTypeI: pos(AD, 'adjustmentType'),
    adCostI: pos(AD, 'costChange'),
    adDaysI: pos(AD, 'scheduleChangeDays'),
    teDecI: pos(TE, 'decision'),
    teReqI: pos(TE, 'requestDate'),
    actionsI: pos(WR, 'actions'),
    actionDueI: pos(WR, 'actionDue'),
    dueSoon: TB.snapshot ? milestonesDue(TB, date, date + c.policy.AgendaLookaheadDays) : null,
    hints: date === c.asOf ? cycleHints(a) : null,
    pendingAdj: null,
    pendingTerm: null,
  };
}

/**
 * The TaskBook rows not done whose Planned End falls in [from, to], by project key, in table order (the
 * order of the project's aggregate taskRows): one pass down the table, whose rows lie together in
 * memory, rather than a walk of every project's milestones.
 */
function milestonesDue(TB: TableData, from: number, to: number): Map<string, Row[]> {
  const peI = colPos(TB, 'plannedEnd');
  const aeI = colPos(TB, 'actualEnd');
  const due = new Map<string, Row[]>();
  for (const t of TB.rows) {
    const v = TB.cells[t];
    const pe = v[peI];
    const pk = projectKey(TB, t);
    if (!isNumber(pe) || pe < from || pe > to || !isBlank(v[aeI]) || pk === null) continue;
    const rows = due.get(pk);
    if (rows) rows.push(t);
    else due.set(pk, [t]);
  }
  return due;
}

/**
 * The check (cycle-checks.ts) has asked every Active or On Hold project the monthly cycle's questions
 * as of the as-of date, with the same helpers and arguments as the agenda: missingMonths,
 * warRoomOverdue, and overdueActions over every WarRoom row. For a meeting on that date, a project
 * without the finding has no such reason, so the agenda asks again, for its figures, only the
 * projects with one: flags by Projects row, and the projects of the overdue actions' rows.
 */
interface CycleHints {
  reports: Uint8Array;
  warRoom: Uint8Array;
  actions: Set<string>;
}

function cycleHints(a: Analysis): CycleHints {
  const { Projects: P, WarRoom: WR } = a.model.tables;
  const hints: CycleHints = {
    reports: new Uint8Array(P.rowCount),
    warRoom: new Uint8Array(P.rowCount),
    actions: new Set(),
  };
  for (const f of a.findings) {
    if (f.row === null) continue;
    if (f.code === 'monthly-report-missing' && f.table === 'Projects') hints.reports[f.row] = 1;
    else if (f.code === 'war-room-overdue' && f.table === 'Projects') hints.warRoom[f.row] = 1;
    else if (f.code === 'action-overdue' && f.table === 'WarRoom') {
      // A finding's row is a non-blank one, whose project key the model holds.
      const pk = projectKey(WR, f.row as Row);
      if (pk !== null) hints.actions.add(pk);
    }
  }
  return hints;
}

/** Whether a row has a number before `at` in column `i`: no action is overdue without one. */
function anyDueBefore(WR: TableData, rows: readonly Row[], i: number, at: number): boolean {
  for (const r of rows) {
    const v = WR.cells[r][i];
    if (isNumber(v) && v < at) return true;
  }
  return false;
}

/**
 * Every reason the project is on the agenda for, in the order of AGENDA_GROUPS (so the first is its
 * group), or null; sets s.pendingAdj and s.pendingTerm. Arrays are made only when there is something
 * to hold: most projects need nothing.
 */
function findReasons(s: Scan, r: Row, m: ProjectMetrics, k: string, active: boolean): AgendaReason[] | null {
  const c = s.c;
  let reasons: AgendaReason[] | null = null;
  let pendingAdj: Row[] | null = null;
  let pendingTerm: Row[] | null = null;
  const o = s.P.projectOf[r];
  const agg = projectAt(c.aggregateAt, o);
  // Without hints every project's cycle is asked; with them only the projects the check found something for.
  const h = s.hints;
  const askWarRoom = active && s.WR !== null && (h === null || h.warRoom[r] === 1);
  const reg = s.P.cells[r][s.regI];
  const askReports = s.hasReports && isNumber(reg) && (h === null || h.reports[r] === 1);
  const askActions = s.WR !== null && (h === null || h.actions.has(k));
  const cycle = askWarRoom || askReports || askActions ? projectAt(c.cycle.byNumber, o) : undefined;
  if (m.escalation === 'leadership') (reasons ??= []).push(escalationReason('leadership', m));
  if (s.hasPlans && agg && agg.terminationRows.length === 0 && agg.exitTriggered !== null)
    (reasons ??= []).push({
      code: 'exitTriggered',
      text: {
        zh: '撤出标准已触发，尚无终止申请',
        en: 'An exit criterion is triggered and no termination is requested',
      },
    });
  if (agg) {
    if (s.hasAdjustments)
      for (const x of agg.adjustmentRows)
        if (findListItem('Decisions', s.AD.cells[x][s.adDecI])?.key === 'pending') (pendingAdj ??= []).push(x);
    if (s.hasTerminations)
      for (const x of agg.terminationRows)
        if (findListItem('Decisions', s.TE.cells[x][s.teDecI])?.key === 'pending') (pendingTerm ??= []).push(x);
  }
  s.pendingAdj = pendingAdj;
  s.pendingTerm = pendingTerm;
  if (pendingAdj) for (const x of pendingAdj) (reasons ??= []).push(adjustmentReason(s, x));
  if (pendingTerm) for (const x of pendingTerm) (reasons ??= []).push(terminationReason(s, x));
  if (m.escalation === 'adjustment') (reasons ??= []).push(escalationReason('adjustment', m));
  if (askWarRoom && s.WR) {
    const gap = warRoomOverdue(c, s.WR, cycle, m.grade, reg, s.date);
    if (gap)
      (reasons ??= []).push({
        code: 'warRoomOverdue',
        text: {
          zh: `距上次分析会已 ${gap.days} 天（${m.grade} 级要求每 ${gap.limit} 天）`,
          en: `${gap.days} days since the last war-room meeting (grade ${m.grade}: every ${gap.limit} days)`,
        },
      });
  }
  if (askReports && isNumber(reg)) {
    const miss = missingMonths(cycle, reg, s.date, s.dueDay, 3);
    if (miss.count > 0) (reasons ??= []).push(reportReason(miss));
  }
  if (askActions && s.WR && cycle && anyDueBefore(s.WR, cycle.meetingRows, s.actionDueI, s.date)) {
    const late = overdueActions(s.WR, cycle.meetingRows, s.date);
    if (late.length > 0) {
      const first = str(s.WR.cells[late[0]][s.actionsI]);
      (reasons ??= []).push({
        code: 'actionOverdue',
        text: {
          zh: `${late.length} 个行动项逾期（${first}）`,
          en: `${late.length} overdue action${late.length === 1 ? '' : 's'} (${first})`,
        },
      });
    }
  }
  const due = s.dueSoon !== null && s.dueSoon.size > 0 ? s.dueSoon.get(k) : undefined;
  if (due)
    for (const t of due) {
      const ms = str(s.TB.cells[t][s.msI]);
      const day = isoDay(s.TB.cells[t][s.peI] as number);
      (reasons ??= []).push({
        code: 'milestoneDue',
        text: { zh: `里程碑“${ms}”计划于 ${day} 完成`, en: `Milestone "${ms}" is due on ${day}` },
      });
    }
  return reasons;
}

function escalationReason(code: 'leadership' | 'adjustment', m: ProjectMetrics): AgendaReason {
  const over = amount(m.overrun ?? 0);
  const slip = m.slipDays ?? 0;
  return code === 'leadership'
    ? {
        code,
        text: {
          zh: `升级至企业领导审批：超支 ${over}，未批准延期 ${slip} 天`,
          en: `Leadership escalation: overrun ${over}, unapproved slip ${slip} days`,
        },
      }
    : {
        code,
        text: {
          zh: `需调整：超支 ${over}，未批准延期 ${slip} 天`,
          en: `Adjustment needed: overrun ${over}, unapproved slip ${slip} days`,
        },
      };
}

function adjustmentReason(s: Scan, x: Row): AgendaReason {
  const v = s.AD.cells[x];
  const id = str(v[s.adIdI]);
  let zh: string;
  let en: string;
  if (findListItem('AdjustmentTypes', v[s.adTypeI])?.key === 'schedule') {
    const days = str(v[s.adDaysI]);
    zh = `进度 ${days} 天`;
    en = `schedule ${days} days`;
  } else {
    const cc = v[s.adCostI];
    const cost = isNumber(cc) ? amount(cc) : str(cc);
    zh = `费用 ${cost}`;
    en = `cost ${cost}`;
  }
  return {
    code: 'pendingApproval',
    text: { zh: `调整单 ${id}（${zh}）待审批`, en: `Adjustment ${id} (${en}) is pending` },
  };
}

function terminationReason(s: Scan, x: Row): AgendaReason {
  const d = s.TE.cells[x][s.teReqI];
  const day = isNumber(d) ? isoDay(d) : null;
  return {
    code: 'pendingApproval',
    text: {
      zh: `终止申请${day !== null ? `（${day}）` : ''}待审批`,
      en: `Termination request${day !== null ? ` of ${day}` : ''} is pending`,
    },
  };
}

function reportReason(miss: { latest: number[]; count: number }): AgendaReason {
  const list = miss.latest.reverse().map(monthLabel);
  const more = miss.count > list.length ? '…' : '';
  return {
    code: 'reportMissing',
    text: {
      zh: `缺 ${miss.count} 个月的月度报告（${list.join('、')}${more}）`,
      en: `${miss.count} monthly report${miss.count === 1 ? '' : 's'} missing (${list.join(', ')}${more})`,
    },
  };
}

/** The agenda item of a project with its reasons (its pending rows are in s, from findReasons). */
function itemOf(s: Scan, r: Row, m: ProjectMetrics, reasons: AgendaReason[]): AgendaItem {
  const { pendingAdj, pendingTerm } = s;
  let decision: Text;
  if (pendingAdj || pendingTerm) {
    const zh = (pendingAdj ?? []).map((x) => `调整单 ${str(s.AD.cells[x][s.adIdI])}`);
    const en = (pendingAdj ?? []).map((x) => `adjustment ${str(s.AD.cells[x][s.adIdI])}`);
    if (pendingTerm) {
      zh.push('终止申请');
      en.push('the termination request');
    }
    decision = { zh: `审批${zh.join('、')}`, en: `Decide on ${en.join(', ')}` };
  } else decision = { ...OPEN_DECISION };
  return {
    projectId: m.projectId,
    projectName: str(s.P.cells[r][s.nameI]),
    sponsor: str(s.P.cells[r][s.spI]),
    grade: m.grade,
    escalation: m.escalation,
    currentPlan: (m.plannedCost ?? 0) + (m.approvedAdjustments ?? 0),
    actualCost: m.actualCost ?? 0,
    overrun: m.overrun ?? 0,
    slipDays: m.slipDays ?? 0,
    group: reasons[0].code,
    reasons,
    decision,
    cell: cellAddress(s.P, r, 'projectId'),
  };
}

/** Why there is no agenda at all. */
export const NO_PROJECTS_TABLE: Readonly<Text> = {
  zh: '工作簿中没有项目信息表。',
  en: 'The workbook has no Projects table.',
};

/** Why an agenda is empty: nobody sponsors under that name, or none of the projects needs the meeting. */
export function emptyAgendaMessage(sponsor: string | null, sponsorKnown: boolean, date: number): Text {
  if (!sponsorKnown)
    return {
      zh: `没有项目的发起人是“${sponsor}”，议程为空。请检查姓名，或从列表中选择发起人。`,
      en: `No project has "${sponsor}" as its sponsor, so the agenda is empty. Check the name, or pick a sponsor from the list.`,
    };
  return sponsor
    ? {
        zh: `${isoDay(date)}：“${sponsor}”发起的项目均无需上会。`,
        en: `${isoDay(date)}: none of ${sponsor}'s projects needs the meeting.`,
      }
    : { zh: `${isoDay(date)}：没有需要上会的项目。`, en: `${isoDay(date)}: no project needs the meeting.` };
}

export function buildAgenda(a: Analysis, options: AgendaOptions = {}): Agenda {
  const date = Math.floor(options.date ?? a.asOf);
  const sponsor = options.sponsor && options.sponsor.trim() !== '' ? options.sponsor.trim() : null;
  const agenda: Agenda = { date, sponsor, items: [], groups: [], message: null };
  if (!a.model.tables.Projects.snapshot) {
    agenda.message = { ...NO_PROJECTS_TABLE };
    return agenda;
  }
  const wanted = sponsor?.toLowerCase() ?? null;
  const sponsorKnown = collect(a, scanOf(a, date), wanted, agenda.items) || wanted === null;
  sortItems(agenda.items);
  // Sorted by group first, so each group is a run of items.
  for (const x of agenda.items) {
    const last = agenda.groups[agenda.groups.length - 1];
    if (last && last.code === x.group) last.items.push(x);
    else agenda.groups.push({ code: x.group, title: AGENDA_GROUP_TITLES[x.group], items: [x] });
  }
  if (agenda.items.length === 0) {
    agenda.message = emptyAgendaMessage(sponsor, sponsorKnown, date);
  }
  return agenda;
}

/**
 * Appends the item of every Active or On Hold project (of the sponsor `wanted`, lower case, or of all)
 * that needs the meeting, in table order; true when some project has that sponsor. A loop of its own,
 * kept apart so that what buildAgenda does after it never sends the loop back to unoptimised code.
 */
function collect(a: Analysis, s: Scan, wanted: string | null, items: AgendaItem[]): boolean {
  const c = a.computed;
  let sponsorKnown = false;
  // A project ID typed twice is on the agenda once (its first Active or On Hold row): by project number.
  const seen = new Uint8Array(a.model.projectKeys.length);
  for (const { row: r, metrics: m } of c.projects) {
    if (!m.projectId) continue;
    const v = s.P.cells[r];
    const o = s.P.projectOf[r];
    if (seen[o] === 1) continue;
    const k = projectKey(s.P, r) ?? '';
    if (wanted !== null) {
      if (nameKey(v[s.spI]) !== wanted) continue;
      sponsorKnown = true;
    }
    const status = findListItem('Statuses', v[s.stI])?.key;
    if (status !== 'active' && status !== 'onHold') continue;
    seen[o] = 1;
    const reasons = findReasons(s, r, m, k, status === 'active');
    if (reasons) items.push(itemOf(s, r, m, reasons));
  }
  return sponsorKnown;
}

/**
 * Group, then grade A–D (none last), then the larger overrun, then Project ID as localeCompare orders
 * it; ties in all four keep table order. Two stable passes give that order: the numbers first, then
 * the collator within each run of equal numbers. Such a run is usually in ID order already (IDs are
 * typed in order), which one look at each neighbour confirms, so the collator, the costly part of
 * the sort, is rarely asked more.
 */
function sortItems(items: AgendaItem[]): void {
  const keyed = items.map((x) => ({ x, rank: groupRank(x.group) * 5 + (x.grade ? GRADE_ORDER[x.grade] : 4) }));
  const byNumbers = (p: (typeof keyed)[number], q: (typeof keyed)[number]): number =>
    p.rank - q.rank || q.x.overrun - p.x.overrun;
  keyed.sort(byNumbers);
  for (let i = 0; i < keyed.length;) {
    let j = i + 1;
    let ordered = true;
    for (; j < keyed.length && byNumbers(keyed[i], keyed[j]) === 0; j++)
      if (ordered && compareIds(keyed[j - 1].x.projectId, keyed[j].x.projectId) > 0) ordered = false;
    for (let t = i; t < j; t++) items[t] = keyed[t].x;
    if (!ordered) {
      const run = items.slice(i, j).sort((p, q) => compareIds(p.projectId, q.projectId));
      for (let t = i; t < j; t++) items[t] = run[t - i];
    }
    i = j;
  }
}
