import type { Lang, Text } from '../engine/i18n';
import { formatMoney, formatMoneyWithShort, formatPercent } from '../engine/money';

/** Every string the pane shows, in both languages. `{name}` placeholders are filled by `fmt`. */
export const S = {
  appTitle: { zh: '售前项目管理', en: 'Presales Pipeline' },
  switchLanguage: { zh: 'Switch to English', en: '切换到简体中文' },
  switchLanguageShort: { zh: 'EN', en: '中文' },
  pages: { zh: '页面', en: 'Pages' },
  pageWorkbook: { zh: '工作簿', en: 'Workbook' },
  pageCheck: { zh: '检查', en: 'Check' },
  pageProject: { zh: '项目', en: 'Project' },
  pageReview: { zh: '待审批', en: 'Approvals' },
  pageMeeting: { zh: '例会', en: 'Meeting' },
  pageRollup: { zh: '汇总', en: 'Roll-up' },
  pageLessons: { zh: '知识库', en: 'Lessons' },
  dismiss: { zh: '关闭', en: 'Dismiss' },
  error: { zh: '出错了', en: 'Something went wrong' },
  done: { zh: '完成', en: 'Done' },
  excelError: { zh: 'Excel 报告错误', en: 'Excel reported an error' },
  errorCode: { zh: '错误代码', en: 'error code' },
  working: { zh: '正在处理…', en: 'Working…' },
  cancel: { zh: '取消', en: 'Cancel' },
  all: { zh: '全部', en: 'All' },
  none: { zh: '无', en: 'None' },

  unsupportedTitle: { zh: '此 Excel 无法运行售前项目管理面板', en: 'This Excel cannot run the Presales Pipeline pane' },
  unsupportedBody: {
    zh: '面板需要支持 ExcelApi 1.9 的 Excel：Microsoft 365 的 Excel（Windows 或 Mac）、Excel 2021 及更新版本，或 Excel 网页版。Excel 2019 和 Excel 2016 无法运行面板，但工作簿照常可用（公式、下拉列表和颜色都在表格中），也可以用命令行检查保存的文件：presales check 文件.xlsx。',
    en: 'The pane needs an Excel with ExcelApi 1.9: Excel for Microsoft 365 (Windows or Mac), Excel 2021 or later, or Excel on the web. Excel 2019 and Excel 2016 cannot run the pane, but the workbook keeps working there (its formulas, lists and colours live in the sheets), and the command line checks a saved file: presales check file.xlsx.',
  },

  // Workbook page
  tablesHeading: { zh: '工作表与表格', en: 'Sheets and tables' },
  refreshStatus: { zh: '刷新状态', en: 'Refresh status' },
  stateOk: { zh: '正常', en: 'OK' },
  stateMissing: { zh: '缺失', en: 'Missing' },
  stateBroken: { zh: '有问题', en: 'Broken' },
  rowsCount: { zh: '{n} 行', en: '{n} rows' },
  onSheet: { zh: '工作表：{sheet}', en: 'Sheet: {sheet}' },
  workbookReady: { zh: '所有表格均已就绪。', en: 'All tables are ready.' },
  workbookReadyN: {
    zh: '工作簿已设置好：{n} 个表格均已就绪。',
    en: 'The workbook is set up: all {n} tables are ready.',
  },
  showDetails: { zh: '查看表格', en: 'Show tables' },
  hideDetails: { zh: '收起', en: 'Hide' },
  welcomeTitle: { zh: '欢迎使用售前项目管理', en: 'Welcome to Presales Pipeline' },
  welcomeBody: {
    zh: '只需一步：选择表头语言，点击“设置工作簿”。加载项会创建项目信息表、销售策划案、任务书等工作表，不会改动您已有的内容。之后可点击“载入示例数据”先熟悉一下。',
    en: 'One step: choose the header language and choose Set up workbook. The add-in creates the project, sales plan, task book and other sheets and leaves everything you already have untouched. Then Load sample pipeline to try it out.',
  },
  workbookNotReady: {
    zh: '工作簿尚未完整设置，下列表格需要处理。请点击“修复工作簿”。',
    en: 'The workbook is not fully set up; the tables below need attention. Choose Repair workbook.',
  },
  statusUnknown: { zh: '尚未读取工作簿状态。', en: 'Workbook status not read yet.' },
  headerLanguage: { zh: '表头语言', en: 'Header language' },
  langZh: { zh: '简体中文', en: 'Simplified Chinese (简体中文)' },
  langEn: { zh: '英文（English）', en: 'English' },
  setUp: { zh: '设置工作簿', en: 'Set up workbook' },
  repair: { zh: '修复工作簿', en: 'Repair workbook' },
  setupDone: {
    zh: '设置完成：新建 {created} 个，修复 {repaired} 个。',
    en: 'Set up done: {created} created, {repaired} repaired.',
  },
  setupUnchanged: {
    zh: '工作簿已符合布局，无需更改。',
    en: 'The workbook already matches the layout; nothing changed.',
  },
  restoredFormulas: { zh: '已恢复 {n} 个公式。', en: '{n} formulas restored.' },
  overwrittenTitle: { zh: '有公式被覆盖', en: 'Formulas were typed over' },
  overwrittenBody: {
    zh: '以下 {n} 个计算单元格中的公式已被手工输入的值替换。是否恢复公式？（输入的值将被替换）',
    en: 'In these {n} computed cells someone typed a value over the formula. Restore the formulas? (The typed values will be replaced.)',
  },
  restore: { zh: '恢复公式', en: 'Restore formulas' },
  keepValues: { zh: '保留现有值', en: 'Keep the values' },
  moreCells: { zh: '……另有 {n} 个', en: '…and {n} more' },
  loadSample: { zh: '载入示例数据', en: 'Load sample pipeline' },
  sampleLoaded: { zh: '示例数据已载入。', en: 'Sample pipeline loaded.' },
  asOfDate: { zh: '检查基准日期', en: 'As-of date' },
  asOfHint: {
    zh: '留空则使用设置表的统计截止日期（AsOfDate），未填写时为今天（{today}）。',
    en: 'Leave blank for the Policy AsOfDate, or today ({today}) when that is empty.',
  },
  asOfPlaceholder: { zh: '2026-11-30 或 2026年11月30日', en: '2026-11-30 or 2026/11/30' },
  asOfInvalid: { zh: '日期无效，请使用 yyyy-mm-dd。', en: 'Not a valid date; use yyyy-mm-dd.' },

  // Check page
  runCheck: { zh: '运行检查', en: 'Run check' },
  checking: { zh: '正在检查…', en: 'Checking…' },
  errors: { zh: '错误', en: 'Errors' },
  warnings: { zh: '警告', en: 'Warnings' },
  infos: { zh: '提示', en: 'Info' },
  severity_error: { zh: '错误', en: 'Error' },
  severity_warning: { zh: '警告', en: 'Warning' },
  severity_info: { zh: '提示', en: 'Info' },
  noFindings: { zh: '未发现问题。', en: 'No problems found.' },
  notChecked: { zh: '尚未检查，请点击“运行检查”。', en: 'Not checked yet. Choose Run check.' },
  checkedAt: {
    zh: '基准日期 {date}（{source}）· {projects} 个项目',
    en: 'As of {date} ({source}) · {projects} projects',
  },
  asOfFromTyped: { zh: '手工输入', en: 'the date you entered' },
  asOfFromPolicy: { zh: '设置表 AsOfDate', en: 'Policy AsOfDate' },
  asOfFromToday: { zh: '今天', en: 'today' },
  highlight: { zh: '在表中标出', en: 'Highlight in sheet' },
  clearHighlights: { zh: '清除标记', en: 'Clear highlights' },
  highlighted: { zh: '已在表中标出问题单元格。', en: 'Problem cells highlighted.' },
  cleared: { zh: '已清除标记。', en: 'Highlights cleared.' },
  goTo: { zh: '转到 {cell}', en: 'Go to {cell}' },
  fix: { zh: '修正为 {value}', en: 'Fix: write {value}' },
  fixed: { zh: '已将 {cell} 改为数值 {value}。', en: '{cell} now holds the number {value}.' },
  fixedBadge: { zh: '已修复', en: 'Fixed' },
  findingsCount: { zh: '{n} 个问题', en: '{n} findings' },
  showAll: { zh: '显示全部 {n} 个', en: 'Show all {n}' },

  // Project page
  noSelection: {
    zh: '在任一项目表格中选择一行，即可在此查看该项目。',
    en: 'Select a row in any of the pipeline tables to see its project here.',
  },
  projectNotFound: {
    zh: '项目 {id} 不在上次检查结果中，请重新运行检查。',
    en: 'Project {id} is not in the last check; run the check again.',
  },
  gradeHeading: { zh: '重要性等级', en: 'Importance grade' },
  noGrade: { zh: '无等级（缺少市场权重或毛利）', en: 'No grade (market weight or margin missing)' },
  scoreLine: {
    zh: '得分 {score} = 毛利档位 {tier} × {wt} + 市场权重 {mw} × {wm}',
    en: 'Score {score} = margin tier {tier} × {wt} + market weight {mw} × {wm}',
  },
  sponsorHeading: { zh: '项目发起人', en: 'Sponsor' },
  sponsorRole: { zh: '角色：{role}', en: 'Role: {role}' },
  minRole: { zh: '{grade} 级要求至少：{role}', en: 'Grade {grade} needs at least: {role}' },
  unknownRole: { zh: '（未在人员表中）', en: '(not in People)' },
  budgetHeading: { zh: '预算与费用', en: 'Budget and cost' },
  budgetCap: { zh: '售前费用额度', en: 'Budget cap' },
  currentPlan: { zh: '当前计划（含已批准调整）', en: 'Current plan (incl. approved adjustments)' },
  actualCost: { zh: '实际费用', en: 'Actual cost' },
  overrun: { zh: '超支', en: 'Overrun' },
  slipDays: { zh: '未批准延期 {n} 天', en: 'Unapproved slip {n} days' },
  escalation: { zh: '升级级别', en: 'Escalation' },
  milestonesHeading: { zh: '里程碑', en: 'Milestones' },
  milestone: { zh: '里程碑', en: 'Milestone' },
  plannedEnd: { zh: '计划完成', en: 'Planned end' },
  actualEnd: { zh: '实际完成', en: 'Actual end' },
  slip: { zh: '延期', en: 'Slip' },
  days: { zh: '{n} 天', en: '{n} d' },
  noMilestones: { zh: '任务书中没有此项目的里程碑。', en: 'No milestones in the task book.' },
  projectFindings: { zh: '此项目的问题', en: 'Findings for this project' },
  actionsHeading: { zh: '操作', en: 'Actions' },
  newAdjustment: { zh: '新建调整申请', en: 'New adjustment request' },
  requestTermination: { zh: '申请终止', en: 'Request termination' },
  writeSummary: { zh: '填写总结报告', en: 'Write summary report' },
  rowAdded: { zh: '已在 {address} 新增一行。', en: 'New row added at {address}.' },
  submit: { zh: '添加到表格', en: 'Add to table' },
  project: { zh: '项目', en: 'Project' },
  salesOwner: { zh: '销售负责人', en: 'Sales owner' },
  grade: { zh: '等级', en: 'Grade' },
  followsSelection: { zh: '跟随选中行', en: 'Follows the selected row' },
  contractValue: { zh: '预计合同额', en: 'Contract value' },
  grossMargin: { zh: '预计毛利额', en: 'Gross margin' },
  costPlannedActual: { zh: '费用（计划/实际）', en: 'Cost (plan/actual)' },
  projectRequests: { zh: '调整、终止与总结', en: 'Adjustments, terminations and summary' },
  noProjectRequests: {
    zh: '此项目还没有调整申请、终止申请或总结报告。',
    en: 'No adjustment, termination or summary for this project yet.',
  },
  summaryReport: { zh: '总结报告', en: 'Summary report' },
  signedValue: { zh: '签约金额', en: 'Signed' },

  // Review page
  reviewIntro: {
    zh: '需要审批的项目（企业领导级优先，超支额大的优先）。',
    en: 'Projects that need approval (leadership level first, largest overrun first).',
  },
  level: { zh: '级别', en: 'Level' },
  levelLeadership: { zh: '企业领导审批', en: 'Leadership' },
  levelAdjustment: { zh: '总经理/销售总监审批', en: 'GM / Sales Director' },
  requiredApprover: { zh: '审批人：{who}', en: 'Approver: {who}' },
  pendingAdjustments: { zh: '待审批调整', en: 'Pending adjustments' },
  noPending: { zh: '无待审批调整', en: 'No pending adjustments' },
  noReviewItems: { zh: '没有需要审批的项目。', en: 'No project needs approval.' },
  exportReview: { zh: '导出复核表', en: 'Export review sheet' },
  reviewExported: { zh: '复核表已写入工作簿。', en: 'Review sheet written to the workbook.' },
  reviewCount: { zh: '{n} / {total} 个项目', en: '{n} of {total} projects' },
  overrunLine: { zh: '超支 {amount}（{pct}）', en: 'Overrun {amount} ({pct})' },

  // Meeting page (spec §8)
  meetingIntro: {
    zh: '项目进展分析会议程：列出需要上会的进行中或暂停项目，按上会原因分组，需企业领导审批的排在最前。',
    en: 'War-room agenda: the active or on-hold projects that need the meeting, grouped by why, leadership matters first.',
  },
  meetingDate: { zh: '会议日期', en: 'Meeting date' },
  meetingDateHint: { zh: 'yyyy-mm-dd，默认为检查基准日期', en: 'yyyy-mm-dd; default the as-of date' },
  sponsorPick: { zh: '发起人', en: 'Sponsor' },
  allSponsors: { zh: '全部发起人', en: 'All sponsors' },
  writeAgenda: { zh: '生成议程表', en: 'Write agenda sheet' },
  agendaWritten: {
    zh: '议程表已写入工作表“{sheet}”（{n} 个项目），可直接打印（A4 横向）。',
    en: 'Agenda written to sheet "{sheet}" ({n} projects), ready to print (A4 landscape).',
  },
  recordDecisions: { zh: '记录会议决定', en: 'Record decisions' },
  decisionsRecorded: {
    zh: '已在项目分析会表新增 {n} 行（{address}），请在“会议决定”列填写决定。',
    en: '{n} rows added to WarRoom ({address}); fill in each Decision.',
  },
  decisionsAlready: {
    zh: '这些项目在 {date} 的会议记录已存在，未重复添加。',
    en: 'These projects already have rows for {date}; nothing was added twice.',
  },
  agendaCount: { zh: '{n} 个项目', en: '{n} projects' },
  decisionAsked: { zh: '待决：{what}', en: 'Decide: {what}' },
  planLine: {
    zh: '当前计划 {plan} · 实际 {actual} · 超支 {overrun} · 延期 {slip} 天',
    en: 'Plan {plan} · actual {actual} · overrun {overrun} · slip {slip} d',
  },
  draftReport: { zh: '起草本月报告', en: "Draft this month's report" },
  reportDrafted: {
    zh: '已起草 {month} 月度报告（{address}），请填写形势分析与应对措施。',
    en: 'The {month} report is drafted ({address}); write the situation analysis and countermeasures.',
  },

  // Approvals page
  approvalsIntro: {
    zh: '所有待审批的调整申请和终止申请（企业领导级优先，申请早的优先）。审批结果、审批人和审批日期写回原表。',
    en: 'Every pending adjustment and termination (leadership level first, oldest first). The decision, approver and date are written back to the sheet.',
  },
  approvingAs: { zh: '审批人（以此身份审批）', en: 'Approving as' },
  chooseApprover: { zh: '请选择…', en: 'Choose…' },
  approverHint: { zh: '从人员表中选择一次，任务窗格会记住。', en: 'Pick once from People; the pane remembers it.' },
  requestsCount: { zh: '{n} 项待审批申请', en: '{n} pending requests' },
  noRequests: { zh: '没有待审批的申请。', en: 'No request is waiting for a decision.' },
  approve: { zh: '批准', en: 'Approve' },
  reject: { zh: '驳回', en: 'Reject' },
  approvalFormButton: { zh: '生成审批单', en: 'Approval form' },
  formWritten: {
    zh: '审批单已写入工作表“{sheet}”，可直接打印。',
    en: 'Approval form written to the sheet "{sheet}", ready to print.',
  },
  approvedDone: {
    zh: '已批准 {id}（审批人：{who}），已写入 {cells}。',
    en: 'Approved {id} (approver: {who}); wrote {cells}.',
  },
  rejectedDone: {
    zh: '已驳回 {id}（审批人：{who}），已写入 {cells}。',
    en: 'Rejected {id} (approver: {who}); wrote {cells}.',
  },
  requiredLevel: { zh: '审批级别：{level}', en: 'Approval level: {level}' },
  mayApprove: { zh: '可审批：{names}', en: 'May approve: {names}' },
  nobodyMayApprove: { zh: '人员表中没有达到该级别的在职人员。', en: 'Nobody active in People has that role.' },
  sponsorConfirmed: { zh: '发起人已确认', en: 'Sponsor confirmed' },
  sponsorNotConfirmed: { zh: '发起人未确认', en: 'Sponsor not confirmed' },
  requestedByLine: { zh: '申请人 {who} · {date}', en: 'Requested by {who} · {date}' },
  cannotDecide: { zh: '当前审批人不能批准：{why}', en: 'The chosen approver cannot approve: {why}' },
  needsRequestHeading: { zh: '需提交调整申请', en: 'Adjustment request needed' },
  needsRequestIntro: {
    zh: '以下项目已触发升级，但还没有待审批的申请。',
    en: 'These projects are escalated but have no pending request.',
  },
  projectEscalation: { zh: '项目升级：{level}', en: 'Project escalation: {level}' },
  why: { zh: '原因', en: 'Why' },
  kindAdjustment: { zh: '调整', en: 'Adjustment' },
  kindTermination: { zh: '终止', en: 'Termination' },

  // Findings worklist
  dataProblems: { zh: '数据问题', en: 'Data problems' },
  approvalsNeeded: { zh: '待审批事项', en: 'Approvals needed' },
  search: { zh: '搜索', en: 'Search' },
  searchPlaceholder: { zh: '项目编号、单元格或文字', en: 'Project ID, cell or words' },
  filterSeverity: { zh: '严重程度', en: 'Severity' },
  filterTable: { zh: '工作表', en: 'Sheet' },
  filterCode: { zh: '规则', en: 'Rule' },
  filterProject: { zh: '项目', en: 'Project' },
  filterOwner: { zh: '销售负责人', en: 'Sales owner' },
  sortBy: { zh: '排序', en: 'Sort' },
  sortSeverity: { zh: '按严重程度', en: 'By severity' },
  sortProject: { zh: '按项目', en: 'By project' },
  sortSheet: { zh: '按工作表', en: 'By sheet' },
  shownOf: { zh: '显示 {n} / {total} 项', en: 'Showing {n} of {total}' },
  exportFindings: { zh: '导出问题清单', en: 'Export findings' },
  findingsExported: { zh: '已将 {n} 个问题写入工作表“{sheet}”。', en: '{n} findings written to the sheet "{sheet}".' },
  staleResults: {
    zh: '工作簿已修改，检查结果可能已过时。',
    en: 'The workbook changed; these results may be out of date.',
  },
  recheck: { zh: '重新检查', en: 'Check again' },
  legendHeading: { zh: '标记颜色', en: 'Highlight colours' },
  noProject: { zh: '（无项目）', en: '(no project)' },
  clearFilters: { zh: '清除筛选', en: 'Clear filters' },

  // Forms
  fieldMilestone: { zh: '里程碑', en: 'Milestone' },
  fieldType: { zh: '调整类型', en: 'Type' },
  fieldCostChange: { zh: '费用调整额（元）', en: 'Cost change (CNY)' },
  fieldScheduleDays: { zh: '进度调整天数', en: 'Schedule change (days)' },
  fieldReason: { zh: '调整原因', en: 'Reason' },
  fieldRequestedBy: { zh: '申请人', en: 'Requested by' },
  fieldRequestDate: { zh: '申请日期', en: 'Request date' },
  fieldAdjustmentId: { zh: '调整单号', en: 'Adjustment ID' },
  fieldTerminationReason: { zh: '终止原因', en: 'Reason' },
  fieldDetails: { zh: '详细说明', en: 'Details' },
  fieldOutcome: { zh: '项目结果', en: 'Outcome' },
  fieldReviewDate: { zh: '总结会日期', en: 'Review date' },
  fieldAttendees: { zh: '参会人员', en: 'Attendees' },
  fieldSignedValue: { zh: '签约金额（元）', en: 'Signed contract value (CNY)' },
  fieldWinLoss: { zh: '成败原因', en: 'Win/loss reason' },
  fieldLessons: { zh: '经验教训', en: 'Lessons learned' },
  fieldImprovements: { zh: '改进措施', en: 'Improvements' },
  fieldTags: { zh: '知识库标签', en: 'Knowledge tags' },
  required: { zh: '必填', en: 'Required' },
  notANumber: { zh: '请输入数字', en: 'Enter a number' },
  notAnAmount: {
    zh: '请输入金额，例如 35000、3.5万 或 ¥35,000',
    en: 'Enter an amount such as 35000, 3.5万 or ¥35,000',
  },
  notAWholeNumber: { zh: '请输入整数天数', en: 'Enter a whole number of days' },
  dateInvalid: { zh: '日期无效', en: 'Not a valid date' },
  levelPreview: { zh: '此调整需要：{level}审批', en: 'This change needs {level} approval' },
  summaryOpenProject: {
    zh: '项目状态仍为“{status}”。总结报告的项目结果须与项目状态一致：请先在项目信息表中把状态改为已中标、未中标或已终止，再提交总结，否则检查会报“项目结果与状态不符”。',
    en: 'The project is still "{status}". A summary\'s outcome must match the project\'s status: set the status in Projects to Won, Lost or Terminated first, or the check reports an outcome mismatch.',
  },
  formNote: { zh: '审批结果将记为“待审批”。', en: 'The decision is recorded as Pending.' },
} satisfies Record<string, Text>;

