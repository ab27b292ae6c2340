import { columnLetter } from './address';
import { Lang, Text } from './i18n';
import { DROPDOWN_LISTS, LISTS, ListName } from './lists';
import { policyName } from './policy';
import { ColumnSchema, DisplayFormat, TABLE_BY_NAME, TableName, TableSchema } from './schema';

/**
 * Where everything goes in the workbook, in one place for the add-in's set-up and for `presales template`
 * (which is that same set-up run against the in-memory host).
 */
export interface TablePlacement {
  table: TableName;
  /** 0-based position of the header's first cell on its sheet. */
  row: number;
  col: number;
}

export interface SheetPlan {
  key:
    | 'projects'
    | 'salesPlan'
    | 'taskBook'
    | 'adjustments'
    | 'terminations'
    | 'summaries'
    | 'monthlyReports'
    | 'warRoom'
    | 'settings'
    | 'lists';
  name: Text;
  tables: TablePlacement[];
  tabColor?: string;
}

export const LISTS_SHEET: Text = { zh: '列表', en: 'Lists' };
export const REVIEW_SHEET: Text = { zh: '复核', en: 'Review' };

export const SHEETS: readonly SheetPlan[] = [
  {
    key: 'projects',
    name: TABLE_BY_NAME.Projects.sheet,
    tables: [{ table: 'Projects', row: 0, col: 0 }],
    tabColor: '#217346',
  },
  { key: 'salesPlan', name: TABLE_BY_NAME.SalesPlan.sheet, tables: [{ table: 'SalesPlan', row: 0, col: 0 }] },
  { key: 'taskBook', name: TABLE_BY_NAME.TaskBook.sheet, tables: [{ table: 'TaskBook', row: 0, col: 0 }] },
  { key: 'adjustments', name: TABLE_BY_NAME.Adjustments.sheet, tables: [{ table: 'Adjustments', row: 0, col: 0 }] },
  { key: 'terminations', name: TABLE_BY_NAME.Terminations.sheet, tables: [{ table: 'Terminations', row: 0, col: 0 }] },
  { key: 'summaries', name: TABLE_BY_NAME.Summaries.sheet, tables: [{ table: 'Summaries', row: 0, col: 0 }] },
  {
    key: 'monthlyReports',
    name: TABLE_BY_NAME.MonthlyReports.sheet,
    tables: [{ table: 'MonthlyReports', row: 0, col: 0 }],
  },
  { key: 'warRoom', name: TABLE_BY_NAME.WarRoom.sheet, tables: [{ table: 'WarRoom', row: 0, col: 0 }] },
  {
    key: 'settings',
    name: TABLE_BY_NAME.Policy.sheet,
    tables: [
      { table: 'Policy', row: 0, col: 0 },
      { table: 'Markets', row: 0, col: 4 },
      { table: 'People', row: 0, col: 7 },
    ],
    tabColor: '#7F7F7F',
  },
  { key: 'lists', name: LISTS_SHEET, tables: [], tabColor: '#BFBFBF' },
];

/** Rows reserved for the Markets and People dropdown ranges (the tables may grow into them). */
export const MARKET_LIST_ROWS = 100;
export const PEOPLE_LIST_ROWS = 500;

export const listName = (list: ListName | 'Markets' | 'People'): string => `PP_List_${list}`;

/** The Lists sheet: one column per dropdown list, its header and values in the workbook's language. */
export function listsSheetColumns(lang: Lang): { list: ListName; header: string; values: string[] }[] {
  return DROPDOWN_LISTS.map((list) => ({
    list,
    header: LIST_TITLES[list][lang],
    values: LISTS[list].map((i) => i[lang]),
  }));
}

export const LIST_TITLES: Record<ListName, Text> = {
  Stages: { zh: '阶段', en: 'Stages' },
  Statuses: { zh: '项目状态', en: 'Statuses' },
  PlanItemTypes: { zh: '条目类型', en: 'Plan item types' },
  Dimensions: { zh: '维度', en: 'Dimensions' },
  Levels: { zh: '程度', en: 'Levels' },
  ItemStatuses: { zh: '执行状态', en: 'Item statuses' },
  AdjustmentTypes: { zh: '调整类型', en: 'Adjustment types' },
  Decisions: { zh: '审批结果', en: 'Decisions' },
  TerminationReasons: { zh: '终止原因', en: 'Termination reasons' },
  Outcomes: { zh: '项目结果', en: 'Outcomes' },
  WinLossReasons: { zh: '成败原因', en: 'Win/loss reasons' },
  Roles: { zh: '角色', en: 'Roles' },
  YesNo: { zh: '是/否', en: 'Yes/No' },
  Escalations: { zh: '升级级别', en: 'Escalations' },
  Approvals: { zh: '审批级别', en: 'Approvals' },
  MeetingDecisions: { zh: '会议决定', en: 'Meeting decisions' },
};

