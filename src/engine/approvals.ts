import { Analysis } from './analyze';
import { ApprovalLevel, cell, Computed, Escalation, Grade, PersonInfo } from './compute';
import { Text } from './i18n';
import { findListItem, LISTS } from './lists';
import { cellAddress, projectAt, projectKey, Row, TableData } from './model';
import { formatMoney, formatPercent } from './money';
import { projectReasons } from './reasons';
import { isBlank, isNumber, isoFromSerial, matchKey } from './values';

/**
 * The directors' approval queue (spec §1 step 5, §4): every Pending adjustment and termination, whether
 * or not its project is escalated, with the level it needs, who in People may approve it and whether the
 * sponsor confirmed; and the escalated projects that have no request yet. The pane's Approvals page and
 * `presales approvals` both list exactly this.
 */
export type RequestKind = 'adjustment' | 'termination';

/** Names one request row; the workbook operation re-reads the row and refuses when it no longer matches. */
export interface RequestRef {
  table: 'Adjustments' | 'Terminations';
  /** 0-based data row of the table. */
  row: number;
  /** Adjustment ID, or the Project ID of a termination. */
  id: string;
  projectId: string;
}

export interface Approver {
  name: string;
  role: Text;
  rank: number;
}

export interface ApprovalRequest extends RequestRef {
  kind: RequestKind;
  /** What a person calls it: ADJ-002, or “终止 PS-2026-010” / “Termination PS-2026-010”. */
  label: Text;
  projectName: string;
  customer: string;
  salesOwner: string;
  sponsor: string;
  grade: Grade | null;
  escalation: Escalation | null;
  requestedBy: string;
  requestDate: number | null;
  milestone: string | null;
  /** Adjustment type key (cost / schedule) or the termination reason, as list items. */
  type: Text | null;
  costChange: number | null;
  scheduleChangeDays: number | null;
  /** The request's own text: the adjustment's reason or the termination's details. */
  details: string;
  /** Leadership, GM / Sales Director, or the termination approver's role. */
  level: ApprovalLevel | 'termination';
  levelLabel: Text;
  minRank: number;
  /** Why this level: the rule and its numbers. */
  levelReasons: Text[];
  /** Active people in People whose role reaches the level, highest role first. */
  approvers: Approver[];
  sponsorConfirmed: boolean;
  /** The sponsor's confirmation as the sheet records it (Yes / No, or the sponsor's opinion). */
  sponsorNote: Text;
  /** The project's figures at the as-of date. */
  figures: {
    plannedCost: number;
    currentPlan: number;
    actualCost: number;
    overrun: number;
    overrunPct: number;
    slipDays: number;
    budgetCap: number | null;
  };
  /** The request row's first cell and its Decision cell. */
  cell: string;
  decisionCell: string;
}

export interface NeedsRequest {
  projectId: string;
  projectName: string;
  salesOwner: string;
  sponsor: string;
  grade: Grade | null;
  escalation: 'adjustment' | 'leadership';
  levelLabel: Text;
  reasons: Text[];
  overrun: number;
  slipDays: number;
  cell: string;
}

export interface ApprovalQueue {
  asOf: number;
  requests: ApprovalRequest[];
  needsRequest: NeedsRequest[];
}

const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v).trim());
const yes = (v: unknown): boolean => v === true || findListItem('YesNo', v)?.key === 'yes';

/** The people whose role reaches `minRank`, active ones only, highest role first. */
export function eligibleApprovers(people: Map<string, PersonInfo>, minRank: number): Approver[] {
  const out: Approver[] = [];
  for (const p of people.values()) {
    if (!p.active || p.rank === null || p.rank < minRank) continue;
    const role = LISTS.Roles.find((x) => x.rank === p.rank)!;
    out.push({ name: p.name, role: { zh: role.zh, en: role.en }, rank: p.rank });
  }
  return out.sort((a, b) => b.rank - a.rank || a.name.localeCompare(b.name));
}

const roleName = (rank: number): Text => {
  const role = LISTS.Roles.find((x) => x.rank === rank);
  return role ? { zh: role.zh, en: role.en } : { zh: `级别 ${rank}`, en: `rank ${rank}` };
};

