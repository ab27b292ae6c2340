import { Lang, Text } from './i18n';
import { ListName } from './lists';
import { PolicyKey } from './policy';

/**
 * The single description of every table: headers in both languages, types, lists, rules and the
 * Excel formula of each computed column. Set-up, validation, the checks and the forms all read it.
 */
export type ColumnType =
  | 'text'
  | 'money' // CNY, >= 0
  | 'signedMoney' // CNY, may be negative
  | 'date'
  | 'int'
  | 'number'
  | 'percent' // a fraction 0–1 shown as %
  | 'list'
  | 'person'
  | 'yesno'
  | 'computed';

export type Requirement =
  | true
  /** Required once the project's stage reaches this stage key (咨询 on). */
  | { stageFrom: string }
  /** Required when another column of the row holds one of these list keys. */
  | { when: { column: string; in: readonly string[] } }
  /** Required when another column of the row is filled in. */
  | { whenFilled: string };

export type DisplayFormat = 'money' | 'percent' | 'int' | 'number' | 'date' | 'month' | 'text' | 'score';

export interface FormulaRefs {
  lang: Lang;
  /** This row's cell of a column of the formula's own table. */
  row(key: string): string;
  /** A whole column of a table. */
  col(table: TableName, key: string): string;
  /** The defined name of a policy value. */
  policy(key: PolicyKey): string;
  /** The as-of date: the Policy value, or TODAY() when it is empty. */
  asOf(): string;
  /** A list value as an Excel string literal, in one language. */
  label(list: ListName, key: string, lang?: Lang): string;
}

export interface ColumnSchema {
  key: string;
  header: Text;
  type: ColumnType;
  list?: ListName;
  /** A list whose values are the first column of another table (Market → Markets). */
  listFromTable?: TableName;
  required?: Requirement;
  /** Unique across the table (or within the group named by `uniqueWithin`). */
  unique?: boolean;
  uniqueWithin?: string;
  /** Bounds: numeric constants or another column of the same row. */
  min?: number;
  max?: number;
  atLeastColumn?: string;
  atMostColumn?: string;
  /** A date column holding a month: its first day, shown yyyy-mm; text naming a month reads as that month. */
  month?: boolean;
  /** A Project ID that must exist in Projects. */
  refersToProject?: boolean;
  /** The Excel formula of a computed column (no leading '='), and how it is shown. */
  formula?: (f: FormulaRefs) => string;
  format?: DisplayFormat;
  /** Column width in characters (Excel's default unit). */
  width?: number;
  help?: Text;
}

export type TableName =
  | 'Projects'
  | 'SalesPlan'
  | 'TaskBook'
  | 'Adjustments'
  | 'Terminations'
  | 'Summaries'
  | 'MonthlyReports'
  | 'WarRoom'
  | 'Policy'
  | 'Markets'
  | 'People';

export interface TableSchema {
  name: TableName;
  title: Text;
  /** The sheet set-up creates for it (renamed sheets are fine: data is found by table name). */
  sheet: Text;
  columns: readonly ColumnSchema[];
}

const col = (
  key: string,
  en: string,
  zh: string,
  type: ColumnType,
  extra: Partial<ColumnSchema> = {},
): ColumnSchema => ({ key, header: { en, zh }, type, ...extra });

const fromConsulting: Requirement = { stageFrom: 'consulting' };
const decided: Requirement = { when: { column: 'decision', in: ['approved', 'rejected'] } };

/**
 * True when this row's list cell holds the item in either language (Excel's = ignores case). Spec §7:
 * a per-row column decides the both-languages match once, and the aggregates sum that column.
 */
function isListItem(f: FormulaRefs, key: string, list: ListName, item: string): string {
  const ref = f.row(key);
  const spellings = [...new Set([f.label(list, item, 'zh'), f.label(list, item, 'en')])];
  return spellings.length === 1 ? `${ref}=${spellings[0]}` : `OR(${spellings.map((s) => `${ref}=${s}`).join(',')})`;
}

/** An Adjustments row's approved amount of one kind: the input when type and decision match, else 0. */
const approvedOf = (f: FormulaRefs, type: 'cost' | 'schedule', input: string): string =>
  blankIf(
    f,
    `IF(AND(${isListItem(f, 'adjustmentType', 'AdjustmentTypes', type)},${isListItem(f, 'decision', 'Decisions', 'approved')}),N(${f.row(input)}),0)`,
  );

