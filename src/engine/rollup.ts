import { Analysis, analyze } from './analyze';
import { cell, Grade, projectCellValues, projectRowAt } from './compute';
import { Finding } from './findings';
import type { Row, TableData } from './model';
import { fill, Lang, Text } from './i18n';
import { findListItem, LISTS } from './lists';
import { reviewItems } from './review';
import { DisplayFormat, PROJECTS } from './schema';
import { TableSnapshot, WorkbookSnapshot } from './snapshot';
import { CellValue, isBlank, isoFromSerial, matchKey } from './values';

/**
 * The directors' roll-up (spec §9): many team workbooks checked one by one with the engine, then
 * gathered into the tables of §9 and the data of the dashboard's charts. Pure: files are read by the
 * caller (CLI or pane) into snapshots.
 */

export interface RollupInput {
  /** The file's name as the user knows it (shown in every table). */
  file: string;
  snapshot?: WorkbookSnapshot;
  /** Why the file could not be read, when it could not. */
  error?: Text;
}

export interface RollupColumn {
  key: string;
  header: Text;
  format?: DisplayFormat;
  width?: number;
}

export interface RollupTableSchema {
  name: string;
  sheet: Text;
  title: Text;
  columns: readonly RollupColumn[];
}

const c = (key: string, en: string, zh: string, format?: DisplayFormat, width?: number): RollupColumn => ({
  key,
  header: { en, zh },
  ...(format ? { format } : {}),
  ...(width ? { width } : {}),
});

export const ROLLUP_SOURCES: RollupTableSchema = {
  name: 'RollupSources',
  sheet: { zh: '汇总来源', en: 'Sources' },
  title: { zh: '汇总来源', en: 'Roll-up sources' },
  columns: [
    c('file', 'File', '文件', 'text', 28),
    c('team', 'Team', '团队', 'text', 16),
    c('status', 'Status', '状态', 'text', 36),
    c('projects', 'Projects', '项目数', 'int', 10),
    c('active', 'Active', '进行中', 'int', 10),
    c('errors', 'Errors', '错误', 'int', 8),
    c('warnings', 'Warnings', '警告', 'int', 8),
    c('currentPlan', 'Current Plan', '当前计划费用', 'money', 16),
    c('actualCost', 'Actual Cost', '实际费用', 'money', 16),
    c('overrun', 'Overrun', '超支金额', 'money', 14),
    c('leadership', 'Leadership', '企业领导审批', 'int', 12),
    c('adjustment', 'Adjustment', '需调整', 'int', 10),
  ],
};

export const ROLLUP_PROJECTS: RollupTableSchema = {
  name: 'RollupProjects',
  sheet: { zh: '项目汇总', en: 'All Projects' },
  title: { zh: '项目汇总', en: 'All projects' },
  columns: [
    c('team', 'Team', '团队', 'text', 14),
    c('file', 'File', '文件', 'text', 22),
    ...PROJECTS.columns.map((col) => ({
      key: col.key,
      header: col.header,
      format: col.format ?? displayFormatOf(col.type),
      width: col.width,
    })),
    c('errors', 'Errors', '错误', 'int', 8),
    c('warnings', 'Warnings', '警告', 'int', 8),
    c('lastReportMonth', 'Last Report Month', '最近报告月份', 'text', 12),
    c('lastMeeting', 'Last Meeting', '最近分析会', 'date', 12),
  ],
};

export const ROLLUP_REVIEW: RollupTableSchema = {
  name: 'RollupReview',
  sheet: { zh: '汇总复核', en: 'Review' },
  title: { zh: '汇总复核：需升级审批的项目', en: 'Roll-up review: projects needing escalation' },
  columns: [
    c('team', 'Team', '团队', 'text', 14),
    c('projectId', 'Project ID', '项目编号', 'text', 14),
    c('projectName', 'Project Name', '项目名称', 'text', 26),
    c('escalation', 'Escalation', '升级级别', 'text', 24),
    c('grade', 'Importance Grade', '重要性等级', 'text', 9),
    c('sponsor', 'Sponsor', '项目发起人', 'text', 12),
    c('currentPlan', 'Current Plan', '当前计划费用', 'money', 16),
    c('actualCost', 'Actual Cost', '实际费用', 'money', 16),
    c('overrun', 'Overrun', '超支金额', 'money', 14),
    c('overrunPct', 'Overrun %', '超支比例', 'percent', 10),
    c('slipDays', 'Unapproved Slip (days)', '未批准延期天数', 'int', 12),
    c('pending', 'Pending Adjustments', '待审批调整', 'text', 40),
    c('file', 'File', '文件', 'text', 22),
  ],
};

