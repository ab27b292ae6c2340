import { Lang } from './i18n';
import { LISTS, ListName } from './lists';
import { lastDueMonth, monthIndexOfSerial, monthStart, reportDueDate } from './monthly';
import { POLICY_BY_KEY } from './policy';
import { TABLE_BY_NAME, TableName } from './schema';
import { CellValue, isoFromSerial } from './values';

/**
 * A realistic pipeline of fifteen projects that shows every grade, each escalation level, won, lost
 * and terminated projects, adjustments in every state, and at least one instance of every finding code.
 * Dates are relative to `today`, so the picture is the same on any day it is loaded.
 */
export interface SamplePipeline {
  /** Rows by table: values keyed by column key (computed columns are left to the formulas). */
  rows: Partial<Record<TableName, Record<string, CellValue>[]>>;
  /** A value typed over a computed cell, to show formula-overwritten. */
  overwrites: { table: TableName; row: number; column: string; value: CellValue }[];
}

type Bi = [string, string];

const PEOPLE: [Bi, string, boolean][] = [
  [['王建国', 'Wang Jianguo'], 'generalManager', true],
  [['李明', 'Li Ming'], 'salesDirector', true],
  [['张伟', 'Zhang Wei'], 'regionalManager', true],
  [['赵磊', 'Zhao Lei'], 'regionalManager', true],
  [['刘洋', 'Liu Yang'], 'salesManager', true],
  [['陈静', 'Chen Jing'], 'salesManager', true],
  [['周婷', 'Zhou Ting'], 'salesManager', true],
  [['孙浩', 'Sun Hao'], 'leadership', true],
  [['吴敏', 'Wu Min'], 'salesManager', false],
];

const P = (i: number): Bi => PEOPLE[i][0];
const WANG = P(0),
  LI = P(1),
  ZHANG = P(2),
  ZHAO = P(3),
  LIU = P(4),
  CHEN = P(5),
  ZHOU = P(6);

interface ProjectSeed {
  id: string;
  name: Bi;
  customer: Bi;
  market: Bi;
  sales: Bi;
  pm: Bi | null;
  sponsor: Bi | null;
  stage: string;
  status: string;
  contract: number | Bi;
  margin: number;
  registered: number;
  sign: number;
  competitors: Bi;
  notes: Bi;
  milestones: [Bi, string, number, number, number, number | null, number | Bi | null, boolean][];
  plan: 'full' | 'none' | 'noOwner';
  exitTriggered?: boolean;
}

const MARKETS: Record<string, Bi> = {
  strategic: ['战略市场', 'Strategic'],
  key: ['重点市场', 'Key'],
  growth: ['成长市场', 'Growth'],
  standard: ['一般市场', 'Standard'],
  opportunistic: ['机会市场', 'Opportunistic'],
  southChina: ['华南市场', 'South China'],
};