/** Sum of approved Cost adjustments of the project in `idRef`: one SUMIFS over the per-row column. */
export const approvedCostFormula = (f: FormulaRefs, idRef: string): string =>
  `SUMIFS(${f.col('Adjustments', 'approvedCost')},${f.col('Adjustments', 'projectId')},${idRef})`;

const taskBookSum = (f: FormulaRefs, key: 'plannedCost' | 'actualCost', idRef: string): string =>
  `SUMIFS(${f.col('TaskBook', key)},${f.col('TaskBook', 'projectId')},${idRef})`;

const blankIf = (f: FormulaRefs, expr: string): string => `IF(${f.row('projectId')}="","",${expr})`;

export const PROJECTS: TableSchema = {
  name: 'Projects',
  title: { zh: '表1 项目信息表', en: 'Table 1 Project information' },
  sheet: { zh: '项目信息表', en: 'Projects' },
  columns: [
    col('projectId', 'Project ID', '项目编号', 'text', { required: true, unique: true, width: 14 }),
    col('projectName', 'Project Name', '项目名称', 'text', { required: true, width: 28 }),
    col('customer', 'Customer', '客户名称', 'text', { required: true, width: 24 }),
    col('market', 'Market', '所在市场', 'list', { listFromTable: 'Markets', required: true, width: 14 }),
    col('salesOwner', 'Sales Owner', '销售负责人', 'person', { required: true, width: 12 }),
    col('projectManager', 'Project Manager', '项目经理', 'person', { required: fromConsulting, width: 12 }),
    col('sponsor', 'Sponsor', '项目发起人', 'person', { required: fromConsulting, width: 12 }),
    col('stage', 'Stage', '所处阶段', 'list', { list: 'Stages', required: true, width: 12 }),
    col('status', 'Status', '项目状态', 'list', { list: 'Statuses', required: true, width: 10 }),
    col('estContractValue', 'Est. Contract Value', '预计合同额', 'money', { required: true, width: 16 }),
    col('estGrossMargin', 'Est. Gross Margin', '预计毛利额', 'signedMoney', {
      required: true,
      atMostColumn: 'estContractValue',
      width: 16,
    }),
    col('registeredOn', 'Registered On', '登记日期', 'date', { required: true, width: 12 }),
    col('expectedSignDate', 'Expected Sign Date', '预计签约日期', 'date', {
      required: true,
      atLeastColumn: 'registeredOn',
      width: 12,
    }),
    col('competitors', 'Competitors', '主要竞争对手', 'text', { width: 20 }),
    col('notes', 'Notes', '备注', 'text', { width: 24 }),
    col('marketWeight', 'Market Weight', '市场权重', 'computed', {
      format: 'int',
      width: 10,
      formula: (f) => `IF(ISNUMBER(${f.row('marketLookup')}),${f.row('marketLookup')},"")`,
    }),
    col('marginTier', 'Margin Tier', '毛利档位', 'computed', {
      format: 'int',
      width: 9,
      formula: (f) => {
        const g = f.row('estGrossMargin');
        return (
          `IF(ISNUMBER(${g}),IF(${g}>=${f.policy('MarginTier5')},5,IF(${g}>=${f.policy('MarginTier4')},4,` +
          `IF(${g}>=${f.policy('MarginTier3')},3,IF(${g}>=${f.policy('MarginTier2')},2,1)))),"")`
        );
      },
    }),
    col('importanceScore', 'Importance Score', '重要性得分', 'computed', {
      format: 'score',
      width: 10,
      formula: (f) => {
        const tier = f.row('marginTier');
        const w = f.row('marketWeight');
        return `IF(AND(ISNUMBER(${tier}),ISNUMBER(${w})),ROUND(${f.policy('ScoreWeightMargin')}*${tier}+${f.policy('ScoreWeightMarket')}*${w},2),"")`;
      },
    }),
    col('grade', 'Importance Grade', '重要性等级', 'computed', {
      format: 'text',
      width: 9,
      formula: (f) => {
        const s = f.row('importanceScore');
        return (
          `IF(ISNUMBER(${s}),IF(${s}>=${f.policy('GradeAMinScore')},"A",IF(${s}>=${f.policy('GradeBMinScore')},"B",` +
          `IF(${s}>=${f.policy('GradeCMinScore')},"C","D"))),"")`
        );
      },
    }),
    col('budgetCap', 'Pre-sales Budget Cap', '售前费用额度', 'computed', {
      format: 'money',
      width: 14,
      formula: (f) => {
        const g = f.row('estGrossMargin');
        const gr = f.row('grade');
        return (
          `IF(AND(ISNUMBER(${g}),${gr}<>""),MAX(0,${g})*IF(${gr}="A",${f.policy('FeeRatioA')},` +
          `IF(${gr}="B",${f.policy('FeeRatioB')},IF(${gr}="C",${f.policy('FeeRatioC')},${f.policy('FeeRatioD')}))),"")`
        );
      },
    }),
    col('plannedCost', 'Planned Cost', '计划费用', 'computed', {
      format: 'money',
      width: 14,
      formula: (f) => blankIf(f, taskBookSum(f, 'plannedCost', f.row('projectId'))),
    }),
    col('approvedAdjustments', 'Approved Adjustments', '已批准调整', 'computed', {
      format: 'money',
      width: 14,
      formula: (f) => blankIf(f, approvedCostFormula(f, f.row('projectId'))),
    }),
    col('actualCost', 'Actual Cost', '实际费用', 'computed', {
      format: 'money',
      width: 14,
      formula: (f) => blankIf(f, taskBookSum(f, 'actualCost', f.row('projectId'))),
    }),
    col('overrun', 'Overrun', '超支金额', 'computed', {
      format: 'money',
      width: 14,
      formula: (f) =>
        blankIf(f, `MAX(0,${f.row('actualCost')}-(${f.row('plannedCost')}+${f.row('approvedAdjustments')}))`),
    }),
    col('overrunPct', 'Overrun %', '超支比例', 'computed', {
      format: 'percent',
      width: 10,
      formula: (f) => {
        const plan = `(${f.row('plannedCost')}+${f.row('approvedAdjustments')})`;
        const o = f.row('overrun');
        return blankIf(f, `IF(${o}<=0,0,IF(${plan}<=0,1,${o}/${plan}))`);
      },
    }),
    col('slipDays', 'Unapproved Slip (days)', '未批准延期天数', 'computed', {
      format: 'number',
      width: 12,
      formula: (f) =>
        blankIf(
          f,
          `MAX(0,MAXIFS(${f.col('TaskBook', 'milestoneSlipDays')},${f.col('TaskBook', 'projectId')},${f.row('projectId')}))`,
        ),
    }),
    col('escalation', 'Escalation', '升级级别', 'computed', {
      format: 'text',
      width: 26,
      formula: (f) => {
        const plan = `(${f.row('plannedCost')}+${f.row('approvedAdjustments')})`;
        const o = f.row('overrun');
        const slip = f.row('slipDays');
        const cap = f.row('budgetCap');
        const lead =
          `OR(${o}>${f.policy('LeadOverrunPct')}*${plan},${o}>${f.policy('LeadOverrunAmount')},` +
          `${slip}>${f.policy('LeadSlipDays')},AND(ISNUMBER(${cap}),${f.row('plannedCost')}>${cap}))`;
        return blankIf(
          f,
          `IF(${lead},${f.label('Escalations', 'leadership')},IF(OR(${o}>0,${slip}>0),` +
            `${f.label('Escalations', 'adjustment')},${f.label('Escalations', 'none')}))`,
        );
      },
    }),
    // Not in the spec's list: milestones without an actual end, so the 80% budget warning can tell
    // a project still spending from a finished one, in the sheet as in the check.
    col('openMilestones', 'Open Milestones', '未完成里程碑', 'computed', {
      format: 'int',
      width: 10,
      formula: (f) =>
        blankIf(f, `SUMIFS(${f.col('TaskBook', 'open')},${f.col('TaskBook', 'projectId')},${f.row('projectId')})`),
    }),
    // Not in the spec's list: the market's Markets weight cell as found (0 when empty, text as typed),
    // so that Market Weight tests and shows it without a second INDEX/MATCH (spec §7).
    col('marketLookup', 'Weight in Markets', '市场表权重', 'computed', {
      format: 'text', // General: shows a weight of 2.5 or a typed text as it is
      width: 10,
      formula: (f) =>
        `IFERROR(INDEX(${f.col('Markets', 'weight')},MATCH(${f.row('market')},${f.col('Markets', 'market')},0)),"")`,
    }),
  ],
};