export const ROLLUP_LESSONS: RollupTableSchema = {
  name: 'Lessons',
  sheet: { zh: '知识库', en: 'Lessons' },
  title: { zh: '知识库：项目总结', en: 'Knowledge base: summary reports' },
  columns: [
    c('team', 'Team', '团队', 'text', 14),
    c('projectId', 'Project ID', '项目编号', 'text', 14),
    c('projectName', 'Project Name', '项目名称', 'text', 26),
    c('customer', 'Customer', '客户名称', 'text', 22),
    c('market', 'Market', '所在市场', 'text', 12),
    c('outcome', 'Outcome', '项目结果', 'text', 10),
    c('winLossReason', 'Win/Loss Reason', '成败原因', 'text', 12),
    c('lessons', 'Lessons Learned', '经验教训', 'text', 40),
    c('improvements', 'Improvements', '改进措施', 'text', 32),
    c('knowledgeTags', 'Knowledge Tags', '知识库标签', 'text', 20),
    c('signedValue', 'Signed Contract Value', '签约金额', 'money', 16),
    c('reviewDate', 'Review Date', '总结会日期', 'date', 12),
  ],
};

export const ROLLUP_FINDINGS: RollupTableSchema = {
  name: 'RollupFindings',
  sheet: { zh: '汇总问题', en: 'Roll-up Findings' },
  title: { zh: '汇总问题', en: 'Roll-up findings' },
  columns: [
    c('code', 'Code', '代码', 'text', 26),
    c('severity', 'Severity', '级别', 'text', 8),
    c('projectId', 'Project ID', '项目编号', 'text', 14),
    c('files', 'Workbooks', '工作簿', 'text', 40),
    c('message', 'Message', '说明', 'text', 70),
  ],
};

export const ROLLUP_TABLES: readonly RollupTableSchema[] = [
  ROLLUP_SOURCES,
  ROLLUP_PROJECTS,
  ROLLUP_REVIEW,
  ROLLUP_LESSONS,
  ROLLUP_FINDINGS,
];

export const DASHBOARD_SHEET: Text = { zh: '汇总看板', en: 'Dashboard' };

function displayFormatOf(type: string): DisplayFormat {
  if (type === 'money' || type === 'signedMoney') return 'money';
  if (type === 'date') return 'date';
  return 'text';
}

export interface RollupSource {
  file: string;
  team: string;
  ok: boolean;
  /** The reason it was skipped (both languages), when it was. */
  reason: Text | null;
  analysis: Analysis | null;
  projects: number;
  active: number;
  errors: number;
  warnings: number;
  currentPlan: number;
  actualCost: number;
  overrun: number;
  leadership: number;
  adjustment: number;
}

export interface RollupFinding {
  code: 'duplicate-across-workbooks';
  severity: 'warning';
  projectId: string;
  files: string[];
  message: Text;
}

export interface RollupChartData {
  /** Pipeline value of Active projects by stage (rows) and grade (columns). */
  byStage: { stages: Text[]; grades: string[]; values: number[][] };
  /** Per team: current plan, actual cost, leadership count, adjustment count. */
  byTeam: { team: string; currentPlan: number; actualCost: number; leadership: number; adjustment: number }[];
}

export interface Rollup {
  asOf: number | undefined;
  sources: RollupSource[];
  /** Table rows in each table's column order, values in the director's language. */
  rows: Record<string, CellValue[][]>;
  findings: RollupFinding[];
  charts: RollupChartData;
}

export interface RollupOptions {
  asOf?: number;
  lang: Lang;
}

const str = (v: CellValue | undefined): string => (v === null || v === undefined ? '' : String(v).trim());
const num = (v: CellValue | undefined): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** The label of a list value in the director's language; the value as typed when it is not in the list. */
function relabel(list: keyof typeof LISTS, v: CellValue, lang: Lang): CellValue {
  const item = findListItem(list, v);
  return item ? item[lang] : v;
}