/** `'Sheet'!$A$2:$A$7` for a range on a sheet, quoting as Excel does in names. */
export function absoluteRange(sheet: string, row0: number, col0: number, rows: number): string {
  const c = columnLetter(col0);
  return `'${sheet.replace(/'/g, "''")}'!$${c}$${row0 + 1}:$${c}$${row0 + rows}`;
}

export const absoluteCell = (sheet: string, row0: number, col0: number): string =>
  `'${sheet.replace(/'/g, "''")}'!$${columnLetter(col0)}$${row0 + 1}`;

export const NUMBER_FORMATS: Record<DisplayFormat, string> = {
  money: '#,##0.00',
  percent: '0.0%',
  int: '0',
  number: '0',
  date: 'yyyy-mm-dd',
  month: 'yyyy-mm',
  text: 'General',
  score: '0.00',
};

export function numberFormatOf(c: ColumnSchema): string {
  switch (c.type) {
    case 'money':
    case 'signedMoney':
      return NUMBER_FORMATS.money;
    case 'date':
      return c.month ? NUMBER_FORMATS.month : NUMBER_FORMATS.date;
    case 'percent':
      return '0%';
    case 'int':
      return '0';
    case 'computed':
      return NUMBER_FORMATS[c.format ?? 'text'];
    case 'number':
      return 'General';
    case 'text':
    case 'person':
      // Spec §2: what a person types stays as typed ("3/4" is no date, "50%" no number, "001" keeps its zeros).
      return '@';
    default:
      // Text IDs stay text ("001" keeps its zeros); never on formula columns, where '@' shows the formula.
      return c.key === 'projectId' || c.key === 'adjustmentId' ? '@' : 'General';
  }
}

/** A data validation rule in Office.js's shape (A1 references and defined names only). */
export type ValidationPlan =
  | { kind: 'list'; source: string; strict: boolean; prompt: Text }
  | { kind: 'decimal'; min?: number; max?: number; prompt: Text }
  | { kind: 'wholeNumber'; prompt: Text }
  | { kind: 'date'; prompt: Text };

export function validationOf(c: ColumnSchema): ValidationPlan | null {
  const prompt = (zh: string, en: string): Text => ({ zh, en });
  if (c.listFromTable === 'Markets')
    return {
      kind: 'list',
      source: `=${listName('Markets')}`,
      strict: true,
      prompt: prompt('从市场权重表中选择', 'Pick a market from Markets'),
    };
  if (c.type === 'list' || c.type === 'yesno')
    return {
      kind: 'list',
      source: `=${listName(c.list!)}`,
      strict: true,
      prompt: prompt('从下拉列表中选择', 'Pick a value from the list'),
    };
  if (c.type === 'person')
    // Not strict: a name missing from People is a warning in the check, not a blocked entry.
    return {
      kind: 'list',
      source: `=${listName('People')}`,
      strict: false,
      prompt: prompt('填写人员姓名（见人员表）', 'A person from People'),
    };
  if (c.type === 'money')
    return { kind: 'decimal', min: 0, prompt: prompt('金额（元），不小于 0', 'Amount in CNY, 0 or more') };
  if (c.type === 'signedMoney')
    return { kind: 'decimal', prompt: prompt('金额（元），可为负数', 'Amount in CNY, may be negative') };
  if (c.type === 'percent')
    return { kind: 'decimal', min: 0, max: 1, prompt: prompt('百分比 0%–100%', 'A percentage, 0% to 100%') };
  if (c.type === 'int') return { kind: 'wholeNumber', prompt: prompt('整数天数', 'Whole number of days') };
  if (c.type === 'date' && c.month)
    return {
      kind: 'date',
      prompt: prompt('月份 yyyy-mm（填该月 1 日）', 'Month yyyy-mm (the first day of the month)'),
    };
  if (c.type === 'date') return { kind: 'date', prompt: prompt('日期 yyyy-mm-dd', 'Date yyyy-mm-dd') };
  return null;
}