/** Why an adjustment needs the level it needs (spec §4), with its numbers. */
function adjustmentLevelReasons(
  c: Computed,
  planned: number,
  costChange: number | null,
  days: number | null,
  level: ApprovalLevel,
): Text[] {
  const p = c.policy;
  const cc = Math.abs(costChange ?? 0);
  const out: Text[] = [];
  if (cc > p.AdjLeadPct * planned)
    out.push({
      zh: `调整额 ${formatMoney(cc)} > 计划费用 ${formatMoney(planned)} × ${formatPercent(p.AdjLeadPct)} = ${formatMoney(p.AdjLeadPct * planned)}`,
      en: `change ${formatMoney(cc)} > planned cost ${formatMoney(planned)} × ${formatPercent(p.AdjLeadPct)} = ${formatMoney(p.AdjLeadPct * planned)}`,
    });
  if (cc > p.AdjLeadAmount)
    out.push({
      zh: `调整额 ${formatMoney(cc)} > ${formatMoney(p.AdjLeadAmount)}`,
      en: `change ${formatMoney(cc)} > ${formatMoney(p.AdjLeadAmount)}`,
    });
  if ((days ?? 0) > p.AdjLeadDays)
    out.push({
      zh: `进度调整 ${days} 天 > ${p.AdjLeadDays} 天`,
      en: `schedule change of ${days} days > ${p.AdjLeadDays} days`,
    });
  if (level === 'gmOrDirector' || out.length === 0) {
    out.push(
      days !== null && costChange === null
        ? {
            zh: `进度调整 ${days} 天 ≤ ${p.AdjLeadDays} 天`,
            en: `schedule change of ${days} days ≤ ${p.AdjLeadDays} days`,
          }
        : {
            zh: `调整额 ${formatMoney(cc)} ≤ ${formatMoney(Math.min(p.AdjLeadAmount, p.AdjLeadPct * planned))}（计划费用的 ${formatPercent(p.AdjLeadPct)}，且不超过 ${formatMoney(p.AdjLeadAmount)}）`,
            en: `change ${formatMoney(cc)} ≤ ${formatMoney(Math.min(p.AdjLeadAmount, p.AdjLeadPct * planned))} (${formatPercent(p.AdjLeadPct)} of planned cost, at most ${formatMoney(p.AdjLeadAmount)})`,
          },
    );
  }
  return out;
}

/** The approval level a change will need, as the adjustment form shows it while the user types. */
export function adjustmentLevel(
  c: Computed,
  projectId: string,
  costChange: number | null,
  days: number | null,
): { level: ApprovalLevel; label: Text; reasons: Text[] } {
  const planned = c.aggregates.get(matchKey(projectId) ?? '')?.planned ?? 0;
  const p = c.policy;
  const cc = Math.abs(costChange ?? 0);
  const level: ApprovalLevel =
    cc > p.AdjLeadPct * planned || cc > p.AdjLeadAmount || (days ?? 0) > p.AdjLeadDays ? 'leadership' : 'gmOrDirector';
  const item = LISTS.Approvals.find((x) => x.key === level)!;
  return {
    level,
    label: { zh: item.zh, en: item.en },
    reasons: adjustmentLevelReasons(c, planned, costChange, days, level),
  };
}

