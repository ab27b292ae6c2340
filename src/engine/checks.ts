import { Computed, cell, PLAN_PARTS, projectRowAt, sponsorMinRank } from './compute';
import { checkMonthlyCycle, checkMonthText, checkPercent } from './cycle-checks';
import { PolicyEntry } from './policy';
import { Finding, FindingCode, Severity } from './findings';
import { Text } from './i18n';
import { findListItem, listLookup, LISTS, ListName, stageRank } from './lists';
import {
  cellAddress,
  colPos,
  findColPos,
  headerAddress,
  packed,
  projectAt,
  Row,
  TableData,
  WorkbookModel,
} from './model';
import { formatMoney } from './money';
import { ColumnSchema, TableName, TABLES } from './schema';
import { organisationWord, sponsorKind } from './sponsor';
import {
  CellValue,
  dateFromText,
  isBlank,
  isExcelError,
  isNumber,
  isoFromSerial,
  matchKey,
  MAX_SERIAL,
  MIN_SERIAL,
  parseAmountText,
  startsNonBlank,
} from './values';

/** True when a sponsor value names an organisation or a seal rather than a person (spec §5; see sponsor.ts). */
export const namesOrganisation = (name: string, people: { has(name: string): boolean } = new Set<string>()): boolean =>
  sponsorKind(name, people) === 'organisation';

const h = (c: ColumnSchema): Text => ({ zh: `「${c.header.zh}」`, en: `"${c.header.en}"` });
const show = (v: CellValue): string => (v === null || v === undefined ? '' : String(v));
/** Money in messages: the product's one format (¥1,234,567.5). */
export const money = (x: number): string => formatMoney(x);
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

export class Report {
  readonly findings: Finding[] = [];
  add(
    code: FindingCode,
    severity: Severity,
    t: TableData,
    row: Row | null,
    key: string | null,
    message: Text,
    extra?: Partial<Finding>,
  ): void {
    const finding: Finding = {
      code,
      severity,
      table: t.schema.name,
      column: key,
      cell: cellAddress(t, row, key),
      row,
      message,
    };
    if (extra !== undefined) Object.assign(finding, extra);
    // Every finding on a row of a project's table names its project, so the pane can list them per project.
    if (finding.projectId === undefined && row !== null) {
      const pi = findColPos(t, 'projectId');
      const id = pi >= 0 ? t.cells[row][pi] : null;
      if (id !== null && id !== undefined && id !== '') finding.projectId = String(id);
    }
    this.findings.push(finding);
  }
}

function allowed(list: ListName, lang: 'zh' | 'en'): string {
  return LISTS[list].map((i) => i[lang]).join(lang === 'zh' ? '、' : ', ');
}

/** The stage of a Projects row, for "required from stage 咨询 on" (a module function: one call target for V8). */
const stageOf = (t: TableData, r: Row): number =>
  t.schema.name === 'Projects' ? stageRank(findListItem('Stages', cell(t, r, 'stage'))?.key) : 0;

/** Rows of each table in the cell checks' first pass (see runChecks). */
const PRIMER_ROWS = 16;

export function runChecks(model: WorkbookModel, c: Computed): Finding[] {
  const rep = new Report();
  const T = model.tables;
  // V8 compiles the cell loop for the kinds of cell it has seen run. A first pass over a few rows of every
  // table, its findings dropped, shows it them all before the loop gets hot: it is compiled once, not again
  // for each kind a later table brings (a first check of 2,000 projects: analyze about 70 ms sooner).
  checkCells(T, c, PRIMER_ROWS);
  const cellReports = checkCells(T, c);

  for (let iT = 0; iT < TABLES.length; iT++) {
    const schema = TABLES[iT];
    const t = T[schema.name];
    if (!t.snapshot) {
      // Workbooks set up before the monthly cycle (spec §8) lack its tables: Repair workbook adds them.
      const core = !['Policy', 'People', 'MonthlyReports', 'WarRoom'].includes(schema.name);
      rep.add('missing-table', core ? 'error' : 'warning', t, null, null, {
        zh: `工作簿中缺少${schema.title.zh}（应在“${schema.sheet.zh}”工作表中）。请在任务窗格的“工作簿”页点击“修复工作簿”重新创建。`,
        en: `The workbook has no table ${schema.name} (${schema.title.en}). Choose Repair workbook on the Workbook page of the task pane to create it.`,
      });
      continue;
    }
    if (t.snapshot.name.toLowerCase() !== schema.name.toLowerCase()) {
      // Found by its headers: the sheet's formulas name the table, so they cannot find it.
      const actual = t.snapshot.name;
      rep.add('table-renamed', 'error', t, null, null, {
        zh: `表格名称是 ${actual}；请把它改名为 ${schema.name}（表设计 → 表名称）。本加载项按表格名称查找数据，“修复工作簿”也只认这个名称。`,
        en: `The table is named ${actual}; rename it ${schema.name} (Table Design → Table Name). The add-in finds its tables by name, and Repair workbook knows it only by that name.`,
      });
    }
    schema.columns.forEach((col, ci) => {
      if (t.columnIndex[ci] >= 0) return;
      const computed = col.type === 'computed';
      rep.findings.push({
        code: 'missing-column',
        severity: computed ? 'warning' : 'error',
        table: schema.name,
        column: col.key,
        cell: headerAddress(t, t.snapshot!.headers.length),
        row: null,
        message: {
          zh: `“${schema.sheet.zh}”工作表的表格缺少列${h(col).zh}。请把该列的表头改回“${col.header.zh}”，或在“工作簿”页点击“修复工作簿”，在表格末尾补回该列。`,
          en: `Table ${schema.name} has no column ${h(col).en}. Rename its header back to "${col.header.en}", or choose Repair workbook on the Workbook page to add it at the end of the table.`,
        },
      });
    });
    const cellFindings = cellReports[iT].findings;
    for (let i = 0; i < cellFindings.length; i++) rep.findings.push(cellFindings[i]);
    checkUnique(rep, t, model.projectKeys.length);
  }
  checkProjects(rep, model, c);
  checkAdjustments(rep, model, c);
  checkTerminationsAndSummaries(rep, model, c);
  checkMonthlyCycle(rep, model, c);
  checkFormulas(rep, model);
  checkPolicy(rep, model, c);
  checkWildcards(rep, model);
  return rep.findings;
}

/** Whether a blank cell of the column is missing, as a test of its row and the row's stage. */
type Requirement = (r: Row, stage: number) => boolean;

/**
 * The requirement of a column, null when never required. Built once per table; `listKeys` shares, between
 * the columns whose rule reads the same list column (SalesPlan's item type), the list key of the row asked about.
 */
function requirement(t: TableData, col: ColumnSchema, listKeys: Map<number, ListKeyOfRow>): Requirement | null {
  const req = col.required;
  if (!req) return null;
  if (req === true) return () => true;
  if ('stageFrom' in req) {
    const from = stageRank(req.stageFrom);
    return (_r, stage) => stage >= from;
  }
  if ('whenFilled' in req) {
    const i = colPos(t, req.whenFilled);
    return (r) => !isBlank(t.cells[r][i]);
  }
  const ci = colPos(t, req.when.column);
  const list = t.schema.columns[ci].list;
  const keys = req.when.in;
  if (!list) return () => false;
  let last = listKeys.get(ci);
  if (last === undefined) listKeys.set(ci, (last = { row: -1, key: undefined }));
  const of = last;
  return (r) => {
    if (of.row !== r) {
      of.row = r;
      of.key = findListItem(list, t.cells[r][ci])?.key;
    }
    return of.key !== undefined && keys.includes(of.key);
  };
}