export const SALES_PLAN: TableSchema = {
  name: 'SalesPlan',
  title: { zh: '表2 项目销售策划案', en: 'Table 2 Sales plan' },
  sheet: { zh: '销售策划案', en: 'Sales Plan' },
  columns: [
    col('projectId', 'Project ID', '项目编号', 'text', { required: true, refersToProject: true, width: 14 }),
    col('itemType', 'Item Type', '条目类型', 'list', { list: 'PlanItemTypes', required: true, width: 14 }),
    col('dimension', 'Dimension', '维度', 'list', {
      list: 'Dimensions',
      required: { when: { column: 'itemType', in: ['strength', 'weakness'] } },
      width: 16,
    }),
    col('description', 'Description', '内容描述', 'text', { required: true, width: 40 }),
    col('owner', 'Owner', '负责人', 'person', {
      required: { when: { column: 'itemType', in: ['workItem'] } },
      width: 12,
    }),
    col('purpose', 'Purpose', '目的', 'text', {
      required: { when: { column: 'itemType', in: ['workItem'] } },
      width: 28,
    }),
    col('dueDate', 'Due Date', '完成日期', 'date', {
      required: { when: { column: 'itemType', in: ['workItem'] } },
      width: 12,
    }),
    col('likelihood', 'Likelihood', '可能性', 'list', {
      list: 'Levels',
      required: { when: { column: 'itemType', in: ['risk'] } },
      width: 10,
    }),
    col('impact', 'Impact', '影响程度', 'list', {
      list: 'Levels',
      required: { when: { column: 'itemType', in: ['risk'] } },
      width: 10,
    }),
    col('triggered', 'Triggered', '是否触发', 'yesno', { list: 'YesNo', width: 10 }),
    col('itemStatus', 'Item Status', '执行状态', 'list', { list: 'ItemStatuses', width: 12 }),
  ],
};