/** A conditional format over one column of a table's data body: an A1 formula relative to its first cell. */
export interface ConditionalFormatPlan {
  column: string;
  /** Builds the formula from the A1 reference of the first data cell of a column of the same table (e.g. `$Z2`). */
  formula: (ref: (key: string) => string) => string;
  fill?: string;
  fontColor?: string;
  bold?: boolean;
  description: Text;
}

const both = (list: ListName, key: string): string[] => {
  const it = LISTS[list].find((i) => i.key === key)!;
  return [...new Set([it.zh, it.en])].map((s) => `"${s}"`);
};
const isOneOf = (ref: string, values: string[]): string => `OR(${values.map((v) => `${ref}=${v}`).join(',')})`;

export const RED_FILL = '#FFC7CE';
export const RED_FONT = '#9C0006';
export const AMBER_FILL = '#FFEB9C';
export const AMBER_FONT = '#9C5700';

export const CONDITIONAL_FORMATS: Partial<Record<TableName, ConditionalFormatPlan[]>> = {
  Projects: [
    {
      column: 'escalation',
      formula: (r) => isOneOf(r('escalation'), both('Escalations', 'leadership')),
      fill: RED_FILL,
      fontColor: RED_FONT,
      bold: true,
      description: { zh: '企业领导审批：红色', en: 'Leadership: red' },
    },
    {
      column: 'escalation',
      formula: (r) => isOneOf(r('escalation'), both('Escalations', 'adjustment')),
      fill: AMBER_FILL,
      fontColor: AMBER_FONT,
      description: { zh: '需调整：琥珀色', en: 'Adjustment: amber' },
    },
    {
      column: 'overrun',
      formula: (r) => `AND(ISNUMBER(${r('overrun')}),${r('overrun')}>0)`,
      fontColor: '#C00000',
      bold: true,
      description: { zh: '超支：红字', en: 'Overrun: red' },
    },
    {
      column: 'overrunPct',
      formula: (r) => `AND(ISNUMBER(${r('overrunPct')}),${r('overrunPct')}>0)`,
      fontColor: '#C00000',
      bold: true,
      description: { zh: '超支比例：红字', en: 'Overrun %: red' },
    },
    {
      column: 'plannedCost',
      formula: (r) => `AND(ISNUMBER(${r('budgetCap')}),${r('plannedCost')}>${r('budgetCap')})`,
      fill: RED_FILL,
      fontColor: RED_FONT,
      description: { zh: '计划费用超过额度', en: 'Planned cost above the cap' },
    },
    {
      column: 'actualCost',
      // The budget-warning finding's condition (spec §4): over the plan too, when the overrun cell is also red.
      formula: (r) => {
        const plan = `(${r('plannedCost')}+${r('approvedAdjustments')})`;
        return `AND(ISNUMBER(${r('actualCost')}),${plan}>0,${r('openMilestones')}>0,${r('actualCost')}>=${policyName('BudgetWarnPct')}*${plan})`;
      },
      fill: AMBER_FILL,
      fontColor: AMBER_FONT,
      description: { zh: '费用已达计划的 80%：琥珀色', en: '80% of the plan used: amber' },
    },
  ],
  TaskBook: [
    {
      column: 'milestoneSlipDays',
      formula: (r) => `AND(ISNUMBER(${r('milestoneSlipDays')}),${r('milestoneSlipDays')}>0)`,
      fill: AMBER_FILL,
      fontColor: AMBER_FONT,
      description: { zh: '延期：琥珀色', en: 'Slipped: amber' },
    },
    {
      column: 'costVariance',
      formula: (r) => `AND(ISNUMBER(${r('costVariance')}),${r('costVariance')}>0)`,
      fontColor: '#C00000',
      description: { zh: '超出计划费用：红字', en: 'Above planned cost: red' },
    },
  ],
  Adjustments: [
    {
      column: 'requiredApproval',
      formula: (r) => isOneOf(r('requiredApproval'), both('Approvals', 'leadership')),
      fill: RED_FILL,
      fontColor: RED_FONT,
      bold: true,
      description: { zh: '须企业领导审批', en: 'Needs leadership' },
    },
  ],
};

export const tableSchema = (name: TableName): TableSchema => TABLE_BY_NAME[name];
