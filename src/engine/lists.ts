import { Lang, Text } from './i18n';

/** One allowed value of a list: a stable key and its label in each language. */
export interface ListItem extends Text {
  key: string;
  rank?: number;
}

export type ListName =
  | 'Stages'
  | 'Statuses'
  | 'PlanItemTypes'
  | 'Dimensions'
  | 'Levels'
  | 'ItemStatuses'
  | 'AdjustmentTypes'
  | 'Decisions'
  | 'TerminationReasons'
  | 'Outcomes'
  | 'WinLossReasons'
  | 'Roles'
  | 'YesNo'
  | 'Escalations'
  | 'Approvals'
  | 'MeetingDecisions';

const item = (key: string, zh: string, en: string, rank?: number): ListItem =>
  rank === undefined ? { key, zh, en } : { key, zh, en, rank };

export const LISTS: Record<ListName, readonly ListItem[]> = {
  Stages: [
    item('contact', '接触', 'Contact', 1),
    item('consulting', '咨询', 'Consulting', 2),
    item('tracking', '跟踪', 'Tracking', 3),
    item('tenderPrep', '招标', 'Tender Prep', 4),
    item('bidding', '投标', 'Bidding', 5),
    item('implementation', '实施', 'Implementation', 6),
  ],
  Statuses: [
    item('active', '进行中', 'Active'),
    item('onHold', '暂停', 'On Hold'),
    item('won', '已中标', 'Won'),
    item('lost', '未中标', 'Lost'),
    item('terminated', '已终止', 'Terminated'),
  ],
  PlanItemTypes: [
    item('strength', '优势', 'Strength'),
    item('weakness', '劣势', 'Weakness'),
    item('salesGoal', '销售目标', 'Sales Goal'),
    item('workItem', '工作项', 'Work Item'),
    item('risk', '风险', 'Risk'),
    item('exitCriterion', '撤出标准', 'Exit Criterion'),
  ],
  Dimensions: [
    item('relationship', '客户关系', 'Customer Relationship'),
    item('technical', '技术水平', 'Technical Capability'),
    item('partner', '合作伙伴支持', 'Partner Support'),
    item('commercial', '商务', 'Commercial'),
  ],
  Levels: [item('high', '高', 'High', 3), item('medium', '中', 'Medium', 2), item('low', '低', 'Low', 1)],
  ItemStatuses: [
    item('notStarted', '未开始', 'Not Started'),
    item('inProgress', '进行中', 'In Progress'),
    item('done', '已完成', 'Done'),
  ],
  AdjustmentTypes: [item('cost', '费用', 'Cost'), item('schedule', '进度', 'Schedule')],
  Decisions: [
    item('pending', '待审批', 'Pending'),
    item('approved', '已批准', 'Approved'),
    item('rejected', '已驳回', 'Rejected'),
  ],
  TerminationReasons: [
    item('customerCancelled', '客户取消', 'Customer Cancelled'),
    item('lostToCompetitor', '竞争失利', 'Lost to Competitor'),
    item('noBudget', '预算不足', 'No Budget'),
    item('exitCriterionMet', '撤出标准触发', 'Exit Criterion Met'),
    item('other', '其他', 'Other'),
  ],
  Outcomes: [item('won', '赢单', 'Won'), item('lost', '丢单', 'Lost'), item('terminated', '终止', 'Terminated')],
  WinLossReasons: [
    item('price', '价格', 'Price'),
    item('technical', '技术', 'Technical'),
    item('relationship', '客户关系', 'Relationship'),
    item('timing', '时机', 'Timing'),
    item('competitor', '竞争对手', 'Competitor'),
    item('other', '其他', 'Other'),
  ],
  Roles: [
    item('salesManager', '销售经理', 'Sales Manager', 1),
    item('regionalManager', '区域经理', 'Regional Manager', 2),
    item('salesDirector', '销售总监', 'Sales Director', 3),
    item('generalManager', '总经理', 'General Manager', 4),
    item('leadership', '企业领导', 'Leadership', 5),
  ],
  YesNo: [item('yes', '是', 'Yes'), item('no', '否', 'No')],
  // Values of computed columns, not typed by users.
  Escalations: [
    item('none', '无', 'None'),
    item('adjustment', '需调整：总经理/销售总监审批', 'Adjustment: GM / Sales Director'),
    item('leadership', '企业领导审批', 'Leadership approval'),
  ],
  Approvals: [
    item('gmOrDirector', '总经理/销售总监', 'GM / Sales Director'),
    item('leadership', '企业领导', 'Leadership'),
  ],
  // What a war-room meeting decides (spec §8).
  MeetingDecisions: [
    item('continue', '继续', 'Continue'),
    item('adjust', '调整', 'Adjust'),
    item('terminate', '终止', 'Terminate'),
  ],
};

/** Lists that get a range on the Lists sheet and an in-cell dropdown. */
export const DROPDOWN_LISTS: readonly ListName[] = [
  'Stages',
  'Statuses',
  'PlanItemTypes',
  'Dimensions',
  'Levels',
  'ItemStatuses',
  'AdjustmentTypes',
  'Decisions',
  'TerminationReasons',
  'Outcomes',
  'WinLossReasons',
  'Roles',
  'YesNo',
  'MeetingDecisions',
];

const lookups = new Map<ListName, Map<string, ListItem>>();

/**
 * Excel compares text case-insensitively and without trimming (SUMIFS, MATCH, =),
 * so the engine does the same to agree with the sheet's own formulas.
 */
export function findListItem(list: ListName, value: unknown): ListItem | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const map = listLookup(list);
  // Exact spellings first: most cells hold the label as written, and lowering allocates.
  return map.get(value) ?? map.get(value.toLowerCase());
}

/** A list's items by their labels in either language, as written and lower-cased (for loops that look up many cells). */
export function listLookup(list: ListName): ReadonlyMap<string, ListItem> {
  let map = lookups.get(list);
  if (!map) {
    map = new Map();
    for (const it of LISTS[list]) {
      map.set(it.zh.toLowerCase(), it);
      map.set(it.en.toLowerCase(), it);
      map.set(it.zh, it);
      map.set(it.en, it);
    }
    lookups.set(list, map);
  }
  return map;
}

export function listLabel(list: ListName, key: string, lang: Lang): string {
  const it = LISTS[list].find((i) => i.key === key);
  if (!it) throw new Error(`unknown ${list} key ${key}`);
  return it[lang];
}

export function listItem(list: ListName, key: string): ListItem {
  const it = LISTS[list].find((i) => i.key === key);
  if (!it) throw new Error(`unknown ${list} key ${key}`);
  return it;
}

const STAGE_RANK = new Map<string, number>();
for (const s of LISTS.Stages) if (!STAGE_RANK.has(s.key)) STAGE_RANK.set(s.key, s.rank ?? 0);

export const stageRank = (key: string | undefined): number => (key ? (STAGE_RANK.get(key) ?? 0) : 0);