export const TASK_BOOK: TableSchema = {
  name: 'TaskBook',
  title: { zh: '表3 售前项目任务书', en: 'Table 3 Task book' },
  sheet: { zh: '售前项目任务书', en: 'Task Book' },
  columns: [
    col('projectId', 'Project ID', '项目编号', 'text', { required: true, refersToProject: true, width: 14 }),
    col('milestone', 'Milestone', '里程碑', 'text', {
      required: true,
      unique: true,
      uniqueWithin: 'projectId',
      width: 24,
    }),
    col('stage', 'Stage', '阶段', 'list', { list: 'Stages', required: true, width: 12 }),
    col('plannedStart', 'Planned Start', '计划开始', 'date', { required: true, width: 12 }),
    col('plannedEnd', 'Planned End', '计划完成', 'date', { required: true, atLeastColumn: 'plannedStart', width: 12 }),
    col('plannedCost', 'Planned Cost', '计划费用', 'money', { required: true, width: 14 }),
    col('actualCost', 'Actual Cost', '实际费用', 'money', { width: 14 }),
    col('actualEnd', 'Actual End', '实际完成', 'date', { atLeastColumn: 'plannedStart', width: 12 }),
    col('sponsorConfirmed', 'Sponsor Confirmed', '发起人确认', 'yesno', { list: 'YesNo', width: 10 }),
    col('costVariance', 'Cost Variance', '费用偏差', 'computed', {
      format: 'money',
      width: 14,
      formula: (f) =>
        `IF(AND(ISNUMBER(${f.row('actualCost')}),ISNUMBER(${f.row('plannedCost')})),${f.row('actualCost')}-${f.row('plannedCost')},"")`,
    }),
    col('milestoneSlipDays', 'Slip (days)', '延期天数', 'computed', {
      format: 'number',
      width: 10,
      formula: (f) => {
        const pe = f.row('plannedEnd');
        const ae = f.row('actualEnd');
        const approvedDays =
          `SUMIFS(${f.col('Adjustments', 'approvedDays')},${f.col('Adjustments', 'projectId')},${f.row('projectId')},` +
          `${f.col('Adjustments', 'milestone')},${f.row('milestone')})`;
        return `IF(ISNUMBER(${pe}),MAX(0,IF(ISNUMBER(${ae}),${ae},MAX(${pe},${f.asOf()}))-${pe}-${approvedDays}),"")`;
      },
    }),
    // Not in the spec's list: 1 while the milestone has no actual end, so that Projects' Open Milestones
    // is one SUMIFS of it (spec §7). A COUNTIFS testing Actual End for "" in every row instead visits
    // every empty cell: LibreOffice spent 5/6 of the 2,000-project workbook's recalculation on it.
    col('open', 'Open', '未完成', 'computed', {
      format: 'int',
      width: 8,
      formula: (f) => blankIf(f, `IF(${f.row('actualEnd')}="",1,0)`),
    }),
  ],
};