/**
 * The list key of a condition column's cell in the last row asked about: a row's required cells ask in
 * turn, and a pass over the whole table to key every row cost more than the rows that ask.
 */
interface ListKeyOfRow {
  row: number;
  key: string | undefined;
}

/** The markets as the Markets table writes them (not their match keys), once each. */
function marketsAsWritten(T: WorkbookModel['tables']): string[] {
  const M = T.Markets;
  if (!M.snapshot || M.columnIndex[colPos(M, 'market')] < 0) return [];
  const seen = new Set<string>();
  const out: string[] = [];
  for (let iR = 0; iR < M.rows.length; iR++) {
    const r = M.rows[iR];
    const m = cell(M, r, 'market');
    if (typeof m !== 'string' || m.trim() === '') continue;
    const k = matchKey(m)!;
    if (!seen.has(k)) {
      seen.add(k);
      out.push(m);
    }
  }
  return out;
}

/** A checked column as the loops read it: plain records of one shape, not the schema's column objects. */
interface CellColumn {
  col: ColumnSchema;
  ci: number;
  key: string;
  type: ColumnSchema['type'];
  required: Requirement | null;
}

interface CellContext {
  c: Computed;
  hasPeople: boolean;
  isProjects: boolean;
  marketNames: string[];
}

/**
 * How the cell loop's fast path treats a column, decided once per table. String literals: the loop
 * compares them by identity, where an enum would be an object read per comparison (isolatedModules).
 * 'none': no fast path (a sponsor is also checked for naming an organisation).
 */
type Fast =
  | 'freeText'
  | 'text'
  | 'money'
  | 'signedMoney'
  | 'date'
  | 'percent'
  | 'number'
  | 'int'
  | 'list'
  | 'market'
  | 'yesNo'
  | 'person'
  | 'none';

function fastKind(t: TableData, { col, type, required }: Omit<CellColumn, 'ci' | 'key'>): Fast {
  switch (type) {
    case 'text':
      return required === null ? 'freeText' : 'text';
    case 'money':
      return 'money';
    case 'signedMoney':
      return 'signedMoney';
    case 'date':
      return 'date';
    case 'percent':
      return 'percent';
    case 'number':
      return 'number';
    case 'int':
      return 'int';
    case 'list':
      return col.listFromTable === 'Markets' ? 'market' : col.list ? 'list' : 'none';
    case 'yesno':
      return col.list ? 'yesNo' : 'none';
    case 'person':
      return t.schema.name === 'Projects' && col.key === 'sponsor' ? 'none' : 'person';
    default:
      return 'none';
  }
}

/** A table's checked columns as the cell loop reads them, made once per table. */
interface CellPlan {
  cols: CellColumn[];
  ctx: CellContext;
  bounds: Bound[];
  bFrom: Int32Array;
  bTo: Int32Array;
  bAtLeast: boolean[];
  pi: number;
  checksProject: boolean;
  pos: Int32Array;
  kind: Fast[];
  optional: boolean[];
  lists: (ReturnType<typeof listLookup> | undefined)[];
  mins: Float64Array;
  maxs: Float64Array;
  passed: (string | null)[];
}

interface Bound {
  col: ColumnSchema;
  ci: number;
  oi: number;
  atLeast: boolean;
}

/**
 * The set-up of checkCells, in a function of its own: its maps and filters see other shapes with each
 * table, and in the loop's function each new shape threw V8's optimized loop away.
 */
function cellPlan(T: WorkbookModel['tables'], t: TableData, c: Computed): CellPlan {
  // A Policy value is read by its key's kind (policy-invalid), not by the column's type.
  const listKeys = new Map<number, ListKeyOfRow>();
  const cols: CellColumn[] = t.schema.columns
    .map((col, ci) => ({ col, ci, key: col.key, type: col.type, required: requirement(t, col, listKeys) }))
    .filter(
      ({ col, ci }) =>
        col.type !== 'computed' && t.columnIndex[ci] >= 0 && !(t.schema.name === 'Policy' && col.key === 'value'),
    );
  const isProjects = t.schema.name === 'Projects';
  const ctx: CellContext = {
    c,
    hasPeople: c.people.size > 0,
    isProjects,
    marketNames: cols.some(({ col }) => col.listFromTable === 'Markets') ? marketsAsWritten(T) : [],
  };
  // Per table, not per row: the bounds between columns, and whether rows name a project.
  const bounds = cols
    .flatMap(({ col, ci }) => [
      ...(col.atLeastColumn ? [{ col, ci, oi: colPos(t, col.atLeastColumn), atLeast: true }] : []),
      ...(col.atMostColumn ? [{ col, ci, oi: colPos(t, col.atMostColumn), atLeast: false }] : []),
    ])
    .filter(({ oi }) => t.columnIndex[oi] >= 0);
  const bFrom = Int32Array.from(bounds, (b) => b.ci);
  const bTo = Int32Array.from(bounds, (b) => b.oi);
  const bAtLeast = packed(bounds, (b) => b.atLeast);
  const pi = t.schema.columns.some((x) => x.refersToProject) ? colPos(t, 'projectId') : -1;
  const checksProject = pi >= 0 && t.columnIndex[pi] >= 0;
  // The row loop reads plain arrays, one entry per checked column.
  // Typed arrays and arrays filled by push: one kind of array whatever made them, so the loop's optimized
  // code is not undone by the next table's (map() makes packed or holey arrays depending on its tier).
  const pos = Int32Array.from(cols, (x) => x.ci);
  const kind = packed(cols, (x) => fastKind(t, x));
  const optional = packed(cols, (x) => x.required === null);
  const lists = packed(cols, (x) => (x.col.list ? listLookup(x.col.list) : undefined));
  const mins = Float64Array.from(cols, (x) => x.col.min ?? -Infinity);
  const maxs = Float64Array.from(cols, (x) => x.col.max ?? Infinity);
  const passed = packed(cols, (): string | null => null);
  return { cols, ctx, bounds, bFrom, bTo, bAtLeast, pi, checksProject, pos, kind, optional, lists, mins, maxs, passed };
}

/**
 * Checks every input cell of a table (its first rowLimit rows, when given), row by row as a person reads
 * the sheet: each row's cells left to right, then its bounds, then its project reference. A fast path per
 * column kind passes the values that cannot be wrong; the rest get every rule of their column (checkCell).
 */