/** File name without folder and extension. */
export function baseName(file: string): string {
  const name = file.split(/[\\/]/).pop() ?? file;
  return name.replace(/\.[^.]+$/, '');
}

/** Customer + project name compared as a person would: case, spaces and full-width forms ignored. */
export function sameNameKey(customer: CellValue, project: CellValue): string | null {
  const norm = (v: CellValue): string => str(v).normalize('NFKC').toLowerCase().replace(/\s+/g, '');
  const a = norm(customer);
  const b = norm(project);
  return a && b ? `${a}\u0000${b}` : null;
}

function policyText(a: Analysis, key: string): string {
  const P = a.model.tables.Policy;
  for (const r of P.rows) {
    if (str(cell(P, r, 'key')).toLowerCase() !== key.toLowerCase()) continue;
    const v = str(cell(P, r, 'value'));
    if (v) return v;
  }
  return '';
}

/** A table of the snapshot found by name, and the positions of the headers asked for (either language). */
function extraTable(
  s: WorkbookSnapshot,
  name: string,
  headers: Record<string, Text>,
): { rows: CellValue[][]; at: Record<string, number> } | null {
  const t: TableSnapshot | undefined = Object.entries(s.tables).find(
    ([k]) => k.toLowerCase() === name.toLowerCase(),
  )?.[1];
  if (!t) return null;
  const at: Record<string, number> = {};
  for (const [key, h] of Object.entries(headers)) {
    at[key] = t.headers.findIndex((x) => {
      const v = str(x).toLowerCase();
      return v === h.zh.toLowerCase() || v === h.en.toLowerCase();
    });
    if (at[key] < 0) return null;
  }
  return { rows: t.rows, at };
}

/** Latest Month of each project's monthly reports and latest war-room meeting date (spec §8 tables). */
function lastDates(s: WorkbookSnapshot): { report: Map<string, number>; meeting: Map<string, number> } {
  const report = new Map<string, number>();
  const meeting = new Map<string, number>();
  const pid = { zh: '项目编号', en: 'Project ID' };
  const gather = (t: ReturnType<typeof extraTable>, dateKey: string, into: Map<string, number>): void => {
    if (!t) return;
    for (const r of t.rows) {
      const k = matchKey(r[t.at.projectId]);
      const d = r[t.at[dateKey]];
      if (k && typeof d === 'number') into.set(k, Math.max(into.get(k) ?? -Infinity, d));
    }
  };
  gather(extraTable(s, 'MonthlyReports', { projectId: pid, month: { zh: '报告月份', en: 'Month' } }), 'month', report);
  gather(
    extraTable(s, 'WarRoom', { projectId: pid, meetingDate: { zh: '会议日期', en: 'Meeting Date' } }),
    'meetingDate',
    meeting,
  );
  return { report, meeting };
}

const READ_OK: Text = { zh: '正常', en: 'OK' };
const NO_TABLES: Text = {
  zh: '没有项目信息表，不是售前项目工作簿',
  en: 'no Projects table: not a pipeline workbook',
};

/**
 * One input's share of the roll-up: its source line and its rows, plain data, so that it can be made
 * where the file is read (a worker thread of the CLI) and gathered by combineRollup.
 */
export interface RollupPart {
  source: RollupSource;
  projects: CellValue[][];
  review: { level: number; overrun: number; row: CellValue[] }[];
  lessons: CellValue[][];
  /** Per project, in order: its ID key and as shown; its customer + project name key and as shown. */
  ids: [string, string][];
  names: [string, string][];
  /** Est. Contract Value of Active projects by stage (rows) and grade A–D, then ungraded. */
  byStage: number[][];
}

const GRADE_COLS: string[] = ['A', 'B', 'C', 'D'];

/** Runs the engine on one input and makes its share of the roll-up. */
export function rollupPart(input: RollupInput, options: RollupOptions): RollupPart {
  const { lang } = options;
  const part = emptyPart(input.file);
  if (!input.snapshot) {
    part.source.reason = input.error ?? { zh: '无法读取', en: 'could not be read' };
    return part;
  }
  const a = analyze(input.snapshot, { asOf: options.asOf, lang });
  if (!a.model.tables.Projects.snapshot) {
    part.source.reason = NO_TABLES;
    return part;
  }
  const s: RollupSource = {
    ...part.source,
    team: policyText(a, 'Team') || part.source.team,
    ok: true,
    analysis: a,
    errors: a.counts.error,
    warnings: a.counts.warning,
  };
  part.source = s;
  // Each table's rows in a function of its own: one function holding all these loops took V8's optimizing
  // compiler about a second per try (and it tried again after each deoptimization), in every thread.
  addTotals(s, a);
  addProjectRows(part, a, lastDates(input.snapshot), lang);
  addReviewRows(part, a, lang);
  addLessonRows(part, a, lang);
  return part;
}