export const ADJUSTMENTS: TableSchema = {
  name: 'Adjustments',
  title: { zh: '项目任务书调整表', en: 'Adjustment form' },
  sheet: { zh: '任务书调整表', en: 'Adjustments' },
  columns: [
    col('adjustmentId', 'Adjustment ID', '调整单号', 'text', { required: true, unique: true, width: 14 }),
    col('projectId', 'Project ID', '项目编号', 'text', { required: true, refersToProject: true, width: 14 }),
    col('milestone', 'Milestone', '里程碑', 'text', { required: true, width: 22 }),
    col('adjustmentType', 'Type', '调整类型', 'list', { list: 'AdjustmentTypes', required: true, width: 10 }),
    col('costChange', 'Cost Change', '费用调整额', 'signedMoney', {
      required: { when: { column: 'adjustmentType', in: ['cost'] } },
      width: 14,
    }),
    col('scheduleChangeDays', 'Schedule Change (days)', '进度调整天数', 'int', {
      required: { when: { column: 'adjustmentType', in: ['schedule'] } },
      width: 12,
    }),
    col('reason', 'Reason', '调整原因', 'text', { required: true, width: 30 }),
    col('requestedBy', 'Requested By', '申请人', 'person', { required: true, width: 12 }),
    col('requestDate', 'Request Date', '申请日期', 'date', { required: true, width: 12 }),
    col('sponsorConfirmed', 'Sponsor Confirmed', '发起人确认', 'yesno', { list: 'YesNo', width: 10 }),
    col('requiredApproval', 'Required Approval', '审批级别', 'computed', {
      format: 'text',
      width: 18,
      formula: (f) => {
        const cc = `ABS(N(${f.row('costChange')}))`;
        const planned = taskBookSum(f, 'plannedCost', f.row('projectId'));
        return blankIf(
          f,
          `IF(OR(${cc}>${f.policy('AdjLeadPct')}*${planned},${cc}>${f.policy('AdjLeadAmount')},` +
            `N(${f.row('scheduleChangeDays')})>${f.policy('AdjLeadDays')}),${f.label('Approvals', 'leadership')},` +
            `${f.label('Approvals', 'gmOrDirector')})`,
        );
      },
    }),
    col('approvedCost', 'Approved Cost Change', '已批准费用调整', 'computed', {
      format: 'money',
      width: 14,
      formula: (f) => approvedOf(f, 'cost', 'costChange'),
    }),
    col('approvedDays', 'Approved Schedule Days', '已批准进度天数', 'computed', {
      format: 'number',
      width: 12,
      formula: (f) => approvedOf(f, 'schedule', 'scheduleChangeDays'),
    }),
    col('approver', 'Approver', '审批人', 'person', { required: decided, width: 12 }),
    col('decision', 'Decision', '审批结果', 'list', { list: 'Decisions', required: true, width: 10 }),
    col('decisionDate', 'Decision Date', '审批日期', 'date', {
      required: decided,
      atLeastColumn: 'requestDate',
      width: 12,
    }),
  ],
};

export const TERMINATIONS: TableSchema = {
  name: 'Terminations',
  title: { zh: '表4 项目终止申请和审批表', en: 'Table 4 Termination request and approval' },
  sheet: { zh: '终止申请审批表', en: 'Terminations' },
  columns: [
    col('projectId', 'Project ID', '项目编号', 'text', { required: true, refersToProject: true, width: 14 }),
    col('requestDate', 'Request Date', '申请日期', 'date', { required: true, width: 12 }),
    col('applicant', 'Applicant', '申请人', 'person', { required: true, width: 12 }),
    col('reasonCategory', 'Reason', '终止原因', 'list', { list: 'TerminationReasons', required: true, width: 16 }),
    col('details', 'Details', '详细说明', 'text', { required: true, width: 36 }),
    col('costToDate', 'Cost to Date', '已发生费用', 'computed', {
      format: 'money',
      width: 14,
      formula: (f) => blankIf(f, taskBookSum(f, 'actualCost', f.row('projectId'))),
    }),
    col('sponsorOpinion', 'Sponsor Opinion', '发起人意见', 'text', { width: 24 }),
    col('approver', 'Approver', '审批人', 'person', { required: decided, width: 12 }),
    col('decision', 'Decision', '审批结果', 'list', { list: 'Decisions', required: true, width: 10 }),
    col('decisionDate', 'Decision Date', '审批日期', 'date', {
      required: decided,
      atLeastColumn: 'requestDate',
      width: 12,
    }),
  ],
};