function checkCells(T: WorkbookModel['tables'], c: Computed, rowLimit = Infinity): Report[] {
  const { markets, people } = c;
  const rowOfProject = c.projectRowOf;
  const reports: Report[] = [];
  for (let iT = 0; iT < TABLES.length; iT++) {
    const rep = new Report();
    reports.push(rep);
    const t = T[TABLES[iT].name];
    if (!t.snapshot) continue;
    const {
      cols,
      ctx,
      bounds,
      bFrom,
      bTo,
      bAtLeast,
      pi,
      checksProject,
      pos,
      kind,
      optional,
      lists,
      mins,
      maxs,
      passed,
    } = cellPlan(T, t, c);
    const nc = cols.length;
    const isProjects = ctx.isProjects;
    const hasPeople = ctx.hasPeople;
    const rows = t.rows;
    const n = Math.min(rows.length, rowLimit);
    for (let i = 0; i < n; i++) {
      const r = rows[i];
      const values = t.cells[r];
      const stage = isProjects ? stageOf(t, r) : 0;
      for (let j = 0; j < nc; j++) {
        const v = values[pos[j]];
        const k = kind[j];
        // Fast paths: the values that cannot be wrong for the column's kind.
        // Empty: nothing, or the empty text a file's reader gives an absent cell.
        if (v === null || v === undefined || v === '') {
          if (optional[j] || !cols[j].required!(r, stage)) continue;
        } else if (typeof v === 'number') {
          if (v > -Infinity && v < Infinity) {
            if (k === 'money' ? v >= 0 : k === 'signedMoney') continue;
            if (k === 'date' ? v >= MIN_SERIAL && v <= MAX_SERIAL : k === 'percent' && v >= 0 && v <= 1) continue;
            if ((k === 'number' || (k === 'int' && Number.isInteger(v))) && v >= mins[j] && v <= maxs[j]) continue;
          }
        } else if (typeof v === 'string') {
          const c0 = v.charCodeAt(0);
          // Error values (#N/A) start with #; free text that no rule requires can be wrong only as one.
          if (c0 !== 35) {
            if (k === 'freeText') continue;
            if (k === 'text' && startsNonBlank(c0)) continue;
            // Lists, markets and people repeat down a column: the last value that passed needs no lookup.
            if (v === passed[j]) continue;
            if (
              k === 'list' || k === 'yesNo'
                ? lists[j]!.has(v)
                : k === 'market'
                  ? markets.has(matchKey(v) ?? '')
                  : k === 'person' && (hasPeople ? people.has(v) : startsNonBlank(c0))
            ) {
              passed[j] = v;
              continue;
            }
          }
        } else if (k === 'freeText' || (k === 'yesNo' && typeof v === 'boolean')) continue;
        checkCell(rep, t, r, stage, cols[j], v, ctx);
      }
      // Bounds against another column of the same row.
      for (let b = 0; b < bounds.length; b++) {
        const v = values[bFrom[b]];
        const o = values[bTo[b]];
        if (typeof v !== 'number' || typeof o !== 'number' || (bAtLeast[b] ? v >= o : v <= o)) continue;
        if (isNumber(v) && isNumber(o)) boundBroken(rep, t, r, bounds[b], v, o);
      }
      // References to Projects.
      if (checksProject) {
        const o = t.projectOf[r];
        if (o >= 0 && rowOfProject[o] >= 0) continue;
        const id = values[pi];
        if (isBlank(id)) continue;
        // "P-001 " is not "P-001" to SUMIFS either: say that the spaces are the cause.
        const trimmed = typeof id === 'string' ? id.trim() : null;
        // c.projectRows is made on first read: only here, for an unknown ID with spaces around it.
        const spaces = trimmed !== null && trimmed !== id && c.projectRows.has(matchKey(trimmed) ?? '');
        rep.add(
          'unknown-project',
          'error',
          t,
          r,
          'projectId',
          spaces
            ? {
                zh: `项目编号“${show(id)}”前后有多余空格，因此与项目信息表中的“${trimmed}”不匹配。请删除空格，改为“${trimmed}”。`,
                en: `Project ID "${show(id)}" has leading or trailing spaces, so it does not match "${trimmed}" in the Projects table. Remove the spaces: "${trimmed}".`,
              }
            : {
                zh: `项目编号“${show(id)}”在项目信息表中不存在。请更正编号，或先在项目信息表中登记该项目。`,
                en: `Project ID "${show(id)}" is not in the Projects table. Correct the ID, or register the project in Projects first.`,
              },
          { projectId: show(id) },
        );
      }
    }
  }
  return reports;
}

/** A cell that breaks its bound against another column of its row (Planned End before Planned Start). */
function boundBroken(
  rep: Report,
  t: TableData,
  r: Row,
  { col, oi, atLeast }: { col: ColumnSchema; oi: number; atLeast: boolean },
  v: number,
  o: number,
): void {
  const other = t.schema.columns[oi];
  const isDate = col.type === 'date';
  // A serial outside Excel's date range has no ISO form (and is already reported as out-of-range).
  const fmt = (x: number): string => (isDate && x >= MIN_SERIAL && x <= MAX_SERIAL ? isoFromSerial(x) : money(x));
  rep.add('out-of-range', 'error', t, r, col.key, {
    zh: `${h(col).zh}（${fmt(v)}）不能${atLeast ? '早于/小于' : '大于'}${h(other).zh}（${fmt(o)}）。请更正其中一项。`,
    en: `${h(col).en} (${fmt(v)}) cannot be ${atLeast ? (isDate ? 'before' : 'less than') : 'greater than'} ${h(other).en} (${fmt(o)}). Correct one of them.`,
  });
}