function emptyPart(file: string): RollupPart {
  return {
    source: {
      file,
      team: baseName(file),
      ok: false,
      reason: null,
      analysis: null,
      projects: 0,
      active: 0,
      errors: 0,
      warnings: 0,
      currentPlan: 0,
      actualCost: 0,
      overrun: 0,
      leadership: 0,
      adjustment: 0,
    },
    projects: [],
    review: [],
    lessons: [],
    ids: [],
    names: [],
    byStage: LISTS.Stages.map(() => [0, 0, 0, 0, 0]),
  };
}

/** The source line's counts and sums over the projects that have an ID. */
function addTotals(s: RollupSource, a: Analysis): void {
  const P = a.model.tables.Projects;
  for (const { row, metrics: m } of a.computed.projects) {
    if (!m.projectId) continue;
    s.projects++;
    if (findListItem('Statuses', cell(P, row, 'status'))?.key === 'active') s.active++;
    s.currentPlan += num(m.plannedCost) + num(m.approvedAdjustments);
    s.actualCost += num(m.actualCost);
    s.overrun += num(m.overrun);
    if (m.escalation === 'leadership') s.leadership++;
    if (m.escalation === 'adjustment') s.adjustment++;
  }
}

/** Errors and warnings per project, by its ID key. */
function countsByProject(findings: readonly Finding[]): Map<string, { errors: number; warnings: number }> {
  const perProject = new Map<string, { errors: number; warnings: number }>();
  for (const f of findings) {
    const k = matchKey(f.projectId ?? null);
    if (!k) continue;
    const e = perProject.get(k) ?? { errors: 0, warnings: 0 };
    if (f.severity === 'error') e.errors++;
    if (f.severity === 'warning') e.warnings++;
    perProject.set(k, e);
  }
  return perProject;
}

/** A project's Projects columns as the roll-up shows them: lists in the director's language, blanks as null. */
function projectValues(P: TableData, row: Row, computedCells: Record<string, CellValue>, lang: Lang): CellValue[] {
  return PROJECTS.columns.map((col) => {
    if (col.type === 'computed') {
      const v = computedCells[col.key];
      return v === undefined ? null : v;
    }
    const v = cell(P, row, col.key);
    if (col.list) return relabel(col.list, v, lang);
    return isBlank(v) ? null : v;
  });
}

/** RollupProjects rows, the chart's pipeline by stage and grade, and the keys for duplicates across files. */
function addProjectRows(
  part: RollupPart,
  a: Analysis,
  last: { report: Map<string, number>; meeting: Map<string, number> },
  lang: Lang,
): void {
  const s = part.source;
  const P = a.model.tables.Projects;
  // Only the Projects cells: a.cells would build every table's.
  const cells = projectCellValues(a.model, a.computed, a.lang);
  const perProject = countsByProject(a.findings as Finding[]);
  for (const { row, metrics: m } of a.computed.projects) {
    if (!m.projectId) continue;
    const key = matchKey(m.projectId) ?? '';
    const counts = perProject.get(key) ?? { errors: 0, warnings: 0 };
    const rm = last.report.get(key);
    const lm = last.meeting.get(key);
    part.projects.push([
      s.team,
      s.file,
      ...projectValues(P, row, cells?.get(row) ?? {}, lang),
      counts.errors,
      counts.warnings,
      rm === undefined ? null : isoFromSerial(rm).slice(0, 7),
      lm ?? null,
    ]);
    addToStage(part, P, row, m.grade);
    if (key) part.ids.push([key, m.projectId]);
    const nameKey = sameNameKey(cell(P, row, 'customer'), cell(P, row, 'projectName'));
    if (nameKey) part.names.push([nameKey, `${str(cell(P, row, 'customer'))} / ${str(cell(P, row, 'projectName'))}`]);
  }
}