export const SUMMARIES: TableSchema = {
  name: 'Summaries',
  title: { zh: '表5 项目总结报告', en: 'Table 5 Summary report' },
  sheet: { zh: '项目总结报告', en: 'Summaries' },
  columns: [
    col('projectId', 'Project ID', '项目编号', 'text', { required: true, refersToProject: true, width: 14 }),
    col('outcome', 'Outcome', '项目结果', 'list', { list: 'Outcomes', required: true, width: 10 }),
    col('reviewDate', 'Review Date', '总结会日期', 'date', { required: true, width: 12 }),
    col('attendees', 'Attendees', '参会人员', 'text', { required: true, width: 24 }),
    col('signedValue', 'Signed Contract Value', '签约金额', 'money', {
      required: { when: { column: 'outcome', in: ['won'] } },
      width: 16,
    }),
    col('winLossReason', 'Win/Loss Reason', '成败原因', 'list', { list: 'WinLossReasons', required: true, width: 12 }),
    col('lessons', 'Lessons Learned', '经验教训', 'text', { required: true, width: 36 }),
    col('improvements', 'Improvements', '改进措施', 'text', { width: 30 }),
    col('knowledgeTags', 'Knowledge Tags', '知识库标签', 'text', { width: 20 }),
    col('presalesCost', 'Pre-sales Cost', '售前费用', 'computed', {
      format: 'money',
      width: 14,
      formula: (f) => blankIf(f, taskBookSum(f, 'actualCost', f.row('projectId'))),
    }),
    // Not in the spec's list: the current plan (§4) once, so Budget Used % reads it rather than
    // running its aggregates twice.
    col('currentPlan', 'Current Plan', '调整后计划费用', 'computed', {
      format: 'money',
      width: 14,
      formula: (f) =>
        blankIf(
          f,
          `${taskBookSum(f, 'plannedCost', f.row('projectId'))}+${approvedCostFormula(f, f.row('projectId'))}`,
        ),
    }),
    col('budgetUsedPct', 'Budget Used %', '预算使用率', 'computed', {
      format: 'percent',
      width: 12,
      formula: (f) => {
        const plan = f.row('currentPlan');
        return blankIf(f, `IF(${plan}>0,${f.row('presalesCost')}/${plan},"")`);
      },
    }),
  ],
};

export const MONTHLY_REPORTS: TableSchema = {
  name: 'MonthlyReports',
  title: { zh: '表6 项目月度进展报告', en: 'Table 6 Monthly progress report' },
  sheet: { zh: '月度进展报告', en: 'Monthly Reports' },
  columns: [
    col('projectId', 'Project ID', '项目编号', 'text', { required: true, refersToProject: true, width: 14 }),
    // Unique per project by the month it names (checked in monthly.ts, which reads months typed as text).
    col('month', 'Month', '报告月份', 'date', { required: true, month: true, width: 10 }),
    col('author', 'Author', '撰写人', 'person', { required: true, width: 12 }),
    col('stage', 'Stage', '当前阶段', 'list', { list: 'Stages', required: true, width: 12 }),
    col('progress', 'Progress', '进展情况', 'text', { required: true, width: 40 }),
    col('analysis', 'Situation Analysis', '形势分析', 'text', { required: true, width: 36 }),
    col('countermeasures', 'Countermeasures', '应对措施', 'text', { required: true, width: 36 }),
    col('nextSteps', "Next Month's Plan", '下月计划', 'text', { width: 30 }),
    col('winProbability', 'Win Probability', '赢单概率', 'percent', { min: 0, max: 1, width: 10 }),
    col('submittedOn', 'Submitted On', '提交日期', 'date', { required: true, atLeastColumn: 'month', width: 12 }),
    col('dueDate', 'Due Date', '截止日期', 'computed', {
      format: 'date',
      width: 12,
      // Day ReportDueDay of the month after Month; DATE rolls a day past the month's end into the next.
      formula: (f) => {
        const m = f.row('month');
        return `IF(ISNUMBER(${m}),DATE(YEAR(${m}),MONTH(${m})+1,${f.policy('ReportDueDay')}),"")`;
      },
    }),
  ],
};

