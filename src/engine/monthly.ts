import type { Computed } from './compute';
import { findListItem } from './lists';
import { ByProject, colPos, Row, RowMap, TableData, WorkbookModel } from './model';
import { Policy } from './policy';
import {
  CellValue,
  dateFromText,
  isBlank,
  isNumber,
  isoFromSerial,
  MAX_SERIAL,
  MIN_SERIAL,
  serialFromYmd,
  toHalfWidth,
} from './values';

/**
 * The monthly cycle of spec §8: which months a project has reported, when its war room last met,
 * which actions are open. Months are counted as `year * 12 + month - 1` ("month index"), so a range
 * of months is a range of integers.
 */

const DAY_MS = 86_400_000;
const EPOCH = Date.UTC(1899, 11, 30);

/** Month index of a date serial. */
export function monthIndexOfSerial(serial: number): number {
  // Registration and meeting dates repeat across thousands of projects: convert each day once.
  const day = Math.floor(serial);
  let mi = monthOfDay.get(day);
  if (mi === undefined) {
    const d = new Date(EPOCH + day * DAY_MS);
    mi = d.getUTCFullYear() * 12 + d.getUTCMonth();
    if (monthOfDay.size > 20_000) monthOfDay.clear();
    monthOfDay.set(day, mi);
  }
  return mi;
}
const monthOfDay = new Map<number, number>();

/** The first day of a month index, as a date serial. */
export const monthStart = (mi: number): number => serialFromYmd(Math.floor(mi / 12), (mi % 12) + 1, 1);

/** `2026-10` for a month index. */
export function monthLabel(mi: number): string {
  // Thousands of missing-report messages name the same few months.
  let label = labels.get(mi);
  if (label === undefined) {
    label = `${Math.floor(mi / 12)}-${String((mi % 12) + 1).padStart(2, '0')}`;
    if (labels.size > 20_000) labels.clear();
    labels.set(mi, label);
  }
  return label;
}
const labels = new Map<number, string>();

/**
 * The due date of a month's report: day `dueDay` of the next month, as Excel's
 * DATE(YEAR(m), MONTH(m)+1, dueDay) computes it (a day past the month's end rolls into the next).
 */
export function reportDueDate(mi: number, dueDay: number): number {
  const next = mi + 1;
  return serialFromYmd(Math.floor(next / 12), (next % 12) + 1, Math.trunc(dueDay));
}

/** reportDueDate for one due day, remembered per month: a workbook's reports share a handful of months. */
export function dueDates(dueDay: number): (mi: number) => number {
  const dues = new Map<number, number>();
  return (mi) => {
    let due = dues.get(mi);
    if (due === undefined) dues.set(mi, (due = reportDueDate(mi, dueDay)));
    return due;
  };
}

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const FULL_MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

const validMonth = (y: number, m: number): number | null =>
  y >= 1900 && y <= 9999 && m >= 1 && m <= 12 ? y * 12 + m - 1 : null;

/**
 * The month a person meant by text typed into a month cell: “2026年10月”, “2026-10”, “2026/10”,
 * “Oct 2026”, “October 2026”, “10/2026”, or a whole date (“2026-10-01”). Null when unreadable.
 */
export function monthFromText(text: string): number | null {
  const s = toHalfWidth(text).trim().toLowerCase();
  if (s === '') return null;
  let m = /^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:月份?)?$/.exec(s);
  if (m) return validMonth(Number(m[1]), Number(m[2]));
  m = /^(\d{1,2})\s*[-/.]\s*(\d{4})$/.exec(s);
  if (m) return validMonth(Number(m[2]), Number(m[1]));
  m = /^([a-z]{3,9})\.?[\s,-]*(\d{4})$/.exec(s) ?? /^(\d{4})[\s,-]*([a-z]{3,9})\.?$/.exec(s);
  if (m) {
    const [word, year] = /^\d/.test(m[1]) ? [m[2], m[1]] : [m[1], m[2]];
    const i = MONTH_NAMES.indexOf(word.slice(0, 3));
    if (i < 0 || !(word.length === 3 || word === FULL_MONTH_NAMES[i] || word === 'sept')) return null;
    return validMonth(Number(year), i + 1);
  }
  const date = dateFromText(text);
  return date === null ? null : monthIndexOfSerial(date);
}

/** The month index a month cell names: a date (any day of it) or readable text; null otherwise. */
export function monthOf(v: CellValue): number | null {
  if (isNumber(v)) return v >= MIN_SERIAL && v <= MAX_SERIAL ? monthIndexOfSerial(v) : null;
  if (typeof v === 'string') return monthFromText(v);
  return null;
}