/** An Active project's Est. Contract Value into the chart's stage × grade table. */
function addToStage(part: RollupPart, P: TableData, row: Row, grade: Grade | null): void {
  const status = findListItem('Statuses', cell(P, row, 'status'))?.key;
  const stage = findListItem('Stages', cell(P, row, 'stage'));
  if (status !== 'active' || !stage) return;
  const gi = grade ? GRADE_COLS.indexOf(grade) : 4;
  part.byStage[LISTS.Stages.indexOf(stage)][gi] += num(cell(P, row, 'estContractValue'));
}

/** RollupReview rows: the escalated projects, with their level and overrun to sort them across files. */
function addReviewRows(part: RollupPart, a: Analysis, lang: Lang): void {
  const s = part.source;
  const escLabel = (key: string): string => LISTS.Escalations.find((e) => e.key === key)?.[lang] ?? key;
  for (const it of reviewItems(a)) {
    const pending = it.pendingAdjustments
      .map(
        (p) =>
          `${p.adjustmentId} ${p.milestone}${p.costChange !== null ? ` ${p.costChange}` : ''}${p.scheduleChangeDays !== null ? ` ${p.scheduleChangeDays}d` : ''}`,
      )
      .join('; ');
    part.review.push({
      level: it.escalation === 'leadership' ? 0 : 1,
      overrun: it.overrun,
      row: [
        s.team,
        it.projectId,
        it.projectName,
        escLabel(it.escalation),
        it.grade ?? '',
        it.sponsor,
        it.currentPlan,
        it.actualCost,
        it.overrun,
        it.overrunPct,
        it.slipDays,
        pending,
        s.file,
      ],
    });
  }
}

/** Lessons rows: every summary report, with its project's name, customer and market. */
function addLessonRows(part: RollupPart, a: Analysis, lang: Lang): void {
  const s = part.source;
  const P = a.model.tables.Projects;
  const S = a.model.tables.Summaries;
  for (const r of S.rows) {
    // The project's first Projects row, as its figures are (a repeated ID is the check's duplicate-key).
    const pRow = projectRowAt(a.computed, S.projectOf[r]);
    const signed = cell(S, r, 'signedValue');
    const date = cell(S, r, 'reviewDate');
    part.lessons.push([
      s.team,
      str(cell(S, r, 'projectId')),
      pRow !== undefined ? str(cell(P, pRow, 'projectName')) : '',
      pRow !== undefined ? str(cell(P, pRow, 'customer')) : '',
      pRow !== undefined ? str(cell(P, pRow, 'market')) : '',
      relabel('Outcomes', cell(S, r, 'outcome'), lang) ?? '',
      relabel('WinLossReasons', cell(S, r, 'winLossReason'), lang) ?? '',
      str(cell(S, r, 'lessons')),
      str(cell(S, r, 'improvements')),
      str(cell(S, r, 'knowledgeTags')),
      typeof signed === 'number' ? signed : null,
      typeof date === 'number' ? date : null,
    ]);
  }
}

/** Runs the engine on every input and gathers the roll-up. */
export function buildRollup(inputs: readonly RollupInput[], options: RollupOptions): Rollup {
  return combineRollup(
    inputs.map((i) => rollupPart(i, options)),
    options,
  );
}