export function approvalQueue(a: Analysis): ApprovalQueue {
  const { model, computed: c } = a;
  const P = model.tables.Projects;
  const AD = model.tables.Adjustments;
  const TE = model.tables.Terminations;
  const p = c.policy;
  const pending = (t: TableData, r: Row): boolean =>
    findListItem('Decisions', cell(t, r, 'decision'))?.key === 'pending';

  // A request's project: its Projects row and metrics, by the request row's project key.
  const base = (pk: string | null) => {
    const prow = c.projectRows.get(pk ?? '');
    const m = c.byProject.get(pk ?? '');
    const plan = (m?.plannedCost ?? 0) + (m?.approvedAdjustments ?? 0);
    return {
      projectName: prow !== undefined ? str(cell(P, prow, 'projectName')) : '',
      customer: prow !== undefined ? str(cell(P, prow, 'customer')) : '',
      salesOwner: prow !== undefined ? str(cell(P, prow, 'salesOwner')) : '',
      sponsor: prow !== undefined ? str(cell(P, prow, 'sponsor')) : '',
      grade: m?.grade ?? null,
      escalation: m?.escalation ?? null,
      figures: {
        plannedCost: m?.plannedCost ?? 0,
        currentPlan: plan,
        actualCost: m?.actualCost ?? 0,
        overrun: m?.overrun ?? 0,
        overrunPct: m?.overrunPct ?? 0,
        slipDays: m?.slipDays ?? 0,
        budgetCap: m?.budgetCap ?? null,
      },
    };
  };

  const requests: ApprovalRequest[] = [];
  if (AD.snapshot) {
    for (const r of AD.rows) {
      if (!pending(AD, r)) continue;
      const projectId = str(cell(AD, r, 'projectId'));
      const id = str(cell(AD, r, 'adjustmentId'));
      const cc = cell(AD, r, 'costChange');
      const sd = cell(AD, r, 'scheduleChangeDays');
      const typeItem = findListItem('AdjustmentTypes', cell(AD, r, 'adjustmentType'));
      const costChange = typeItem?.key !== 'schedule' && isNumber(cc) ? cc : null;
      const days = typeItem?.key !== 'cost' && isNumber(sd) ? sd : null;
      const level = c.adjustments.get(r)?.requiredApproval ?? 'gmOrDirector';
      const minRank = level === 'leadership' ? p.LeadApproverRank : p.AdjApproverRank;
      const item = LISTS.Approvals.find((x) => x.key === level)!;
      const planned = projectAt(c.aggregateAt, AD.projectOf[r])?.planned ?? 0;
      const confirmed = yes(cell(AD, r, 'sponsorConfirmed'));
      requests.push({
        kind: 'adjustment',
        table: 'Adjustments',
        row: r,
        id,
        projectId,
        label: { zh: id || `调整（${projectId}）`, en: id || `Adjustment (${projectId})` },
        ...base(projectKey(AD, r)),
        requestedBy: str(cell(AD, r, 'requestedBy')),
        requestDate: isNumber(cell(AD, r, 'requestDate')) ? (cell(AD, r, 'requestDate') as number) : null,
        milestone: str(cell(AD, r, 'milestone')) || null,
        type: typeItem ? { zh: typeItem.zh, en: typeItem.en } : null,
        costChange,
        scheduleChangeDays: days,
        details: str(cell(AD, r, 'reason')),
        level,
        levelLabel: { zh: item.zh, en: item.en },
        minRank,
        levelReasons: adjustmentLevelReasons(c, planned, costChange, days, level),
        approvers: eligibleApprovers(c.people, minRank),
        sponsorConfirmed: confirmed,
        sponsorNote: confirmed
          ? { zh: '发起人已确认', en: 'Sponsor confirmed' }
          : { zh: '发起人尚未确认', en: 'Sponsor has not confirmed' },
        cell: cellAddress(AD, r, 'adjustmentId'),
        decisionCell: cellAddress(AD, r, 'decision'),
      });
    }
  }
  if (TE.snapshot) {
    for (const r of TE.rows) {
      if (!pending(TE, r)) continue;
      const projectId = str(cell(TE, r, 'projectId'));
      const reason = findListItem('TerminationReasons', cell(TE, r, 'reasonCategory'));
      const opinion = str(cell(TE, r, 'sponsorOpinion'));
      const minRank = p.TerminationApproverRank;
      const role = roleName(minRank);
      const b = base(projectKey(TE, r));
      requests.push({
        kind: 'termination',
        table: 'Terminations',
        row: r,
        id: projectId,
        projectId,
        label: { zh: `终止 ${projectId}`, en: `Termination ${projectId}` },
        ...b,
        requestedBy: str(cell(TE, r, 'applicant')),
        requestDate: isNumber(cell(TE, r, 'requestDate')) ? (cell(TE, r, 'requestDate') as number) : null,
        milestone: null,
        type: reason ? { zh: reason.zh, en: reason.en } : null,
        costChange: null,
        scheduleChangeDays: null,
        details: str(cell(TE, r, 'details')),
        level: 'termination',
        levelLabel: { zh: `${role.zh}及以上`, en: `${role.en} or above` },
        minRank,
        levelReasons: [
          {
            zh: `终止申请须由${role.zh}或更高级别审批（已发生费用 ${formatMoney(b.figures.actualCost)}）`,
            en: `A termination needs a ${role.en} or higher (cost to date ${formatMoney(b.figures.actualCost)})`,
          },
        ],
        approvers: eligibleApprovers(c.people, minRank),
        // A termination has no Yes/No column: the sponsor confirms by writing an opinion.
        sponsorConfirmed: opinion !== '',
        sponsorNote: opinion
          ? { zh: `发起人意见：${opinion}`, en: `Sponsor's opinion: ${opinion}` }
          : { zh: '发起人尚未填写意见', en: 'No sponsor opinion yet' },
        cell: cellAddress(TE, r, 'projectId'),
        decisionCell: cellAddress(TE, r, 'decision'),
      });
    }
  }
  // Leadership level first, then the oldest request first.
  const rank = (x: ApprovalRequest): number => (x.level === 'leadership' ? 0 : 1);
  requests.sort(
    (x, y) =>
      rank(x) - rank(y) ||
      (x.requestDate ?? Infinity) - (y.requestDate ?? Infinity) ||
      x.table.localeCompare(y.table) ||
      x.row - y.row,
  );

  const needsRequest: NeedsRequest[] = [];
  const requested = new Set(requests.map((x) => matchKey(x.projectId)));
  for (const { row, metrics: m } of c.projects) {
    if (!m.projectId || (m.escalation !== 'adjustment' && m.escalation !== 'leadership')) continue;
    if (requested.has(matchKey(m.projectId))) continue;
    // Closed projects still show their level (spec §4) but nobody files an adjustment for them.
    const status = findListItem('Statuses', cell(P, row, 'status'))?.key;
    if (status === 'won' || status === 'lost' || status === 'terminated') continue;
    const esc = LISTS.Escalations.find((x) => x.key === m.escalation)!;
    needsRequest.push({
      projectId: m.projectId,
      projectName: str(cell(P, row, 'projectName')),
      salesOwner: str(cell(P, row, 'salesOwner')),
      sponsor: str(cell(P, row, 'sponsor')),
      grade: m.grade,
      escalation: m.escalation,
      levelLabel: { zh: esc.zh, en: esc.en },
      reasons: projectReasons(model, c, row, m).escalation,
      overrun: m.overrun ?? 0,
      slipDays: m.slipDays ?? 0,
      cell: cellAddress(P, row, 'escalation'),
    });
  }
  const lvl = { leadership: 0, adjustment: 1 };
  needsRequest.sort(
    (x, y) => lvl[x.escalation] - lvl[y.escalation] || y.overrun - x.overrun || x.projectId.localeCompare(y.projectId),
  );
  return { asOf: c.asOf, requests, needsRequest };
}