/** The months a project has reported, as bits by month index: ten thousand projects need no Set each. */
export class MonthSet {
  /** Month index / 32 of words[0]. */
  private lo = 0;
  private words: number[] = [];
  size = 0;

  add(mi: number): void {
    const w = Math.floor(mi / 32);
    if (this.words.length === 0) {
      // Two words cover a year of reports wherever it starts; a literal allocates just those.
      this.lo = w;
      this.words = [0, 0];
    } else if (w < this.lo) {
      this.words.unshift(...new Array<number>(this.lo - w).fill(0));
      this.lo = w;
    }
    const i = w - this.lo;
    while (this.words.length <= i) this.words.push(0);
    const bit = 1 << (mi - w * 32);
    if ((this.words[i] & bit) === 0) {
      this.words[i] |= bit;
      this.size++;
    }
  }

  has(mi: number): boolean {
    const i = Math.floor(mi / 32) - this.lo;
    return i >= 0 && i < this.words.length && (this.words[i] & (1 << (mi - (i + this.lo) * 32))) !== 0;
  }
}

/** What the cycle needs of one project, built once per analysis. */
export interface ProjectCycle {
  /** Months the project has a report for. */
  months: Pick<ReadonlySet<number>, 'has' | 'size'>;
  /** Its reports whose month is readable (more than `months.size` means a month reported twice). */
  datedReports: number;
  meetingRows: Row[];
}

export interface CycleIndex {
  /** By the project's match key; built on first read. */
  readonly byProject: Map<string, ProjectCycle>;
  /** By project number (TableData.projectOf; read with projectAt). */
  byNumber: readonly (ProjectCycle | undefined)[];
  /** The month each MonthlyReports row names (text read as its month), null when unreadable. */
  reportMonth: RowMap<number | null>;
  /** Due Date of each MonthlyReports row as the sheet computes it (a real date in Month only); built on first read. */
  readonly dueDate: RowMap<number | null>;
}

const isYes = (v: CellValue): boolean => v === true || findListItem('YesNo', v)?.key === 'yes';

/** The cycle index; due dates are for display (parity tests, the preview), built on first read from the months. */
class Cycle implements CycleIndex {
  private dues: RowMap<number | null> | undefined = undefined;

  constructor(
    private readonly index: ByProject<CycleBuild>,
    readonly byNumber: readonly (ProjectCycle | undefined)[],
    readonly reportMonth: RowMap<number | null>,
    private readonly MR: TableData,
    private readonly monthI: number,
    private readonly dueDay: number,
  ) {}

  get byProject(): Map<string, ProjectCycle> {
    return this.index.byKey;
  }

  get dueDate(): RowMap<number | null> {
    if (this.dues) return this.dues;
    const dueOf = dueDates(this.dueDay);
    const out = new RowMap<number | null>(this.MR.rowCount);
    const rows = this.MR.rows;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      const month = this.reportMonth.get(r) ?? null;
      out.set(r, isNumber(this.MR.cells[r][this.monthI]) && month !== null ? dueOf(month) : null);
    }
    return (this.dues = out);
  }
}

/** A project's cycle as buildCycle fills it: its months in a MonthSet. */
type CycleBuild = ProjectCycle & { months: MonthSet };
const newCycle = (): CycleBuild => ({ months: new MonthSet(), datedReports: 0, meetingRows: [] });

export function buildCycle(model: WorkbookModel, policy: Policy): CycleIndex {
  const index = new ByProject(newCycle, model.projectKeys);
  const MR = model.tables.MonthlyReports;
  const reportMonth = new RowMap<number | null>(MR.rowCount);
  const mi = colPos(MR, 'month');
  if (MR.snapshot) {
    // Reports share a handful of months: convert each distinct serial once.
    const bySerial = new Map<number, number | null>();
    for (let iR = 0; iR < MR.rows.length; iR++) {
      const r = MR.rows[iR];
      const v = MR.cells[r][mi];
      let month: number | null;
      if (isNumber(v)) {
        month = bySerial.get(v) ?? null;
        if (!bySerial.has(v)) bySerial.set(v, (month = monthOf(v)));
      } else month = monthOf(v);
      reportMonth.set(r, month);
      if (month === null) continue;
      const p = index.of(MR.projectOf[r]);
      if (!p) continue;
      p.months.add(month);
      p.datedReports++;
    }
  }
  const WR = model.tables.WarRoom;
  if (WR.snapshot) {
    const rows = WR.rows;
    for (let i = 0; i < rows.length; i++) index.of(WR.projectOf[rows[i]])?.meetingRows.push(rows[i]);
  }
  return new Cycle(index, index.items, reportMonth, MR, mi, policy.ReportDueDay);
}