/** One input cell that the fast paths did not pass: every rule of its column's type. */
function checkCell(
  rep: Report,
  t: TableData,
  r: Row,
  stage: number,
  { col, key, type, required }: CellColumn,
  v: CellValue,
  { c, hasPeople, isProjects, marketNames }: CellContext,
): void {
  if (type === 'text' && required === null && !(typeof v === 'string' && v.charCodeAt(0) === 35)) return;
  if (isBlank(v)) {
    if (required === null || !required(r, stage)) return;
    if (isProjects && key === 'sponsor') {
      rep.add('sponsor-not-person', 'error', t, r, key, {
        zh: `项目已进入咨询阶段或之后，但没有项目发起人。请在${h(col).zh}填写一位具体负责的人员姓名（不能是部门或公章）。`,
        en: `The project is at the Consulting stage or later but has no sponsor. Enter the name of one accountable person in ${h(col).en} (not a department or a seal).`,
      });
    } else {
      rep.add('missing-value', 'error', t, r, key, {
        zh: `${h(col).zh}为必填项，请填写。`,
        en: `${h(col).en} is required; please fill it in.`,
      });
    }
    return;
  }
  if (isExcelError(v)) {
    rep.add('type-error', 'error', t, r, key, {
      zh: `${h(col).zh}显示错误值 ${v}。请检查该单元格的公式或重新输入数值。`,
      en: `${h(col).en} shows the error value ${v}. Check the cell's formula or re-enter the value.`,
    });
    return;
  }
  switch (type) {
    case 'money':
    case 'signedMoney':
      checkMoney(rep, t, r, col, v);
      break;
    case 'number':
    case 'int':
      if (!isNumber(v) || (col.type === 'int' && !Number.isInteger(v))) {
        rep.add('type-error', 'error', t, r, key, {
          zh: `${h(col).zh}应为${col.type === 'int' ? '整数' : '数字'}，现为“${show(v)}”。请输入数字。`,
          en: `${h(col).en} must be ${col.type === 'int' ? 'a whole number' : 'a number'}, not "${show(v)}". Enter a number.`,
        });
      } else if ((col.min !== undefined && v < col.min) || (col.max !== undefined && v > col.max)) {
        rep.add('out-of-range', 'error', t, r, key, {
          zh: `${h(col).zh}应在 ${col.min}–${col.max} 之间，现为 ${v}。`,
          en: `${h(col).en} must be between ${col.min} and ${col.max}; it is ${v}.`,
        });
      }
      break;
    case 'date':
      if (col.month && typeof v === 'string') checkMonthText(rep, t, r, col, v);
      else checkDate(rep, t, r, col, v);
      break;
    case 'percent':
      checkPercent(rep, t, r, col, v);
      break;
    case 'list':
    case 'yesno':
      checkList(rep, t, r, col, v, c, marketNames);
      break;
    case 'person':
      if (typeof v !== 'string') {
        rep.add('type-error', 'error', t, r, key, {
          zh: `${h(col).zh}应为人员姓名，现为“${show(v)}”。`,
          en: `${h(col).en} must be a person's name, not "${show(v)}".`,
        });
        break;
      }
      if (isProjects && key === 'sponsor' && namesOrganisation(v, c.people)) {
        const word = organisationWord(v);
        rep.add('sponsor-not-person', 'error', t, r, key, {
          zh: `项目发起人“${v}”以“${word}”结尾，是部门、公司或公章，而不是具体的人。请填写一位具体负责的人员姓名（如已在人员表中登记的姓名）。`,
          en: `The sponsor "${v}" ends in "${word}": it names a department, company or seal, not a person. Enter the name of one accountable person (such as a name listed in People).`,
        });
        break;
      }
      if (hasPeople && !c.people.has(v.trim())) {
        rep.add('unknown-person', 'warning', t, r, key, {
          zh: `${h(col).zh}中的“${v}”不在“设置”工作表的人员表中。请检查姓名拼写，或把此人加入人员表并设置角色。`,
          en: `"${v}" in ${h(col).en} is not in the People table on the Settings sheet. Check the spelling, or add the person to People with a role.`,
        });
      }
      break;
    default:
      break;
  }
}

function checkMoney(rep: Report, t: TableData, r: Row, col: ColumnSchema, v: CellValue): void {
  if (isNumber(v)) {
    if (col.type === 'money' && v < 0) {
      rep.add('out-of-range', 'error', t, r, col.key, {
        zh: `${h(col).zh}不能为负数（现为 ${money(v)}）。`,
        en: `${h(col).en} cannot be negative (it is ${money(v)}).`,
      });
    }
    return;
  }
  if (typeof v === 'string') {
    const amount = parseAmountText(v);
    if (amount !== null) {
      rep.add(
        'amount-as-text',
        'error',
        t,
        r,
        col.key,
        {
          zh: `${h(col).zh}是文本“${v}”，公式不会把它计入合计。它应表示 ${money(amount)}，可一键改为该数字。`,
          en: `${h(col).en} holds the text "${v}", which formulas do not add up. It reads as ${money(amount)}; fix it to write that number.`,
        },
        { fixValue: amount, fixFrom: v },
      );
      return;
    }
  }
  rep.add('type-error', 'error', t, r, col.key, {
    zh: `${h(col).zh}应为金额（数字），现为“${show(v)}”。请输入数字，例如 120000。`,
    en: `${h(col).en} must be an amount (a number), not "${show(v)}". Enter a number such as 120000.`,
  });
}

function checkDate(rep: Report, t: TableData, r: Row, col: ColumnSchema, v: CellValue): void {
  if (isNumber(v)) {
    if (v < MIN_SERIAL || v > MAX_SERIAL) {
      rep.add('out-of-range', 'error', t, r, col.key, {
        zh: `${h(col).zh}的值 ${v} 不是有效日期。请按 yyyy-mm-dd 输入日期。`,
        en: `${h(col).en} holds ${v}, which is not a valid date. Enter a date as yyyy-mm-dd.`,
      });
    }
    return;
  }
  const asDate = typeof v === 'string' ? dateFromText(v) : null;
  rep.add(
    'type-error',
    'error',
    t,
    r,
    col.key,
    asDate !== null
      ? {
          zh: `${h(col).zh}是文本“${show(v)}”而不是日期。请重新输入为日期 ${isoFromSerial(asDate)}（单元格格式为日期）。`,
          en: `${h(col).en} holds the text "${show(v)}", not a date. Re-enter it as the date ${isoFromSerial(asDate)} (a date-formatted cell).`,
        }
      : {
          zh: `${h(col).zh}应为日期，现为“${show(v)}”。请按 yyyy-mm-dd 输入日期。`,
          en: `${h(col).en} must be a date, not "${show(v)}". Enter a date as yyyy-mm-dd.`,
        },
  );
}

const marketAsWritten = (markets: string[], key: string): string | undefined => {
  for (const m of markets) if (matchKey(m) === key) return m;
  return undefined;
};

function marketList(markets: string[], lang: 'zh' | 'en'): string {
  const shown = markets.slice(0, 8).join(lang === 'zh' ? '、' : ', ');
  return markets.length > 8 ? `${shown}${lang === 'zh' ? '等' : ', …'}` : shown;
}

function checkList(
  rep: Report,
  t: TableData,
  r: Row,
  col: ColumnSchema,
  v: CellValue,
  c: Computed,
  markets: string[],
): void {
  if (col.listFromTable === 'Markets') {
    const k = typeof v === 'string' ? matchKey(v) : null;
    if (k !== null && c.markets.has(k)) return;
    const tk = typeof v === 'string' ? matchKey(v.trim()) : null;
    if (tk !== null && c.markets.has(tk)) {
      // Shown as the Markets table writes it.
      const name = marketAsWritten(markets, tk) ?? String(v).trim();
      rep.add('not-in-list', 'error', t, r, col.key, {
        zh: `市场“${show(v)}”前后有多余空格，因此与市场权重表中的“${name}”不匹配。请改为“${name}”。`,
        en: `Market "${show(v)}" has leading or trailing spaces, so it does not match "${name}" in the Markets table. Change it to "${name}".`,
      });
      return;
    }
    rep.add('not-in-list', 'error', t, r, col.key, {
      zh: `市场“${show(v)}”不在“设置”工作表的市场权重表中，因此无法评定重要性等级。请从下拉列表中选择市场（${marketList(markets, 'zh')}），或把该市场加入市场权重表。`,
      en: `Market "${show(v)}" is not in the Markets table on the Settings sheet, so no grade can be set. Pick a market from the dropdown (${marketList(markets, 'en')}), or add it to Markets.`,
    });
    return;
  }
  const list = col.list!;
  if (col.type === 'yesno' && typeof v === 'boolean') return;
  if (findListItem(list, v)) return;
  const trimmed = typeof v === 'string' ? findListItem(list, v.trim()) : undefined;
  // The list's own spelling of the value, in the language the value was typed in ("consulting " → "Consulting").
  const label = trimmed ? (String(v).trim().toLowerCase() === trimmed.en.toLowerCase() ? trimmed.en : trimmed.zh) : '';
  rep.add(
    'not-in-list',
    'error',
    t,
    r,
    col.key,
    trimmed
      ? {
          zh: `${h(col).zh}的“${show(v)}”前后有多余空格，因此不是可选值。请改为“${label}”。`,
          en: `${h(col).en} "${show(v)}" has leading or trailing spaces, so it is not an allowed value. Change it to "${label}".`,
        }
      : {
          zh: `${h(col).zh}的“${show(v)}”不是可选值。请从下拉列表中选择：${allowed(list, 'zh')}。`,
          en: `${h(col).en} "${show(v)}" is not an allowed value. Pick one from the dropdown: ${allowed(list, 'en')}.`,
        },
  );
}