export type Decision = 'approved' | 'rejected';

/**
 * Why `approver` may not decide `request` this way, or null when they may. Approving needs the sponsor's
 * confirmation first (spec Adjustments: “must be Yes before approval”); both decisions need an active
 * person in People whose role reaches the level.
 */
export function decisionRefusal(
  request: ApprovalRequest,
  approver: string,
  decision: Decision,
  people: Map<string, PersonInfo>,
  date: number,
): Text | null {
  const name = approver.trim();
  const what = request.label;
  if (name === '') return { zh: '请先选择审批人。', en: 'Choose the approver first.' };
  const person = people.get(name);
  if (!person)
    return {
      zh: `“${name}”不在“设置”工作表的人员表中，无法确认其角色。请从人员表中选择审批人。`,
      en: `"${name}" is not in People on the Settings sheet, so their role is unknown. Pick an approver from People.`,
    };
  if (!person.active)
    return {
      zh: `“${name}”在人员表中标记为不在职，不能审批。`,
      en: `"${name}" is marked inactive in People and cannot decide.`,
    };
  if (person.rank === null || person.rank < request.minRank) {
    const has = person.rank === null ? { zh: '没有角色', en: 'no role' } : roleName(person.rank);
    const need = roleName(request.minRank);
    return {
      zh: `${what.zh} 须由${request.levelLabel.zh}审批（至少${need.zh}），而“${name}”是${has.zh}，级别不足。`,
      en: `${what.en} needs ${request.levelLabel.en} approval (at least ${need.en}); "${name}" is ${has.en}, which is too low.`,
    };
  }
  if (decision === 'approved' && !request.sponsorConfirmed) {
    return request.kind === 'adjustment'
      ? {
          zh: `${what.zh} 的发起人尚未确认（“发起人确认”不是“是”）。流程要求先由发起人确认，再报审批。`,
          en: `The sponsor has not confirmed ${what.en} (Sponsor Confirmed is not Yes). The sponsor confirms before it is approved.`,
        }
      : {
          zh: `${what.zh} 还没有发起人意见。请先由发起人在“发起人意见”中签署意见，再报审批。`,
          en: `${what.en} has no sponsor opinion yet. Have the sponsor write an opinion in Sponsor Opinion before approval.`,
        };
  }
  if (request.requestDate !== null && date < request.requestDate) {
    return {
      zh: `审批日期 ${isoFromSerial(date)} 早于申请日期 ${isoFromSerial(request.requestDate)}。`,
      en: `Decision date ${isoFromSerial(date)} is before the request date ${isoFromSerial(request.requestDate)}.`,
    };
  }
  return null;
}