/** The latest month whose report is due on or before `at` (a few steps back at most for a sane due day). */
export function lastDueMonth(at: number, dueDay: number): number | null {
  // Every project of a check asks for the same date: remember the last answer.
  if (at === lastDue.at && dueDay === lastDue.dueDay) return lastDue.month;
  let last = monthIndexOfSerial(at);
  for (let k = 0; k < 36 && reportDueDate(last, dueDay) > at; k++) last--;
  const month = reportDueDate(last, dueDay) > at ? null : last;
  lastDue = { at, dueDay, month };
  return month;
}
let lastDue: { at: number; dueDay: number; month: number | null } = { at: NaN, dueDay: NaN, month: null };

/** The months from the month of `registeredOn` whose report is due on or before `at` and missing; latest first. */
export function missingMonths(
  cycle: ProjectCycle | undefined,
  registeredOn: number,
  at: number,
  dueDay: number,
  limit = 12,
): { latest: number[]; count: number } {
  const first = monthIndexOfSerial(registeredOn);
  const last = lastDueMonth(at, dueDay);
  if (last === null) return { latest: [], count: 0 };
  const latest: number[] = [];
  let count = 0;
  // A registration date from another century is a typo, not 1,000 missing reports: count at most 100 years.
  for (let mi = last; mi >= first && mi > last - 1200; mi--) {
    if (cycle?.months.has(mi)) continue;
    count++;
    if (latest.length < limit) latest.push(mi);
  }
  return { latest, count };
}

/** The project's last war-room meeting on or before `at`, or null. */
export function lastMeeting(WR: TableData, cycle: ProjectCycle | undefined, at: number): number | null {
  if (!cycle || cycle.meetingRows.length === 0) return null;
  const di = colPos(WR, 'meetingDate');
  let last: number | null = null;
  for (let iR = 0; iR < cycle.meetingRows.length; iR++) {
    const v = WR.cells[cycle.meetingRows[iR]][di];
    if (isNumber(v) && v <= at && (last === null || v > last)) last = v;
  }
  return last;
}

/** WarRoom rows whose action is not Done and whose Action Due is before `at`. */
export function overdueActions(WR: TableData, rows: readonly Row[], at: number): Row[] {
  const ai = colPos(WR, 'actions');
  const di = colPos(WR, 'actionDue');
  const doneI = colPos(WR, 'actionDone');
  const out: Row[] = [];
  for (let iR = 0; iR < rows.length; iR++) {
    const r = rows[iR];
    const v = WR.cells[r];
    const due = v[di];
    if (!isNumber(due) || due >= at) continue;
    if (isBlank(v[ai]) && isBlank(due)) continue;
    if (isYes(v[doneI])) continue;
    out.push(r);
  }
  return out;
}

/** WarRoomDays of a grade: the longest gap allowed between meetings, 0 when none is required. */
export const warRoomDays = (grade: 'A' | 'B' | 'C' | 'D', p: Policy): number =>
  grade === 'A' ? p.WarRoomDaysA : grade === 'B' ? p.WarRoomDaysB : grade === 'C' ? p.WarRoomDaysC : p.WarRoomDaysD;

/** The war-room gap of an Active project: days since its last meeting (or registration), when over the grade's limit. */
export function warRoomOverdue(
  c: Computed,
  WR: TableData,
  cycle: ProjectCycle | undefined,
  grade: 'A' | 'B' | 'C' | 'D' | null,
  registeredOn: CellValue,
  at: number,
): { since: number; from: 'meeting' | 'registered'; days: number; limit: number } | null {
  if (!grade) return null;
  const limit = warRoomDays(grade, c.policy);
  if (!(limit > 0)) return null;
  const met = lastMeeting(WR, cycle, at);
  const since = met ?? (isNumber(registeredOn) ? registeredOn : null);
  if (since === null) return null;
  const days = Math.floor(at) - Math.floor(since);
  return days > limit ? { since, from: met === null ? 'registered' : 'meeting', days, limit } : null;
}

export const isoDay = (serial: number): string =>
  serial >= MIN_SERIAL && serial <= MAX_SERIAL ? isoFromSerial(serial) : String(serial);
