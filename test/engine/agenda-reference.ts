/**
 * The war-room agenda as first written: one straightforward walk per project, every reason worked out
 * with the monthly helpers and the project's aggregates. Kept as the oracle of
 * agenda-equivalence.test.ts: src/engine/agenda.ts's buildAgenda was made fast (issue 10: 10,000
 * projects in ≤ 50 ms) and must still give exactly this, byte for byte. When the agenda's rules
 * change on purpose, change them here too.
 */
import type { Analysis } from '../../src/engine/analyze';
import {
  Agenda,
  AGENDA_GROUP_TITLES,
  AGENDA_GROUPS,
  AgendaItem,
  AgendaOptions,
  AgendaReason,
  AgendaReasonCode,
  emptyAgendaMessage,
  NO_PROJECTS_TABLE,
  OPEN_DECISION,
} from '../../src/engine/agenda';
import { Text } from '../../src/engine/i18n';
import { findListItem } from '../../src/engine/lists';
import { cellAddress, colPos, projectKey } from '../../src/engine/model';
import { isoDay, missingMonths, monthLabel, overdueActions, warRoomOverdue } from '../../src/engine/monthly';
import { CellValue, isBlank, isNumber } from '../../src/engine/values';

const GROUP_RANK = new Map<AgendaReasonCode, number>(AGENDA_GROUPS.map((g, i) => [g, i]));
const groupRank = (code: AgendaReasonCode): number => GROUP_RANK.get(code)!;
const compareIds = new Intl.Collator().compare;
const str = (v: CellValue): string => (v === null || v === undefined ? '' : String(v)).trim();
const nameKey = (v: CellValue): string => str(v).toLowerCase();
const GRADE_ORDER: Record<string, number> = { A: 0, B: 1, C: 2, D: 3 };
const amount = (x: number): string => (Math.round(x * 100) / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');

export function referenceAgenda(a: Analysis, options: AgendaOptions = {}): Agenda {
  const date = Math.floor(options.date ?? a.asOf);
  const sponsor = options.sponsor && options.sponsor.trim() !== '' ? options.sponsor.trim() : null;
  const c = a.computed;
  const { Projects: P, SalesPlan: SP, TaskBook: TB, Adjustments: AD, Terminations: TE, WarRoom: WR } = a.model.tables;
  const agenda: Agenda = { date, sponsor, items: [], groups: [], message: null };
  if (!P.snapshot) {
    agenda.message = { ...NO_PROJECTS_TABLE };
    return agenda;
  }
  const [nameI, spI, stI, regI] = ['projectName', 'sponsor', 'status', 'registeredOn'].map((k) => colPos(P, k));
  const [msI, peI, aeI] = TB.snapshot
    ? ['milestone', 'plannedEnd', 'actualEnd'].map((k) => colPos(TB, k))
    : [-1, -1, -1];
  const [adIdI, adDecI, adTypeI, adCostI, adDaysI] = AD.snapshot
    ? ['adjustmentId', 'decision', 'adjustmentType', 'costChange', 'scheduleChangeDays'].map((k) => colPos(AD, k))
    : [-1, -1, -1, -1, -1];
  const [teDecI, teReqI] = TE.snapshot ? ['decision', 'requestDate'].map((k) => colPos(TE, k)) : [-1, -1];
  const lookahead = c.policy.AgendaLookaheadDays;
  const wanted = sponsor?.toLowerCase() ?? null;
  let sponsorKnown = wanted === null;
  const seen = new Set<string>();

  for (const { row: r, metrics: m } of c.projects) {
    if (!m.projectId) continue;
    const k = projectKey(P, r) ?? '';
    if (seen.has(k)) continue;
    if (wanted !== null) {
      if (nameKey(P.cells[r][spI]) !== wanted) continue;
      sponsorKnown = true;
    }
    const status = findListItem('Statuses', P.cells[r][stI])?.key;
    if (status !== 'active' && status !== 'onHold') continue;
    seen.add(k);
    const agg = c.aggregates.get(k);
    const cycle = c.cycle.byProject.get(k);
    const reasons: AgendaReason[] = [];
    const why = (code: AgendaReasonCode, zh: string, en: string): void => {
      reasons.push({ code, text: { zh, en } });
    };
    const plan = (m.plannedCost ?? 0) + (m.approvedAdjustments ?? 0);
    if (m.escalation === 'leadership')
      why(
        'leadership',
        `升级至企业领导审批：超支 ${amount(m.overrun ?? 0)}，未批准延期 ${m.slipDays ?? 0} 天`,
        `Leadership escalation: overrun ${amount(m.overrun ?? 0)}, unapproved slip ${m.slipDays ?? 0} days`,
      );
    if (SP.snapshot && agg && agg.terminationRows.length === 0) {
      if (agg.exitTriggered !== null)
        why(
          'exitTriggered',
          '撤出标准已触发，尚无终止申请',
          'An exit criterion is triggered and no termination is requested',
        );
    }
    const pendingAdj = AD.snapshot
      ? (agg?.adjustmentRows ?? []).filter((x) => findListItem('Decisions', AD.cells[x][adDecI])?.key === 'pending')
      : [];
    const pendingTerm = TE.snapshot
      ? (agg?.terminationRows ?? []).filter((x) => findListItem('Decisions', TE.cells[x][teDecI])?.key === 'pending')
      : [];
    for (const x of pendingAdj) {
      const type = findListItem('AdjustmentTypes', AD.cells[x][adTypeI])?.key;
      const change =
        type === 'schedule'
          ? { zh: `进度 ${str(AD.cells[x][adDaysI])} 天`, en: `schedule ${str(AD.cells[x][adDaysI])} days` }
          : {
              zh: `费用 ${isNumber(AD.cells[x][adCostI]) ? amount(AD.cells[x][adCostI] as number) : str(AD.cells[x][adCostI])}`,
              en: `cost ${isNumber(AD.cells[x][adCostI]) ? amount(AD.cells[x][adCostI] as number) : str(AD.cells[x][adCostI])}`,
            };
      why(
        'pendingApproval',
        `调整单 ${str(AD.cells[x][adIdI])}（${change.zh}）待审批`,
        `Adjustment ${str(AD.cells[x][adIdI])} (${change.en}) is pending`,
      );
    }
    for (const x of pendingTerm) {
      const d = TE.cells[x][teReqI];
      why(
        'pendingApproval',
        `终止申请${isNumber(d) ? `（${isoDay(d)}）` : ''}待审批`,
        `Termination request${isNumber(d) ? ` of ${isoDay(d)}` : ''} is pending`,
      );
    }
    if (m.escalation === 'adjustment')
      why(
        'adjustment',
        `需调整：超支 ${amount(m.overrun ?? 0)}，未批准延期 ${m.slipDays ?? 0} 天`,
        `Adjustment needed: overrun ${amount(m.overrun ?? 0)}, unapproved slip ${m.slipDays ?? 0} days`,
      );
    if (status === 'active' && WR.snapshot) {
      const gap = warRoomOverdue(c, WR, cycle, m.grade, P.cells[r][regI], date);
      if (gap)
        why(
          'warRoomOverdue',
          `距上次分析会已 ${gap.days} 天（${m.grade} 级要求每 ${gap.limit} 天）`,
          `${gap.days} days since the last war-room meeting (grade ${m.grade}: every ${gap.limit} days)`,
        );
    }
    const reg = P.cells[r][regI];
    if (a.model.tables.MonthlyReports.snapshot && isNumber(reg)) {
      const miss = missingMonths(cycle, reg, date, c.policy.ReportDueDay, 3);
      if (miss.count > 0) {
        const list = [...miss.latest].reverse().map(monthLabel);
        why(
          'reportMissing',
          `缺 ${miss.count} 个月的月度报告（${list.join('、')}${miss.count > list.length ? '…' : ''}）`,
          `${miss.count} monthly report${miss.count === 1 ? '' : 's'} missing (${list.join(', ')}${miss.count > list.length ? '…' : ''})`,
        );
      }
    }
    if (WR.snapshot && cycle) {
      const late = overdueActions(WR, cycle.meetingRows, date);
      if (late.length > 0) {
        const first = str(WR.cells[late[0]][colPos(WR, 'actions')]);
        why(
          'actionOverdue',
          `${late.length} 个行动项逾期（${first}）`,
          `${late.length} overdue action${late.length === 1 ? '' : 's'} (${first})`,
        );
      }
    }
    if (TB.snapshot) {
      for (const t of agg?.taskRows ?? []) {
        const pe = TB.cells[t][peI];
        if (!isBlank(TB.cells[t][aeI]) || !isNumber(pe) || pe < date || pe > date + lookahead) continue;
        why(
          'milestoneDue',
          `里程碑“${str(TB.cells[t][msI])}”计划于 ${isoDay(pe)} 完成`,
          `Milestone "${str(TB.cells[t][msI])}" is due on ${isoDay(pe)}`,
        );
      }
    }
    if (reasons.length === 0) continue;
    if (reasons.length > 1) reasons.sort((x, y) => groupRank(x.code) - groupRank(y.code));
    const pendingIds = pendingAdj.map((x) => str(AD.cells[x][adIdI]));
    const decision: Text =
      pendingIds.length || pendingTerm.length
        ? {
            zh: `审批${[...pendingIds.map((id) => `调整单 ${id}`), ...(pendingTerm.length ? ['终止申请'] : [])].join('、')}`,
            en: `Decide on ${[...pendingIds.map((id) => `adjustment ${id}`), ...(pendingTerm.length ? ['the termination request'] : [])].join(', ')}`,
          }
        : { ...OPEN_DECISION };
    agenda.items.push({
      projectId: m.projectId,
      projectName: str(P.cells[r][nameI]),
      sponsor: str(P.cells[r][spI]),
      grade: m.grade,
      escalation: m.escalation,
      currentPlan: plan,
      actualCost: m.actualCost ?? 0,
      overrun: m.overrun ?? 0,
      slipDays: m.slipDays ?? 0,
      group: reasons[0].code,
      reasons,
      decision,
      cell: cellAddress(P, r, 'projectId'),
    });
  }
  const gi = (x: AgendaItem): number => groupRank(x.group);
  const grade = (x: AgendaItem): number => (x.grade ? GRADE_ORDER[x.grade] : 4);
  agenda.items.sort(
    (x, y) => gi(x) - gi(y) || grade(x) - grade(y) || y.overrun - x.overrun || compareIds(x.projectId, y.projectId),
  );
  const byGroup = AGENDA_GROUPS.map((): AgendaItem[] => []);
  for (const x of agenda.items) byGroup[gi(x)].push(x);
  AGENDA_GROUPS.forEach((code, i) => {
    if (byGroup[i].length) agenda.groups.push({ code, title: AGENDA_GROUP_TITLES[code], items: byGroup[i] });
  });
  if (agenda.items.length === 0) {
    agenda.message = emptyAgendaMessage(sponsor, sponsorKnown, date);
  }
  return agenda;
}