// milestone: [name, stage, startOffset, endOffset, plannedCost, actualCost, actualEndOffset (or text), sponsorConfirmed]
const PROJECTS: ProjectSeed[] = [
  {
    id: 'PS-2026-001',
    name: ['智慧城市运营中心', 'Smart City Operations Center'],
    customer: ['滨海市大数据局', 'Binhai Big Data Bureau'],
    market: MARKETS.strategic,
    sales: ZHANG,
    pm: ZHOU,
    sponsor: WANG,
    stage: 'bidding',
    status: 'active',
    contract: 30_000_000,
    margin: 6_000_000,
    registered: -150,
    sign: 60,
    competitors: ['华为、浪潮', 'Huawei, Inspur'],
    notes: ['重点标杆项目', 'Flagship reference project'],
    milestones: [
      [['需求调研', 'Requirements survey'], 'consulting', -120, -90, 80_000, 78_000, -92, true],
      [['方案设计与演示', 'Solution design and demo'], 'tracking', -90, -40, 100_000, 95_000, -41, true],
      [['投标', 'Bid'], 'bidding', -30, 20, 90_000, 30_000, null, true],
    ],
    plan: 'full',
  },
  {
    id: 'PS-2026-002',
    name: ['省级医保结算平台', 'Provincial Medical Insurance Settlement'],
    customer: ['江南省医保局', 'Jiangnan Healthcare Security Bureau'],
    market: MARKETS.key,
    sales: LIU,
    pm: ZHOU,
    sponsor: LI,
    stage: 'tracking',
    status: 'active',
    contract: 12_000_000,
    margin: 2_500_000,
    registered: -100,
    sign: 90,
    competitors: ['东软', 'Neusoft'],
    notes: ['', ''],
    milestones: [
      [['客户高层拜访', 'Executive visits'], 'tracking', -60, -30, 50_000, 70_000, -31, true],
      [['POC 测试', 'Proof of concept'], 'tracking', -30, 30, 60_000, 58_000, null, true],
    ],
    plan: 'full',
  },
  {
    id: 'PS-2026-003',
    name: ['银行核心系统升级', 'Core Banking Upgrade'],
    customer: ['海川农商银行', 'Haichuan Rural Commercial Bank'],
    market: MARKETS.key,
    sales: ZHAO,
    pm: CHEN,
    sponsor: WANG,
    stage: 'bidding',
    status: 'active',
    contract: 15_000_000,
    margin: 3_000_000,
    registered: -130,
    sign: 30,
    competitors: ['长亮科技', 'Sunline'],
    notes: ['竞争激烈，费用超支', 'Fierce competition; over budget'],
    milestones: [
      [['解决方案咨询', 'Solution consulting'], 'consulting', -100, -70, 60_000, 80_000, -70, true],
      [['投标准备', 'Bid preparation'], 'tenderPrep', -70, -20, 80_000, 95_000, -20, true],
    ],
    plan: 'full',
  },
  {
    id: 'PS-2026-004',
    name: ['制造业 MES 项目', 'MES for Manufacturing'],
    customer: ['远航汽车零部件', 'Yuanhang Auto Parts'],
    market: MARKETS.growth,
    sales: LIU,
    pm: ZHOU,
    sponsor: LI,
    stage: 'tracking',
    status: 'active',
    contract: 6_000_000,
    margin: 1_200_000,
    registered: -90,
    sign: 45,
    competitors: ['用友', 'Yonyou'],
    notes: ['客户决策推迟', 'Customer decision delayed'],
    milestones: [
      [['现场调研', 'Site survey'], 'consulting', -80, -45, 20_000, 12_000, null, true],
      [['方案汇报', 'Solution presentation'], 'tracking', -40, 10, 20_000, 8_000, null, true],
    ],
    plan: 'full',
  },
  {
    id: 'PS-2026-005',
    name: ['电力调度数据中台', 'Power Dispatch Data Platform'],
    customer: ['华东电网调度中心', 'East Grid Dispatch Center'],
    market: MARKETS.standard,
    sales: ZHANG,
    pm: CHEN,
    sponsor: LI,
    stage: 'consulting',
    status: 'active',
    contract: 9_000_000,
    margin: 2_200_000,
    registered: -30,
    sign: 120,
    competitors: ['国电南瑞', 'NARI'],
    notes: ['预算编制偏高', 'Budget set too high'],
    milestones: [
      [['需求澄清', 'Requirement clarification'], 'consulting', -20, 10, 45_000, 10_000, null, false],
      [['方案编制', 'Proposal writing'], 'consulting', 10, 40, 50_000, null, null, false],
    ],
    plan: 'noOwner',
  },
  {
    id: 'PS-2026-006',
    name: ['高校智慧校园', 'Smart Campus'],
    customer: ['东岭大学', 'Dongling University'],
    market: MARKETS.standard,
    sales: CHEN,
    pm: ZHOU,
    sponsor: ['信息中心', 'IT Center'],
    stage: 'tracking',
    status: 'active',
    contract: 3_000_000,
    margin: 600_000,
    registered: -60,
    sign: 60,
    competitors: ['新开普', 'Newcapec'],
    notes: ['', ''],
    milestones: [
      [['校园走访', 'Campus visits'], 'tracking', -40, -10, 8_000, 6_000, ['__TEXTDATE__', '__TEXTDATE__'], true],
      [['方案交流', 'Solution workshop'], 'tracking', -10, 20, 7_000, 2_000, null, true],
    ],
    plan: 'full',
  },
  {
    id: 'PS-2026-007',
    name: ['连锁零售会员系统', 'Retail Membership System'],
    customer: ['佳品超市集团', 'Jiapin Supermarkets'],
    market: MARKETS.opportunistic,
    sales: ZHAO,
    pm: CHEN,
    sponsor: ZHANG,
    stage: 'implementation',
    status: 'won',
    contract: 5_200_000,
    margin: 1_100_000,
    registered: -240,
    sign: -100,
    competitors: ['有赞', 'Youzan'],
    notes: ['已签约', 'Signed'],
    milestones: [
      [['产品演示', 'Product demo'], 'consulting', -200, -170, 12_000, 11_000, -171, true],
      [['投标', 'Bid'], 'bidding', -170, -120, 18_000, 17_000, -121, true],
    ],
    plan: 'full',
  },
  {
    id: 'PS-2026-008',
    name: ['物流园区安防', 'Logistics Park Security'],
    customer: ['顺达物流园', 'Shunda Logistics Park'],
    market: MARKETS.standard,
    sales: LIU,
    pm: ZHOU,
    sponsor: CHEN,
    stage: 'bidding',
    status: 'lost',
    contract: 1_500_000,
    margin: 250_000,
    registered: -150,
    sign: -40,
    competitors: ['海康威视', 'Hikvision'],
    notes: ['价格劣势', 'Price disadvantage'],
    milestones: [[['投标', 'Bid'], 'bidding', -90, -60, 5_000, 4_500, -60, true]],
    plan: 'full',
  },
  {
    id: 'PS-2026-009',
    name: ['水务管网监测', 'Water Network Monitoring'],
    customer: ['清源水务', 'Qingyuan Water'],
    market: MARKETS.opportunistic,
    sales: CHEN,
    pm: ZHOU,
    sponsor: LIU,
    stage: 'tracking',
    status: 'terminated',
    contract: 800_000,
    margin: 150_000,
    registered: -110,
    sign: 20,
    competitors: ['', ''],
    notes: ['客户预算取消', 'Customer budget cancelled'],
    milestones: [[['需求调研', 'Requirements survey'], 'consulting', -70, -40, 3_000, 2_800, -41, true]],
    plan: 'full',
    exitTriggered: true,
  },
  {
    id: 'PS-2026-010',
    name: ['政务云迁移', 'Government Cloud Migration'],
    customer: ['临江市政务服务中心', 'Linjiang Government Services'],
    market: MARKETS.strategic,
    sales: ZHANG,
    pm: CHEN,
    sponsor: WANG,
    stage: 'tenderPrep',
    status: 'terminated',
    contract: ['1.2亿', '1.2亿'],
    margin: 8_000_000,
    registered: -120,
    sign: 30,
    competitors: ['阿里云、腾讯云', 'Alibaba Cloud, Tencent Cloud'],
    notes: ['招标取消，终止申请待批', 'Tender cancelled; termination pending'],
    milestones: [[['影响招标文件', 'Shape the tender documents'], 'tenderPrep', -50, -20, 150_000, 120_000, -22, true]],
    plan: 'full',
  },
  {
    id: 'PS-2026-011',
    name: ['跨境支付合规平台', 'Cross-border Payment Compliance'],
    customer: ['汇通支付', 'Huitong Payments'],
    market: MARKETS.growth,
    sales: ZHAO,
    pm: ZHOU,
    sponsor: ZHANG,
    stage: 'consulting',
    status: 'active',
    contract: 2_000_000,
    margin: 400_000,
    registered: -15,
    sign: 150,
    competitors: ['', ''],
    notes: ['刚立项，待编制任务书', 'Just initiated; task book pending'],
    milestones: [],
    plan: 'none',
  },
  {
    id: 'PS-2026-012',
    name: ['港口智能调度', 'Smart Port Scheduling'],
    customer: ['南港集团', 'Nangang Group'],
    market: MARKETS.southChina,
    sales: ['钱多多', 'Qian Duoduo'],
    pm: null,
    sponsor: null,
    stage: 'contact',
    status: 'active',
    contract: 400_000,
    margin: 90_000,
    // Three days ago: no report of it is due on any day (one is due on the 5th of the next month), so its
    // sales owner, who is not in People, writes none and is reported once, in Projects.
    registered: -3,
    sign: 200,
    competitors: ['', ''],
    notes: ['初次接触', 'First contact'],
    milestones: [],
    plan: 'none',
  },
  {
    id: 'PS-2026-013',
    name: ['新能源车联网', 'EV Telematics'],
    customer: ['驰电汽车', 'Chidian Motors'],
    market: MARKETS.key,
    sales: LIU,
    pm: CHEN,
    sponsor: LI,
    stage: 'tracking',
    status: 'active',
    contract: 8_000_000,
    margin: 1_800_000,
    registered: -30,
    sign: -60,
    competitors: ['东软睿驰', 'Neusoft Reach'],
    notes: ['客户转向自研', 'Customer considering in-house build'],
    milestones: [
      [['技术交流', 'Technical exchange'], 'consulting', -50, -20, 30_000, 28_000, -20, true],
      [['POC', 'POC'], 'tracking', -20, 30, 30_000, 27_000, null, true],
    ],
    plan: 'full',
    exitTriggered: true,
  },
  {
    id: 'PS-2026-014',
    name: ['石化安全生产监控', 'Petrochemical Safety Monitoring'],
    customer: ['滨海石化', 'Binhai Petrochemical'],
    market: MARKETS.opportunistic,
    sales: CHEN,
    pm: ZHOU,
    sponsor: CHEN,
    stage: 'bidding',
    status: 'active',
    contract: 1_800_000,
    margin: 350_000,
    registered: -80,
    sign: 40,
    competitors: ['中控技术', 'Supcon'],
    notes: ['', ''],
    milestones: [
      [['方案演示', 'Solution demo'], 'consulting', -60, -30, 4_000, 3_000, -31, true],
      [['投标', 'Bid'], 'bidding', -10, 25, 3_000, null, null, true],
    ],
    plan: 'full',
  },
  {
    id: 'PS-2026-015',
    name: ['智慧园区能耗管理', 'Smart Park Energy Management'],
    customer: ['高新区管委会', 'Hi-tech Zone Administration'],
    market: MARKETS.standard,
    sales: ZHAO,
    pm: ZHOU,
    sponsor: ZHANG,
    stage: 'bidding',
    status: 'lost',
    contract: 3_500_000,
    margin: 700_000,
    registered: -160,
    sign: -30,
    competitors: ['施耐德', 'Schneider'],
    notes: ['技术评分落后', 'Lower technical score'],
    milestones: [[['投标', 'Bid'], 'bidding', -80, -50, 15_000, 14_000, -50, true]],
    plan: 'full',
  },
  // The monthly cycle (spec §8): each of these three is on the war-room agenda for one reason only.
  {
    id: 'PS-2026-016',
    name: ['智慧水利监测平台', 'Smart Water Monitoring'],
    customer: ['江北水利局', 'Jiangbei Water Bureau'],
    market: MARKETS.standard,
    sales: ZHAO,
    pm: CHEN,
    sponsor: ZHANG,
    stage: 'tracking',
    status: 'active',
    contract: 3_000_000,
    margin: 600_000,
    registered: -200,
    sign: 60,
    competitors: ['', ''],
    notes: ['分析会久未召开', 'No war-room meeting for a long time'],
    milestones: [
      [['需求调研', 'Requirements survey'], 'consulting', -180, -150, 6_000, 5_000, -150, true],
      [['方案交流', 'Solution workshop'], 'tracking', -100, 40, 8_000, 3_000, null, true],
    ],
    plan: 'full',
  },
  {
    id: 'PS-2026-017',
    name: ['冷链物流系统', 'Cold-chain Logistics System'],
    customer: ['东海冷链', 'Donghai Cold Chain'],
    market: MARKETS.growth,
    sales: LIU,
    pm: CHEN,
    sponsor: LI,
    stage: 'consulting',
    status: 'active',
    contract: 6_000_000,
    margin: 1_200_000,
    registered: -120,
    sign: 90,
    competitors: ['', ''],
    notes: ['月报未按时提交', 'Monthly reports not written'],
    milestones: [[['需求调研', 'Requirements survey'], 'consulting', -100, 40, 20_000, 6_000, null, true]],
    plan: 'full',
  },
  {
    id: 'PS-2026-018',
    name: ['社区医院信息化', 'Community Clinic IT'],
    customer: ['西城区卫健委', 'Xicheng Health Commission'],
    market: MARKETS.opportunistic,
    sales: CHEN,
    pm: ZHOU,
    sponsor: CHEN,
    stage: 'consulting',
    status: 'active',
    contract: 1_000_000,
    margin: 200_000,
    registered: -70,
    sign: 80,
    competitors: ['', ''],
    notes: ['方案演示下周到期', 'Solution demo due next week'],
    milestones: [[['方案演示', 'Solution demo'], 'consulting', -20, 7, 3_000, 1_000, null, true]],
    plan: 'full',
  },
];