/** A row that repeats a key, and the row that had the key first. */
type Repeat = { row: Row; first: Row };
/** What a key is unique within: a project's number, another column's key, or null for the whole table. */
type Group = string | number | null;

/** Repeated keys by a map per group: any order of rows. */
function repeatsByMap(rows: readonly Row[], keyOf: (r: Row) => string | null, groupOf: (r: Row) => Group): Repeat[] {
  const out: Repeat[] = [];
  const groups = new Map<Group, Map<string, Row>>();
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const k = keyOf(r);
    if (k === null) continue;
    const g = groupOf(r);
    let seen = groups.get(g);
    if (!seen) groups.set(g, (seen = new Map()));
    const first = seen.get(k);
    if (first !== undefined) out.push({ row: r, first });
    else seen.set(k, r);
  }
  return out;
}

/**
 * The rows that repeat a key within their group, in row order. A group (a project's milestones) usually
 * comes as one run of consecutive rows: a run's keys are scanned, with no map per group. When a group comes
 * back after another, the rows are not in runs, and a map per group does it all from the start.
 */
function repeats(rows: readonly Row[], keyOf: (r: Row) => string | null, groupOf: (r: Row) => Group): Repeat[] {
  const out: Repeat[] = [];
  const done = new Set<Group>();
  let group: Group | undefined = undefined;
  // The run's keys and first rows: the first `nk` entries (the arrays are reused, not truncated, run to run).
  const keys: string[] = [];
  const firsts: Row[] = [];
  let nk = 0;
  // A long run (one project with hundreds of milestones) switches to a map: no quadratic scan.
  let runMap: Map<string, Row> | null = null;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const k = keyOf(r);
    if (k === null) continue;
    const g = groupOf(r);
    if (g !== group) {
      if (done.has(g)) return repeatsByMap(rows, keyOf, groupOf);
      if (group !== undefined) done.add(group);
      group = g;
      nk = 0;
      runMap = null;
    }
    if (runMap) {
      const first = runMap.get(k);
      if (first !== undefined) out.push({ row: r, first });
      else runMap.set(k, r);
      continue;
    }
    let j = 0;
    while (j < nk && keys[j] !== k) j++;
    if (j < nk) {
      out.push({ row: r, first: firsts[j] });
      continue;
    }
    keys[nk] = k;
    firsts[nk] = r;
    nk++;
    if (nk > 32) {
      runMap = new Map();
      for (let x = 0; x < nk; x++) runMap.set(keys[x], firsts[x]);
    }
  }
  return out;
}

/** Rows that repeat a Project ID, found by project number: an array, where a map by key would be hashed. */
function repeatedProjects(t: TableData, projectCount: number): Repeat[] {
  const out: Repeat[] = [];
  const first = new Int32Array(projectCount).fill(-1);
  for (let i = 0; i < t.rows.length; i++) {
    const r = t.rows[i];
    const o = t.projectOf[r];
    if (o < 0) continue;
    if (first[o] >= 0) out.push({ row: r, first: first[o] as Row });
    else first[o] = r;
  }
  return out;
}

function checkUnique(rep: Report, t: TableData, projectCount: number): void {
  for (const col of t.schema.columns) {
    if (!col.unique) continue;
    const ci = colPos(t, col.key);
    if (t.columnIndex[ci] < 0) continue;
    const gi = col.uniqueWithin ? colPos(t, col.uniqueWithin) : -1;
    const keyOf = (r: Row) => matchKey(t.cells[r][ci]);
    // Ungrouped keys are one group; a grouped key's group is usually its project (by number; -1 for none).
    const groupOf =
      gi < 0
        ? () => null
        : col.uniqueWithin === 'projectId'
          ? (r: Row) => t.projectOf[r]
          : (r: Row) => matchKey(t.cells[r][gi]);
    const found =
      col.key === 'projectId' && gi < 0
        ? repeatedProjects(t, projectCount)
        : gi < 0
          ? repeatsByMap(t.rows, keyOf, groupOf)
          : repeats(t.rows, keyOf, groupOf);
    for (const { row: r, first } of found) {
      const firstAddr = cellAddress(t, first, col.key);
      rep.add(
        'duplicate-key',
        'error',
        t,
        r,
        col.key,
        col.uniqueWithin
          ? {
              zh: `同一项目下的${h(col).zh}“${show(t.cells[r][ci])}”重复（首次出现在 ${firstAddr}）。请为每个里程碑使用不同的名称。`,
              en: `${h(col).en} "${show(t.cells[r][ci])}" repeats within its project (first at ${firstAddr}). Give each milestone its own name.`,
            }
          : {
              zh: `${h(col).zh}“${show(t.cells[r][ci])}”重复（首次出现在 ${firstAddr}）。每个编号只能出现一次，请改用新的编号。`,
              en: `${h(col).en} "${show(t.cells[r][ci])}" repeats (first at ${firstAddr}). Each ID may appear once; use a new ID.`,
            },
      );
    }
  }
}

/** The parts of a sales plan (spec §3) that none of a project's SalesPlan rows is. */
function missingPlanParts(found: number): readonly string[] {
  return found === 15 ? NO_PARTS : PLAN_PARTS.filter((_, i) => (found & (1 << i)) === 0);
}
const NO_PARTS: readonly string[] = [];

