import { Analysis } from './analyze';
import { cell, Escalation, Grade } from './compute';
import { findListItem, LISTS } from './lists';
import { Text } from './i18n';
import { matchKey } from './values';
import { cellAddress } from './model';

/** One project a director must look at: the escalated ones, most severe and largest overrun first. */
export interface ReviewItem {
  projectId: string;
  projectName: string;
  salesOwner: string;
  sponsor: string;
  grade: Grade | null;
  escalation: Exclude<Escalation, 'none'>;
  currentPlan: number;
  actualCost: number;
  overrun: number;
  overrunPct: number;
  slipDays: number;
  budgetCap: number | null;
  plannedCost: number;
  /** Who must approve: leadership, or the GM / sales director. */
  requiredApprover: Text;
  pendingAdjustments: {
    adjustmentId: string;
    milestone: string;
    type: string;
    costChange: number | null;
    scheduleChangeDays: number | null;
    requiredApproval: Text | null;
  }[];
  /** Excel address of the project's escalation cell. */
  cell: string;
}

const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

export function reviewItems(a: Analysis): ReviewItem[] {
  const P = a.model.tables.Projects;
  const AD = a.model.tables.Adjustments;
  const items: ReviewItem[] = [];
  for (const { row, metrics: m } of a.computed.projects) {
    if (!m.projectId || (m.escalation !== 'adjustment' && m.escalation !== 'leadership')) continue;
    const agg = a.computed.aggregates.get(matchKey(m.projectId) ?? '');
    const pending = (agg?.adjustmentRows ?? [])
      .filter((r) => findListItem('Decisions', cell(AD, r, 'decision'))?.key === 'pending')
      .map((r) => {
        const level = a.computed.adjustments.get(r)?.requiredApproval ?? null;
        const cc = cell(AD, r, 'costChange');
        const sd = cell(AD, r, 'scheduleChangeDays');
        return {
          adjustmentId: str(cell(AD, r, 'adjustmentId')),
          milestone: str(cell(AD, r, 'milestone')),
          type: str(cell(AD, r, 'adjustmentType')),
          costChange: typeof cc === 'number' ? cc : null,
          scheduleChangeDays: typeof sd === 'number' ? sd : null,
          requiredApproval: level ? { ...LISTS.Approvals.find((x) => x.key === level)! } : null,
        };
      });
    const approver = LISTS.Approvals.find(
      (x) => x.key === (m.escalation === 'leadership' ? 'leadership' : 'gmOrDirector'),
    )!;
    items.push({
      projectId: m.projectId,
      projectName: str(cell(P, row, 'projectName')),
      salesOwner: str(cell(P, row, 'salesOwner')),
      sponsor: str(cell(P, row, 'sponsor')),
      grade: m.grade,
      escalation: m.escalation,
      currentPlan: (m.plannedCost ?? 0) + (m.approvedAdjustments ?? 0),
      actualCost: m.actualCost ?? 0,
      overrun: m.overrun ?? 0,
      overrunPct: m.overrunPct ?? 0,
      slipDays: m.slipDays ?? 0,
      budgetCap: m.budgetCap,
      plannedCost: m.plannedCost ?? 0,
      requiredApprover: { zh: approver.zh, en: approver.en },
      pendingAdjustments: pending,
      cell: cellAddress(P, row, 'escalation'),
    });
  }
  const rank = { leadership: 0, adjustment: 1 };
  return items.sort(
    (x, y) =>
      rank[x.escalation] - rank[y.escalation] || y.overrun - x.overrun || x.projectId.localeCompare(y.projectId),
  );
}