export type StringKey = keyof typeof S;

/** The string `key` in `lang`, with `{name}` placeholders filled. */
export function fmt(lang: Lang, key: StringKey, params: Record<string, string | number> = {}): string {
  return S[key][lang].replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

/** Money in the product's one format (the engine's): ¥1,234,567 (no decimals unless needed). */
export function money(v: number | null | undefined, lang?: Lang): string {
  void lang;
  return formatMoney(v);
}

/** Text in parentheses as each language writes them: full-width in Chinese, ASCII with a space in English. */
export const paren = (lang: Lang, text: string | number): string => (lang === 'zh' ? `（${text}）` : ` (${text})`);

/** A sum in a summary: the full amount, and for large sums also ¥1.2亿 / ¥120M. */
export function moneySum(v: number | null | undefined, lang: Lang): string {
  return formatMoneyWithShort(v, lang);
}

export function percent(v: number | null | undefined): string {
  return formatPercent(v);
}

/** The UI language Office runs in: zh for any Chinese display language, else en. */
export function officeLang(): Lang {
  try {
    const dl = typeof Office !== 'undefined' ? Office.context?.displayLanguage : undefined;
    if (dl) return dl.toLowerCase().startsWith('zh') ? 'zh' : 'en';
  } catch {
    /* not in Office */
  }
  if (typeof navigator !== 'undefined' && navigator.language)
    return navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
  return 'zh';
}