function checkProjects(rep: Report, model: WorkbookModel, c: Computed): void {
  const P = model.tables.Projects;
  if (!P.snapshot) return;
  const p = c.policy;
  for (let iP = 0; iP < c.projects.length; iP++) {
    const { row: r, metrics: m } = c.projects[iP];
    if (!m.projectId) continue;
    const extra = { projectId: m.projectId };
    const stage = stageRank(findListItem('Stages', cell(P, r, 'stage'))?.key);
    const status = findListItem('Statuses', cell(P, r, 'status'))?.key;
    const a = projectAt(c.aggregateAt, P.projectOf[r]);
    const sponsor = cell(P, r, 'sponsor');
    if (m.grade && typeof sponsor === 'string' && !namesOrganisation(sponsor, c.people)) {
      const person = c.people.get(sponsor.trim());
      const need = sponsorMinRank(m.grade, p);
      if (person && person.rank !== null && person.rank < need) {
        const needRole = LISTS.Roles.find((x) => x.rank === need);
        const hasRole = LISTS.Roles.find((x) => x.rank === person.rank);
        rep.add(
          'sponsor-role-too-low',
          'warning',
          P,
          r,
          'sponsor',
          {
            zh: `${m.grade} 级项目的发起人至少应为${needRole?.zh ?? `级别 ${need}`}，而“${sponsor}”是${hasRole?.zh ?? `级别 ${person.rank}`}。请更换发起人，或确认人员表中的角色。`,
            en: `A grade ${m.grade} project needs a sponsor of at least ${needRole?.en ?? `rank ${need}`}; "${sponsor}" is ${hasRole?.en ?? `rank ${person.rank}`}. Choose another sponsor or correct the role in People.`,
          },
          extra,
        );
      }
      if (person && !person.active) {
        rep.add(
          'inactive-person',
          'warning',
          P,
          r,
          'sponsor',
          {
            zh: `发起人“${sponsor}”在人员表中标记为不在职。请指定一位在职的发起人。`,
            en: `Sponsor "${sponsor}" is marked inactive in People. Name an active sponsor.`,
          },
          extra,
        );
      }
    }
    if (stage >= stageRank('consulting')) {
      if (!a || a.taskRows.length === 0) {
        rep.add(
          'no-milestones',
          'error',
          P,
          r,
          'projectId',
          {
            zh: `项目 ${m.projectId} 已进入咨询阶段或之后，但任务书中没有里程碑。请在任务书中为它设置里程碑及计划费用。`,
            en: `Project ${m.projectId} is at the Consulting stage or later but has no milestones in the TaskBook. Add its milestones with planned costs there.`,
          },
          extra,
        );
      }
      const SP = model.tables.SalesPlan;
      if (SP.snapshot) {
        const missing = missingPlanParts(a?.planParts ?? 0);
        if (missing.length > 0) {
          const names = (lang: 'zh' | 'en'): string =>
            missing.map((k) => LISTS.PlanItemTypes.find((x) => x.key === k)![lang]).join(lang === 'zh' ? '、' : ', ');
          rep.add(
            'plan-incomplete',
            'warning',
            P,
            r,
            'projectId',
            {
              zh: `项目 ${m.projectId} 的销售策划案缺少：${names('zh')}。请在销售策划案中补充。`,
              en: `The sales plan of project ${m.projectId} lacks: ${names('en')}. Add them in SalesPlan.`,
            },
            extra,
          );
        }
      }
    }
    if (m.budgetCap !== null && m.plannedCost !== null && m.plannedCost > m.budgetCap) {
      rep.add(
        'over-budget-cap',
        'error',
        P,
        r,
        'plannedCost',
        {
          zh: `计划费用 ${money(m.plannedCost)} 超过售前费用额度 ${money(m.budgetCap)}（${m.grade} 级，预计毛利额 × ${pct(feeOf(m.grade!, c))}）。请压缩任务书中的计划费用，或报企业领导审批。`,
          en: `Planned cost ${money(m.plannedCost)} exceeds the pre-sales budget cap ${money(m.budgetCap)} (grade ${m.grade}, est. gross margin × ${pct(feeOf(m.grade!, c))}). Reduce the TaskBook's planned costs or get leadership approval.`,
        },
        extra,
      );
    }
    if (m.escalation === 'adjustment' || m.escalation === 'leadership') {
      const plan = (m.plannedCost ?? 0) + (m.approvedAdjustments ?? 0);
      const why: Text[] = [];
      if ((m.overrun ?? 0) > 0)
        why.push({
          zh: `超支 ${money(m.overrun!)}（${pct(m.overrunPct!)}）`,
          en: `overrun ${money(m.overrun!)} (${pct(m.overrunPct!)})`,
        });
      if ((m.slipDays ?? 0) > 0)
        why.push({ zh: `未批准延期 ${m.slipDays} 天`, en: `unapproved slip of ${m.slipDays} days` });
      if (m.budgetCap !== null && (m.plannedCost ?? 0) > m.budgetCap)
        why.push({ zh: '计划费用超过额度', en: 'planned cost above the cap' });
      let z = '';
      let e = '';
      for (let w = 0; w < why.length; w++) {
        z += (w > 0 ? '，' : '') + why[w].zh;
        e += (w > 0 ? ', ' : '') + why[w].en;
      }
      void plan;
      if (m.escalation === 'leadership') {
        rep.add(
          'overrun-needs-approval',
          'error',
          P,
          r,
          'escalation',
          {
            zh: `项目 ${m.projectId}：${z}，超过公司限度，须报企业领导审批。请填写任务书调整表并提交企业领导。`,
            en: `Project ${m.projectId}: ${e}, beyond the company's limits; it needs leadership approval. File an adjustment (Adjustments) for leadership.`,
          },
          extra,
        );
      } else {
        rep.add(
          'overrun-needs-approval',
          'warning',
          P,
          r,
          'escalation',
          {
            zh: `项目 ${m.projectId}：${z}。请填写任务书调整表，经发起人确认后报总经理或销售总监审批。`,
            en: `Project ${m.projectId}: ${e}. File an adjustment (Adjustments), have the sponsor confirm it, and get GM or Sales Director approval.`,
          },
          extra,
        );
      }
    }
    // Spec §4: whatever the escalation (a slipped or over-cap project still spends), 80% used with a milestone open.
    if (a) {
      const plan = a.planned + a.approvedCost;
      if (plan > 0 && a.actual >= p.BudgetWarnPct * plan && a.open > 0) {
        rep.add(
          'budget-warning',
          'warning',
          P,
          r,
          'actualCost',
          {
            zh: `项目 ${m.projectId} 已使用当前计划费用的 ${pct(a.actual / plan)}（${money(a.actual)} / ${money(plan)}），仍有未完成的里程碑。${a.actual > plan ? '费用已超出计划，请控制费用并填写任务书调整表。' : '请控制费用，必要时提前申请调整。'}`,
            en: `Project ${m.projectId} has used ${pct(a.actual / plan)} of its current plan (${money(a.actual)} of ${money(plan)}) with milestones still open. ${a.actual > plan ? 'It is over the plan: control spending and file an adjustment (Adjustments).' : 'Control spending, or request an adjustment early.'}`,
          },
          extra,
        );
      }
    }
    if (status === 'terminated') {
      const TE = model.tables.Terminations;
      const approved = (a?.terminationRows ?? []).some(
        (tr) => findListItem('Decisions', cell(TE, tr, 'decision'))?.key === 'approved',
      );
      if (!approved) {
        rep.add(
          'termination-unapproved',
          'error',
          P,
          r,
          'status',
          {
            zh: `项目 ${m.projectId} 状态为“已终止”，但没有获批的终止申请。请在终止申请和审批表中提交申请并完成审批，或更正项目状态。`,
            en: `Project ${m.projectId} is Terminated without an approved termination request. File and approve one in Terminations, or correct the status.`,
          },
          extra,
        );
      }
    }
    if (status === 'won' || status === 'lost' || status === 'terminated') {
      if (!a || a.summaryRows.length === 0) {
        rep.add(
          'summary-missing',
          'warning',
          P,
          r,
          'status',
          {
            zh: `项目 ${m.projectId} 已结束（${LISTS.Statuses.find((s) => s.key === status)!.zh}），但还没有项目总结报告。请召开总结会并在项目总结报告中填写。`,
            en: `Project ${m.projectId} has ended (${LISTS.Statuses.find((s) => s.key === status)!.en}) but has no summary report. Hold the review and fill in Summaries.`,
          },
          extra,
        );
      }
    }
    if (status === 'active') {
      const SP = model.tables.SalesPlan;
      const triggered = a?.exitTriggered ?? undefined;
      if (triggered !== undefined && (a?.terminationRows.length ?? 0) === 0) {
        rep.add(
          'exit-criterion-triggered',
          'warning',
          SP,
          triggered,
          'triggered',
          {
            zh: `项目 ${m.projectId} 的撤出标准已触发，但项目仍在进行中且没有终止申请。请召开项目分析会，决定是否在终止申请审批表中提交终止申请。`,
            en: `An exit criterion of project ${m.projectId} is triggered, yet the project is active with no termination request. Hold a war-room review and decide whether to file one in Terminations.`,
          },
          extra,
        );
      }
    }
  }
}