const L = (list: ListName, key: string, lang: Lang): string => {
  const it = LISTS[list].find((i) => i.key === key);
  if (!it) throw new Error(`${list}.${key}`);
  return it[lang];
};
const b = (v: Bi, lang: Lang): string => (lang === 'zh' ? v[0] : v[1]);

export function samplePipeline(lang: Lang, today: number): SamplePipeline {
  const rows: SamplePipeline['rows'] = {
    Projects: [],
    SalesPlan: [],
    TaskBook: [],
    Adjustments: [],
    Terminations: [],
    Summaries: [],
    MonthlyReports: [],
    WarRoom: [],
    People: [],
  };
  const d = (offset: number): number => today + offset;
  const yes = L('YesNo', 'yes', lang);
  const no = L('YesNo', 'no', lang);

  for (const [name, role, active] of PEOPLE)
    rows.People!.push({ name: b(name, lang), role: L('Roles', role, lang), active: active ? yes : no });

  for (const p of PROJECTS) {
    rows.Projects!.push({
      projectId: p.id,
      projectName: b(p.name, lang),
      customer: b(p.customer, lang),
      market: b(p.market, lang),
      salesOwner: b(p.sales, lang),
      projectManager: p.pm ? b(p.pm, lang) : null,
      sponsor: p.sponsor ? b(p.sponsor, lang) : null,
      stage: L('Stages', p.stage, lang),
      status: L('Statuses', p.status, lang),
      estContractValue: typeof p.contract === 'number' ? p.contract : b(p.contract, lang),
      estGrossMargin: p.margin,
      registeredOn: d(p.registered),
      expectedSignDate: d(p.sign),
      competitors: b(p.competitors, lang) || null,
      notes: b(p.notes, lang) || null,
    });
    for (const [ms, stage, start, end, planned, actual, actualEnd, confirmed] of p.milestones) {
      rows.TaskBook!.push({
        projectId: p.id,
        milestone: b(ms, lang),
        stage: L('Stages', stage, lang),
        plannedStart: d(start),
        plannedEnd: d(end),
        plannedCost: planned,
        actualCost: actual,
        // One actual end typed as text, the way it happens: a type-error.
        actualEnd: Array.isArray(actualEnd)
          ? isoFromSerial(d(-12)).replace(/-/g, '.')
          : actualEnd === null
            ? null
            : d(actualEnd as number),
        sponsorConfirmed: confirmed ? yes : no,
      });
    }
    if (p.plan !== 'none') {
      const nm = b(p.name, lang);
      const zh = lang === 'zh';
      const item = (type: string, extra: Record<string, CellValue>): void => {
        rows.SalesPlan!.push({ projectId: p.id, itemType: L('PlanItemTypes', type, lang), ...extra });
      };
      item('strength', {
        dimension: L('Dimensions', 'relationship', lang),
        description: zh
          ? `与${b(p.customer, lang)}信息部门长期合作`
          : `Long relationship with ${b(p.customer, lang)}'s IT department`,
      });
      item('weakness', {
        dimension: L('Dimensions', 'partner', lang),
        description: zh ? '本地实施伙伴资源不足' : 'Few local implementation partners',
      });
      item('salesGoal', {
        description: zh ? `${nm}：按期签约，毛利率不低于 20%` : `${nm}: sign on time with at least 20% gross margin`,
      });
      item('workItem', {
        owner: p.plan === 'noOwner' ? null : b(p.pm ?? p.sales, lang),
        purpose: zh ? '取得客户技术部门认可' : 'Win the technical team over',
        description: zh ? '组织技术交流与样板参观' : 'Run a technical workshop and a reference visit',
        dueDate: d(15),
        itemStatus: L('ItemStatuses', 'inProgress', lang),
      });
      item('risk', {
        description: zh ? '客户预算审批延迟' : 'Customer budget approval delayed',
        likelihood: L('Levels', 'medium', lang),
        impact: L('Levels', 'high', lang),
      });
      item('exitCriterion', {
        description: zh ? '客户确定采用自研或竞品方案' : 'Customer commits to an in-house or rival solution',
        triggered: p.exitTriggered ? yes : no,
      });
    }
  }
  // A plan row for a project nobody registered: unknown-project.
  rows.SalesPlan!.push({
    projectId: 'PS-2025-099',
    itemType: L('PlanItemTypes', 'risk', lang),
    description: lang === 'zh' ? '遗留条目' : 'Leftover item',
    likelihood: L('Levels', 'low', lang),
    impact: L('Levels', 'low', lang),
  });

  const adj = (
    id: string,
    projectId: string,
    milestone: Bi,
    type: string,
    cost: number | null,
    days: number | null,
    reason: Bi,
    by: Bi,
    req: number,
    confirmed: boolean,
    approver: Bi | null,
    decision: string,
    decided: number | null,
  ): void => {
    rows.Adjustments!.push({
      adjustmentId: id,
      projectId,
      milestone: b(milestone, lang),
      adjustmentType: L('AdjustmentTypes', type, lang),
      costChange: cost,
      scheduleChangeDays: days,
      reason: b(reason, lang),
      requestedBy: b(by, lang),
      requestDate: d(req),
      sponsorConfirmed: confirmed ? yes : no,
      approver: approver ? b(approver, lang) : null,
      decision: L('Decisions', decision, lang),
      decisionDate: decided === null ? null : d(decided),
    });
  };
  adj(
    'ADJ-001',
    'PS-2026-002',
    ['客户高层拜访', 'Executive visits'],
    'cost',
    10_000,
    null,
    ['增加一次高层拜访', 'One more executive visit'],
    LIU,
    -35,
    true,
    LI,
    'approved',
    -33,
  );
  adj(
    'ADJ-002',
    'PS-2026-003',
    ['投标准备', 'Bid preparation'],
    'cost',
    40_000,
    null,
    ['投标文件翻译与公证', 'Bid translation and notarisation'],
    ZHAO,
    -5,
    true,
    null,
    'pending',
    null,
  );
  adj(
    'ADJ-003',
    'PS-2026-004',
    ['现场调研', 'Site survey'],
    'schedule',
    null,
    10,
    ['客户停产检修', 'Customer plant shutdown'],
    LIU,
    -50,
    true,
    WANG,
    'approved',
    -48,
  );
  adj(
    'ADJ-004',
    'PS-2026-006',
    ['方案交流', 'Solution workshop'],
    'cost',
    3_000,
    null,
    ['专家差旅', 'Expert travel'],
    CHEN,
    -8,
    true,
    LI,
    'rejected',
    -6,
  );
  adj(
    'ADJ-005',
    'PS-2026-013',
    ['POC', 'POC'],
    'cost',
    5_000,
    null,
    ['POC 设备运输', 'POC equipment shipping'],
    LIU,
    -15,
    false,
    ZHANG,
    'approved',
    -14,
  );
  // The same number twice: duplicate-key.
  adj(
    'ADJ-005',
    'PS-2026-001',
    ['投标', 'Bid'],
    'schedule',
    null,
    5,
    ['招标公告推迟', 'Tender notice postponed'],
    ZHANG,
    -2,
    true,
    null,
    'pending',
    null,
  );

  rows.Terminations!.push({
    projectId: 'PS-2026-009',
    requestDate: d(-35),
    applicant: b(CHEN, lang),
    reasonCategory: L('TerminationReasons', 'noBudget', lang),
    details:
      lang === 'zh' ? '客户年度预算取消，撤出标准已触发' : 'Customer cancelled the annual budget; exit criterion met',
    sponsorOpinion: lang === 'zh' ? '同意终止' : 'Agree to stop',
    approver: b(LIU, lang),
    decision: L('Decisions', 'approved', lang),
    decisionDate: d(-33),
  });
  rows.Terminations!.push({
    projectId: 'PS-2026-010',
    requestDate: d(-10),
    applicant: b(ZHANG, lang),
    reasonCategory: L('TerminationReasons', 'customerCancelled', lang),
    details: lang === 'zh' ? '客户取消本次招标' : 'The customer cancelled the tender',
    sponsorOpinion: null,
    approver: null,
    decision: L('Decisions', 'pending', lang),
    decisionDate: null,
  });

  const sum = (
    projectId: string,
    outcome: string,
    review: number,
    attendees: Bi,
    signed: number | null,
    reason: string,
    lessons: Bi,
    improvements: Bi,
    tags: Bi,
  ): void => {
    rows.Summaries!.push({
      projectId,
      outcome: L('Outcomes', outcome, lang),
      reviewDate: d(review),
      attendees: b(attendees, lang),
      signedValue: signed,
      winLossReason: L('WinLossReasons', reason, lang),
      lessons: b(lessons, lang),
      improvements: b(improvements, lang),
      knowledgeTags: b(tags, lang),
    });
  };
  sum(
    'PS-2026-007',
    'won',
    -95,
    ['赵磊、陈静、张伟', 'Zhao Lei, Chen Jing, Zhang Wei'],
    5_200_000,
    'relationship',
    ['提前介入需求，样板客户参观效果好', 'Early involvement and a reference visit worked'],
    ['固化样板参观流程', 'Make reference visits standard'],
    ['零售、会员', 'retail, membership'],
  );
  // Outcome says won while the project is lost: outcome-mismatch.
  sum(
    'PS-2026-008',
    'won',
    -35,
    ['刘洋、陈静', 'Liu Yang, Chen Jing'],
    null,
    'price',
    ['报价偏高', 'Our price was high'],
    ['提前做成本测算', 'Cost the bid earlier'],
    ['安防', 'security'],
  );
  sum(
    'PS-2026-009',
    'terminated',
    -30,
    ['陈静、刘洋', 'Chen Jing, Liu Yang'],
    null,
    'timing',
    ['预算风险识别过晚', 'Budget risk seen too late'],
    ['立项时核实预算来源', 'Verify the budget source at initiation'],
    ['水务', 'water'],
  );
  sum(
    'PS-2026-015',
    'lost',
    -25,
    ['赵磊、周婷', 'Zhao Lei, Zhou Ting'],
    null,
    'technical',
    ['技术方案缺少能耗模型', 'Our proposal lacked an energy model'],
    ['补充能耗建模能力', 'Build energy-modelling skills'],
    ['园区、能耗', 'park, energy'],
  );

  monthlyCycle(rows, lang, today);

  // Someone typed the budget cap over its formula: formula-overwritten.
  const overwrites = [{ table: 'Projects' as TableName, row: 0, column: 'budgetCap', value: 300_000 }];
  return { rows, overwrites };
}