/** True when a request row still is the one the queue listed (same ID and project, still Pending). */
export function sameRequest(t: TableData, r: Row, ref: RequestRef): boolean {
  const idKey = ref.table === 'Adjustments' ? 'adjustmentId' : 'projectId';
  return (
    str(cell(t, r, idKey)) === ref.id &&
    str(cell(t, r, 'projectId')) === ref.projectId &&
    findListItem('Decisions', cell(t, r, 'decision'))?.key === 'pending' &&
    !isBlank(cell(t, r, 'projectId'))
  );
}

/** The queue as plain JSON in one language (the CLI prints it; the pane lists the same entries). */
export function queueJson(q: ApprovalQueue, lang: 'zh' | 'en'): object {
  return {
    asOf: isoFromSerial(q.asOf),
    requests: q.requests.map((r) => ({
      kind: r.kind,
      table: r.table,
      id: r.id,
      projectId: r.projectId,
      projectName: r.projectName,
      cell: r.cell,
      requestedBy: r.requestedBy,
      requestDate: r.requestDate === null ? null : isoFromSerial(r.requestDate),
      milestone: r.milestone,
      type: r.type?.[lang] ?? null,
      costChange: r.costChange,
      scheduleChangeDays: r.scheduleChangeDays,
      level: r.level,
      levelLabel: r.levelLabel[lang],
      minRank: r.minRank,
      reasons: r.levelReasons.map((x) => x[lang]),
      approvers: r.approvers.map((p) => ({ name: p.name, role: p.role[lang] })),
      sponsorConfirmed: r.sponsorConfirmed,
      escalation: r.escalation,
    })),
    needsRequest: q.needsRequest.map((n) => ({
      projectId: n.projectId,
      projectName: n.projectName,
      escalation: n.escalation,
      reasons: n.reasons.map((x) => x[lang]),
      cell: n.cell,
    })),
  };
}

/**
 * The next request ID in the numbering the sheet already uses: the most common prefix among the IDs
 * (ADJ-001 … ADJ-005 → ADJ-006), its digits padded as they are written; ADJ-001 on an empty sheet.
 * IDs are compared case-insensitively, as Excel's lookups do.
 */
export function nextRequestId(existing: readonly string[], fallbackPrefix = 'ADJ-', width = 3): string {
  const byPrefix = new Map<string, { count: number; max: number; width: number }>();
  for (const raw of existing) {
    const m = /^(.*?)(\d+)$/.exec(raw.trim());
    if (!m) continue;
    const key = m[1];
    const e = byPrefix.get(key) ?? { count: 0, max: 0, width: m[2].length };
    e.count++;
    e.max = Math.max(e.max, Number(m[2]));
    e.width = Math.max(e.width, m[2].length);
    byPrefix.set(key, e);
  }
  let prefix = fallbackPrefix;
  let next = 1;
  let pad = width;
  let best = 0;
  for (const [p, e] of byPrefix) {
    if (e.count > best) {
      best = e.count;
      prefix = p;
      next = e.max + 1;
      pad = e.width;
    }
  }
  const taken = new Set(existing.map((x) => x.trim().toLowerCase()));
  for (; ; next++) {
    const id = `${prefix}${String(next).padStart(pad, '0')}`;
    if (!taken.has(id.toLowerCase())) return id;
  }
}