const feeOf = (g: 'A' | 'B' | 'C' | 'D', c: Computed): number =>
  ({ A: c.policy.FeeRatioA, B: c.policy.FeeRatioB, C: c.policy.FeeRatioC, D: c.policy.FeeRatioD })[g];

function checkApprover(
  rep: Report,
  t: TableData,
  r: Row,
  need: number,
  level: Text,
  c: Computed,
  projectId: string,
): void {
  const approver = cell(t, r, 'approver');
  if (typeof approver !== 'string') return;
  const person = c.people.get(approver.trim());
  if (!person || person.rank === null || person.rank >= need) return;
  const role = LISTS.Roles.find((x) => x.rank === person.rank);
  rep.add(
    'approval-level-too-low',
    'error',
    t,
    r,
    'approver',
    {
      zh: `审批人“${approver}”（${role?.zh ?? person.rank}）级别不足：此项须${level.zh}审批。请由具备相应级别的人员重新审批。`,
      en: `Approver "${approver}" (${role?.en ?? person.rank}) is below the required level: this needs ${level.en} approval. Have someone of that level decide it.`,
    },
    { projectId },
  );
}

function checkAdjustments(rep: Report, model: WorkbookModel, c: Computed): void {
  const A = model.tables.Adjustments;
  const TB = model.tables.TaskBook;
  if (!A.snapshot) return;
  const tbMilestone = TB.snapshot ? colPos(TB, 'milestone') : -1;
  // Whether the project's TaskBook rows (its aggregate's) name the milestone, as SUMIFS would match it.
  const hasMilestone = (taskRows: readonly Row[], ms: CellValue): boolean => {
    const k = matchKey(ms);
    for (const tr of taskRows) if (matchKey(TB.cells[tr][tbMilestone]) === k) return true;
    return false;
  };
  for (let iR = 0; iR < A.rows.length; iR++) {
    const r = A.rows[iR];
    const id = cell(A, r, 'projectId');
    const projectId = show(id);
    const ms = cell(A, r, 'milestone');
    const taskRows = projectAt(c.aggregateAt, A.projectOf[r])?.taskRows;
    if (!isBlank(id) && !isBlank(ms) && taskRows !== undefined) {
      if (TB.snapshot && !hasMilestone(taskRows, ms)) {
        rep.add(
          'unknown-milestone',
          'error',
          A,
          r,
          'milestone',
          {
            zh: `里程碑“${show(ms)}”不在项目 ${projectId} 的任务书中。请选择该项目任务书中已有的里程碑。`,
            en: `Milestone "${show(ms)}" is not in the TaskBook of project ${projectId}. Use one of that project's TaskBook milestones.`,
          },
          { projectId },
        );
      }
    }
    if (findListItem('Decisions', cell(A, r, 'decision'))?.key !== 'approved') continue;
    const confirmed = cell(A, r, 'sponsorConfirmed');
    if (!(confirmed === true || findListItem('YesNo', confirmed)?.key === 'yes')) {
      rep.add(
        'approved-without-sponsor',
        'error',
        A,
        r,
        'sponsorConfirmed',
        {
          zh: `调整单已批准，但发起人尚未确认。流程要求先由项目发起人确认，再报审批；请补充发起人确认。`,
          en: `The adjustment is approved but the sponsor has not confirmed it. The sponsor must confirm before approval; record the sponsor's confirmation.`,
        },
        { projectId },
      );
    }
    const level = c.adjustments.get(r)?.requiredApproval;
    if (!level) continue;
    const need = level === 'leadership' ? c.policy.LeadApproverRank : c.policy.AdjApproverRank;
    const label = LISTS.Approvals.find((x) => x.key === level)!;
    checkApprover(rep, A, r, need, label, c, projectId);
  }
}

function checkTerminationsAndSummaries(rep: Report, model: WorkbookModel, c: Computed): void {
  const TE = model.tables.Terminations;
  if (TE.snapshot) {
    for (let iR = 0; iR < TE.rows.length; iR++) {
      const r = TE.rows[iR];
      if (findListItem('Decisions', cell(TE, r, 'decision'))?.key !== 'approved') continue;
      const need = c.policy.TerminationApproverRank;
      const role = LISTS.Roles.find((x) => x.rank === need);
      checkApprover(
        rep,
        TE,
        r,
        need,
        { zh: role?.zh ?? String(need), en: role?.en ?? String(need) },
        c,
        show(cell(TE, r, 'projectId')),
      );
    }
  }
  const SU = model.tables.Summaries;
  const P = model.tables.Projects;
  if (!SU.snapshot || !P.snapshot) return;
  for (let iR = 0; iR < SU.rows.length; iR++) {
    const r = SU.rows[iR];
    const pr = projectRowAt(c, SU.projectOf[r]);
    if (pr === undefined) continue;
    const outcome = findListItem('Outcomes', cell(SU, r, 'outcome'))?.key;
    const status = findListItem('Statuses', cell(P, pr, 'status'))?.key;
    if (!outcome || !status) continue;
    if (outcome !== status) {
      const st = LISTS.Statuses.find((s) => s.key === status)!;
      const oc = LISTS.Outcomes.find((s) => s.key === outcome)!;
      rep.add(
        'outcome-mismatch',
        'error',
        SU,
        r,
        'outcome',
        {
          zh: `总结报告的项目结果“${oc.zh}”与项目状态“${st.zh}”不符。请更正项目结果或项目信息表中的状态。`,
          en: `The summary's outcome "${oc.en}" contradicts the project's status "${st.en}". Correct the outcome or the status in Projects.`,
        },
        { projectId: show(cell(SU, r, 'projectId')) },
      );
    }
  }
}

function checkFormulas(rep: Report, model: WorkbookModel): void {
  for (const schema of TABLES) {
    const t = model.tables[schema.name as TableName];
    const formulas = t.snapshot?.formulas;
    if (!formulas) continue;
    for (let ci = 0; ci < schema.columns.length; ci++) {
      const col = schema.columns[ci];
      const si = t.columnIndex[ci];
      if (col.type !== 'computed' || si < 0) continue;
      for (let iR = 0; iR < t.rows.length; iR++) {
        const r = t.rows[iR];
        const f = formulas[r]?.[si];
        if (typeof f === 'string' && f.charCodeAt(0) === 61 /* = */) continue;
        rep.add('formula-overwritten', 'warning', t, r, col.key, {
          zh: `${h(col).zh}应由公式自动计算，但此单元格的公式被改成了“${show(t.cells[r][ci])}”。请在“工作簿”页点击“修复工作簿”恢复公式。`,
          en: `${h(col).en} is computed by a formula, but this cell's formula was replaced by "${show(t.cells[r][ci])}". Choose Repair workbook on the Workbook page to restore it.`,
        });
      }
    }
  }
}