/**
 * Monthly reports and war-room meetings. Rows that carry a finding come first and in a fixed number, so
 * their cells are the same on any day; then every other month due so far, which varies with the date.
 */
function monthlyCycle(rows: SamplePipeline['rows'], lang: Lang, today: number): void {
  const zh = lang === 'zh';
  const d = (offset: number): number => today + offset;
  const dueDay = POLICY_BY_KEY.get('ReportDueDay')!.default as number;
  const lastDue = lastDueMonth(today, dueDay)!;
  const seed = (id: string): ProjectSeed => PROJECTS.find((p) => p.id === id)!;
  const have = new Set<string>();
  const report = (id: string, mi: number, over: Record<string, CellValue> = {}): void => {
    const p = seed(id);
    have.add(`${id} ${mi}`);
    const due = reportDueDate(mi, dueDay);
    rows.MonthlyReports!.push({
      projectId: id,
      month: monthStart(mi),
      author: b(p.pm ?? p.sales, lang),
      stage: L('Stages', p.stage, lang),
      progress: zh
        ? '按计划推进本阶段工作，完成客户交流与方案沟通'
        : 'Work of the stage went to plan: customer meetings and solution reviews held',
      analysis: zh ? '客户需求明确，竞争对手仍在积极接触' : 'The need is clear; competitors are still active',
      countermeasures: zh ? '加强高层拜访，突出样板案例' : 'More executive visits; lead with reference cases',
      nextSteps: zh ? '推进技术澄清' : 'Move technical clarification forward',
      winProbability: 0.5,
      submittedOn: due - 2,
      ...over,
    });
  };
  const monthText = (mi: number): string =>
    zh
      ? `${Math.floor(mi / 12)}年${(mi % 12) + 1}月`
      : `${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][mi % 12]} ${Math.floor(mi / 12)}`;
  // Submitted three days after its due date: report-late.
  report('PS-2026-001', lastDue - 1, { submittedOn: reportDueDate(lastDue - 1, dueDay) + 3 });
  // Written by someone who is neither PM nor sales owner: report-author-not-pm.
  report('PS-2026-003', lastDue, { author: b(ZHANG, lang) });
  // The month typed as text: month-as-text (it still counts as that month's report).
  report('PS-2026-006', lastDue, { month: monthText(lastDue) });
  // Two reports for one month: duplicate-key.
  report('PS-2026-002', lastDue);
  report('PS-2026-002', lastDue, { progress: zh ? '（重复录入）' : '(entered twice)' });
  // Months left out on purpose: monthly-report-missing.
  const skip: Record<string, number> = { 'PS-2026-004': 1, 'PS-2026-017': 2 };
  for (const p of PROJECTS) {
    if (p.status !== 'active' && p.status !== 'onHold') continue;
    const first = monthIndexOfSerial(d(p.registered));
    for (let mi = first; mi <= lastDue - (skip[p.id] ?? 0); mi++) if (!have.has(`${p.id} ${mi}`)) report(p.id, mi);
  }

  const meet = (
    offset: number,
    id: string,
    chair: Bi,
    decision: string,
    action?: { what: Bi; owner: Bi; due: number; done: boolean },
  ): void => {
    rows.WarRoom!.push({
      meetingDate: d(offset),
      projectId: id,
      chair: b(chair, lang),
      attendees: zh ? '发起人、销售负责人、项目经理' : 'Sponsor, sales owner, project manager',
      decision: L('MeetingDecisions', decision, lang),
      actions: action ? b(action.what, lang) : null,
      actionOwner: action ? b(action.owner, lang) : null,
      actionDue: action ? d(action.due) : null,
      actionDone: action ? L('YesNo', action.done ? 'yes' : 'no', lang) : null,
    });
  };
  // An action past its due date and not done: action-overdue.
  meet(-5, 'PS-2026-001', WANG, 'continue', {
    what: ['提交投标澄清文件', 'Send the bid clarifications'],
    owner: ZHOU,
    due: -3,
    done: false,
  });
  // Decided to adjust, no adjustment filed since: adjustment-not-filed.
  meet(-10, 'PS-2026-002', LI, 'adjust');
  // Twenty days ago (grade A needs one every 14): war-room-overdue; chaired by a sales manager for a GM's project: chair-not-sponsor.
  meet(-20, 'PS-2026-003', ZHOU, 'continue');
  meet(-12, 'PS-2026-004', LI, 'continue');
  meet(-8, 'PS-2026-005', LI, 'continue');
  // Decided to stop, no termination requested: terminate-not-requested.
  meet(-15, 'PS-2026-006', ZHAO, 'terminate');
  // Decided to stop, and the request followed two days later: nothing to report.
  meet(-12, 'PS-2026-010', WANG, 'terminate');
  meet(-10, 'PS-2026-011', ZHANG, 'continue', {
    what: ['确认客户预算来源', 'Confirm the budget source'],
    owner: ZHOU,
    due: -2,
    done: false,
  });
  meet(-9, 'PS-2026-013', LI, 'continue', {
    what: ['评估客户自研风险', 'Assess the in-house build risk'],
    owner: CHEN,
    due: 5,
    done: false,
  });
  meet(-70, 'PS-2026-016', ZHANG, 'continue', {
    what: ['更新方案报价', 'Update the quotation'],
    owner: CHEN,
    due: -60,
    done: true,
  });
  meet(-6, 'PS-2026-017', LI, 'continue');
  // A meeting about a project nobody registered: unknown-project.
  meet(-3, 'PS-2025-099', LI, 'continue');
}

/** A row in schema column order for a table, from values keyed by column key. */
export function rowInSchemaOrder(table: TableName, values: Record<string, CellValue>): CellValue[] {
  return TABLE_BY_NAME[table].columns.map((c) => (c.key in values ? values[c.key] : null));
}