/** Gathers the inputs' shares, in the order of the inputs, into the roll-up. */
export function combineRollup(parts: readonly RollupPart[], options: RollupOptions): Rollup {
  const { lang } = options;
  const sources = parts.map((p) => p.source);
  const rows: Record<string, CellValue[][]> = {};
  rows.RollupSources = sources.map((s) => [
    s.file,
    s.team,
    s.ok ? READ_OK[lang] : (s.reason ?? READ_OK)[lang],
    s.projects,
    s.active,
    s.errors,
    s.warnings,
    s.currentPlan,
    s.actualCost,
    s.overrun,
    s.leadership,
    s.adjustment,
  ]);

  const projectRows: CellValue[][] = [];
  const reviewRows: RollupPart['review'] = [];
  const lessonRows: CellValue[][] = [];
  const stages = LISTS.Stages;
  const gradeCols = GRADE_COLS;
  const byStage = stages.map(() => [0, 0, 0, 0, 0]);
  // Per key, the first file; the list of files is made only for a key seen in a second file (a few of
  // ten thousand).
  type Seen = { display: string; first: string; files: string[] | null };
  const seenId = new Map<string, Seen>();
  const seenName = new Map<string, Seen>();
  const track = (map: Map<string, Seen>, k: string, display: string, file: string): void => {
    const e = map.get(k);
    if (!e) map.set(k, { display, first: file, files: null });
    else if (e.files === null) {
      if (e.first !== file) e.files = [e.first, file];
    } else if (!e.files.includes(file)) e.files.push(file);
  };
  for (const p of parts) {
    if (!p.source.ok) continue;
    for (const r of p.projects) projectRows.push(r);
    for (const r of p.review) reviewRows.push(r);
    for (const r of p.lessons) lessonRows.push(r);
    p.byStage.forEach((line, i) => line.forEach((v, g) => (byStage[i][g] += v)));
    for (const [k, display] of p.ids) track(seenId, k, display, p.source.file);
    for (const [k, display] of p.names) track(seenName, k, display, p.source.file);
  }

  reviewRows.sort((x, y) => x.level - y.level || y.overrun - x.overrun);
  rows.RollupProjects = projectRows;
  rows.RollupReview = reviewRows.map((r) => r.row);
  rows.Lessons = lessonRows;

  const findings: RollupFinding[] = [];
  const sameId: Text = {
    zh: '项目编号 {id} 同时出现在 {files}：同一项目被两个团队登记，或编号重复。请与相关团队确认归属，保留一处或改用不同编号。',
    en: 'Project ID {id} appears in {files}: one project registered by two teams, or a reused ID. Agree with the teams which one keeps it, and renumber the other.',
  };
  const sameName: Text = {
    zh: '客户与项目名称“{name}”同时出现在 {files}：可能是同一商机被重复登记。请与相关团队确认。',
    en: 'Customer and project name "{name}" appear in {files}: probably the same opportunity registered twice. Check with the teams.',
  };
  const idFilesByKey = new Map<string, string>();
  for (const [k, e] of seenId) {
    if (e.files === null) continue;
    idFilesByKey.set(k, e.files.join('|'));
    const files = e.files.join(lang === 'zh' ? '、' : ', ');
    findings.push({
      code: 'duplicate-across-workbooks',
      severity: 'warning',
      projectId: e.display,
      files: e.files,
      message: { zh: fill(sameId.zh, { id: e.display, files }), en: fill(sameId.en, { id: e.display, files }) },
    });
  }
  for (const [, e] of seenName) {
    if (e.files === null) continue;
    const files = e.files.join(lang === 'zh' ? '、' : ', ');
    findings.push({
      code: 'duplicate-across-workbooks',
      severity: 'warning',
      projectId: '',
      files: e.files,
      message: { zh: fill(sameName.zh, { name: e.display, files }), en: fill(sameName.en, { name: e.display, files }) },
    });
  }
  rows.RollupFindings = findings.map((f) => [
    f.code,
    lang === 'zh' ? '警告' : 'warning',
    f.projectId,
    f.files.join('; '),
    f.message[lang],
  ]);

  const hasUngraded = byStage.some((r) => r[4] !== 0);
  const grades = hasUngraded ? [...gradeCols, lang === 'zh' ? '未分级' : 'Ungraded'] : gradeCols;
  const charts: RollupChartData = {
    byStage: {
      stages: stages.map((st) => ({ zh: st.zh, en: st.en })),
      grades,
      values: byStage.map((r) => r.slice(0, grades.length)),
    },
    byTeam: teams(sources),
  };
  return { asOf: options.asOf, sources, rows, findings, charts };
}

/** One entry per team (several files may share a team), in first-seen order. */
function teams(sources: RollupSource[]): RollupChartData['byTeam'] {
  const out: RollupChartData['byTeam'] = [];
  for (const s of sources) {
    if (!s.ok) continue;
    let t = out.find((x) => x.team === s.team);
    if (!t) out.push((t = { team: s.team, currentPlan: 0, actualCost: 0, leadership: 0, adjustment: 0 }));
    t.currentPlan += s.currentPlan;
    t.actualCost += s.actualCost;
    t.leadership += s.leadership;
    t.adjustment += s.adjustment;
  }
  return out;
}

export type { Grade };