/** What each kind of Policy value must be, for the messages. */
const POLICY_KIND: Record<string, Text> = {
  money: { zh: '金额（不小于 0 的数字，如 5000000）', en: 'an amount in CNY (a number ≥ 0, such as 5000000)' },
  ratio: { zh: '0–1 之间的比例（如 0.05 或 5%）', en: 'a ratio between 0 and 1 (such as 0.05 or 5%)' },
  number: { zh: '不小于 0 的数字', en: 'a number ≥ 0' },
  days: { zh: '不小于 0 的整数天数', en: 'a whole number of days ≥ 0' },
  rank: {
    zh: '1（销售经理）到 5（企业领导）之间的角色级别',
    en: 'a role rank from 1 (Sales Manager) to 5 (Leadership)',
  },
  date: { zh: '日期（yyyy-mm-dd），或留空表示今天', en: 'a date (yyyy-mm-dd), or empty for today' },
};

function policyShow(e: PolicyEntry, x: number | null): Text {
  if (x === null) return e.kind === 'date' ? { zh: '今天', en: 'today' } : { zh: '（空）', en: '(empty)' };
  switch (e.kind) {
    case 'ratio':
      return {
        zh: `${x}（${Number((x * 100).toPrecision(12))}%）`,
        en: `${x} (${Number((x * 100).toPrecision(12))}%)`,
      };
    case 'money':
      return { zh: money(x), en: money(x) };
    case 'date':
      return x >= MIN_SERIAL && x <= MAX_SERIAL
        ? { zh: isoFromSerial(x), en: isoFromSerial(x) }
        : { zh: String(x), en: String(x) };
    case 'rank': {
      const role = LISTS.Roles.find((r) => r.rank === x);
      return role ? { zh: `${x}（${role.zh}）`, en: `${x} (${role.en})` } : { zh: String(x), en: String(x) };
    }
    default:
      return { zh: String(x), en: String(x) };
  }
}

/** policy-invalid: a Policy value that is not a number of its kind; the engine uses the default and says so. */
function checkPolicy(rep: Report, model: WorkbookModel, c: Computed): void {
  const t = model.tables.Policy;
  for (const issue of c.policyIssues) {
    const { entry: e, reading, value } = issue;
    const kind = POLICY_KIND[e.kind] ?? { zh: '数字', en: 'a number' };
    const def = policyShow(e, e.default);
    const shown = show(value);
    let what: Text;
    if (reading.problem === 'blank') {
      what = {
        zh: `政策参数 ${e.key} 为空，表格中的公式会把它当作 0。请填写${kind.zh}。`,
        en: `Policy ${e.key} is empty, which the sheet's formulas read as 0. Enter ${kind.en}.`,
      };
    } else if (reading.problem === 'range') {
      const hint: Text =
        e.kind === 'ratio' && reading.read! > 1 && reading.read! <= 100
          ? {
              zh: `（若指 ${reading.read}%，请填写 ${Number((reading.read! / 100).toPrecision(12))}）`,
              en: ` (for ${reading.read}%, enter ${Number((reading.read! / 100).toPrecision(12))})`,
            }
          : { zh: '', en: '' };
      what = {
        zh: `政策参数 ${e.key} 的值 ${shown} 无效：应为${kind.zh}${hint.zh}。`,
        en: `Policy ${e.key} holds ${shown}, which is not valid: it must be ${kind.en}${hint.en}.`,
      };
    } else if (reading.fix !== undefined) {
      const fix = policyShow(e, reading.fix);
      what = {
        zh: `政策参数 ${e.key} 是文本“${shown}”，公式不会把它当作数字。它应表示 ${fix.zh}，可一键改为数字 ${reading.fix}。`,
        en: `Policy ${e.key} holds the text "${shown}", which formulas do not read as a number. It reads as ${fix.en}; fix it to write the number ${reading.fix}.`,
      };
    } else if (
      reading.read !== undefined &&
      e.kind === 'date' &&
      reading.read >= MIN_SERIAL &&
      reading.read <= MAX_SERIAL
    ) {
      what = {
        zh: `政策参数 ${e.key} 是文本“${shown}”而不是日期。请重新输入为日期 ${isoFromSerial(reading.read)}（单元格格式为日期）。`,
        en: `Policy ${e.key} holds the text "${shown}", not a date. Re-enter it as the date ${isoFromSerial(reading.read)} (a date-formatted cell).`,
      };
    } else if (reading.read !== undefined) {
      what = {
        zh: `政策参数 ${e.key} 是文本“${shown}”，读作 ${reading.read}，但应为${kind.zh}。`,
        en: `Policy ${e.key} holds the text "${shown}", which reads as ${reading.read}, but it must be ${kind.en}.`,
      };
    } else {
      what = {
        zh: `政策参数 ${e.key} 的值“${shown}”无法识别：应为${kind.zh}。`,
        en: `Policy ${e.key} holds "${shown}", which cannot be read: it must be ${kind.en}.`,
      };
    }
    const message: Text = {
      zh: `${what.zh}在更正之前，检查使用默认值 ${def.zh}。`,
      en: `${what.en} Until it is corrected, the check uses the default ${def.en}.`,
    };
    const fix = reading.fix !== undefined && typeof value === 'string' ? { fixValue: reading.fix, fixFrom: value } : {};
    rep.add('policy-invalid', 'error', t, issue.row, 'value', message, fix);
  }
}

/** id-has-wildcard: SUMIFS/COUNTIFS read * ? ~ in a criterion as wildcards, so the sheet would add up other projects' rows. */
const WILDCARD = /[*?~]/;

function checkWildcards(rep: Report, model: WorkbookModel): void {
  const P = model.tables.Projects;
  const pi = colPos(P, 'projectId');
  if (!P.snapshot || P.columnIndex[pi] < 0) return;
  for (let iR = 0; iR < P.rows.length; iR++) {
    const r = P.rows[iR];
    const id = P.cells[r][pi];
    if (typeof id !== 'string' || !WILDCARD.test(id)) continue;
    const chars = [...new Set(id.match(/[*?~]/g))];
    const list = chars.map((ch) => `“${ch}”`).join('、');
    const listEn = chars.map((ch) => `"${ch}"`).join(', ');
    rep.add('id-has-wildcard', 'error', P, r, 'projectId', {
      zh: `项目编号“${id}”含有${list}。Excel 的 SUMIFS/COUNTIFS 会把 * ? ~ 当作通配符，表格会把其他项目的行也算进来。请把它改成其他字符（如 -），并同步修改其他表中该项目的编号。`,
      en: `Project ID "${id}" contains ${listEn}, which Excel's SUMIFS/COUNTIFS read as wildcards (* ? ~), so the sheet would add up other projects' rows. Replace it with another character (such as -), here and in the project's rows of the other tables.`,
    });
  }
}