export const WAR_ROOM: TableSchema = {
  name: 'WarRoom',
  title: { zh: '表7 项目进展分析会', en: 'Table 7 War-room meetings' },
  sheet: { zh: '项目分析会', en: 'War Room' },
  columns: [
    col('meetingDate', 'Meeting Date', '会议日期', 'date', { required: true, width: 12 }),
    col('projectId', 'Project ID', '项目编号', 'text', { required: true, refersToProject: true, width: 14 }),
    col('chair', 'Chair', '主持人', 'person', { required: true, width: 12 }),
    col('attendees', 'Attendees', '参会人员', 'text', { width: 24 }),
    col('decision', 'Decision', '会议决定', 'list', { list: 'MeetingDecisions', required: true, width: 10 }),
    col('actions', 'Actions', '行动项', 'text', { width: 36 }),
    col('actionOwner', 'Action Owner', '责任人', 'person', { required: { whenFilled: 'actions' }, width: 12 }),
    col('actionDue', 'Action Due', '完成期限', 'date', {
      required: { whenFilled: 'actions' },
      atLeastColumn: 'meetingDate',
      width: 12,
    }),
    col('actionDone', 'Done', '是否完成', 'yesno', { list: 'YesNo', width: 10 }),
  ],
};

export const POLICY_TABLE: TableSchema = {
  name: 'Policy',
  title: { zh: '政策参数', en: 'Policy' },
  sheet: { zh: '设置', en: 'Settings' },
  columns: [
    col('key', 'Key', '参数', 'text', { required: true, unique: true, width: 22 }),
    col('value', 'Value', '取值', 'number', { width: 14 }),
    col('description', 'Description', '说明', 'text', { width: 48 }),
  ],
};

export const MARKETS: TableSchema = {
  name: 'Markets',
  title: { zh: '市场权重', en: 'Markets' },
  sheet: { zh: '设置', en: 'Settings' },
  columns: [
    col('market', 'Market', '市场', 'text', { required: true, unique: true, width: 16 }),
    col('weight', 'Weight', '权重', 'number', { required: true, min: 1, max: 5, width: 8 }),
  ],
};

export const PEOPLE: TableSchema = {
  name: 'People',
  title: { zh: '人员', en: 'People' },
  sheet: { zh: '设置', en: 'Settings' },
  columns: [
    col('name', 'Name', '姓名', 'text', { required: true, unique: true, width: 12 }),
    col('role', 'Role', '角色', 'list', { list: 'Roles', required: true, width: 14 }),
    col('active', 'Active', '是否在职', 'yesno', { list: 'YesNo', width: 10 }),
  ],
};

export const TABLES: readonly TableSchema[] = [
  PROJECTS,
  SALES_PLAN,
  TASK_BOOK,
  ADJUSTMENTS,
  TERMINATIONS,
  SUMMARIES,
  MONTHLY_REPORTS,
  WAR_ROOM,
  POLICY_TABLE,
  MARKETS,
  PEOPLE,
];

export const TABLE_BY_NAME: Record<TableName, TableSchema> = Object.fromEntries(
  TABLES.map((t) => [t.name, t]),
) as Record<TableName, TableSchema>;

export function column(table: TableName, key: string): ColumnSchema {
  const c = TABLE_BY_NAME[table].columns.find((x) => x.key === key);
  if (!c) throw new Error(`no column ${table}.${key}`);
  return c;
}

export const computedColumns = (t: TableSchema): ColumnSchema[] => t.columns.filter((c) => c.type === 'computed');

/** The Markets list has its own defaults rather than a fixed list. */
export const DEFAULT_MARKETS: readonly { zh: string; en: string; weight: number }[] = [
  { zh: '战略市场', en: 'Strategic', weight: 5 },
  { zh: '重点市场', en: 'Key', weight: 4 },
  { zh: '成长市场', en: 'Growth', weight: 3 },
  { zh: '一般市场', en: 'Standard', weight: 2 },
  { zh: '机会市场', en: 'Opportunistic', weight: 1 },
];
