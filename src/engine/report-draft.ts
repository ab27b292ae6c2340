import type { Analysis } from './analyze';
import { Lang } from './i18n';
import { findListItem, LISTS } from './lists';
import { cellAddress, colPos, projectKey } from './model';
import { isoDay, monthIndexOfSerial, monthLabel, monthStart } from './monthly';
import { CellValue, isBlank, isNumber, matchKey } from './values';

/**
 * The draft of a monthly report (spec §8): the facts of the month in the workbook's language, for the
 * project manager to complete with the analysis and countermeasures.
 */
export interface ReportDraft {
  projectId: string;
  /** First day of the month reported (Excel serial). */
  month: number;
  /** MonthlyReports values by column key. */
  values: Record<string, CellValue>;
  /** The cell of a report that already exists for this project and month: the draft must not be written. */
  existing: string | null;
}

const str = (v: CellValue): string => (v === null || v === undefined ? '' : String(v)).trim();
const amount = (x: number): string => (Math.round(x * 100) / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** Null when the project is not in Projects. `month` is any day of the month (default: the as-of date's). */
export function monthlyReportDraft(
  a: Analysis,
  projectId: string,
  options: { month?: number; today: number; lang?: Lang },
): ReportDraft | null {
  const lang = options.lang ?? a.lang;
  const zh = lang === 'zh';
  const key = matchKey(projectId.trim());
  const P = a.model.tables.Projects;
  const entry = a.computed.projects.find((p) => projectKey(P, p.row) === key && p.metrics.projectId !== '');
  if (!entry || !P.snapshot) return null;
  const { row, metrics: m } = entry;
  const mi = monthIndexOfSerial(options.month ?? a.asOf);
  const from = monthStart(mi);
  const to = monthStart(mi + 1);

  const MR = a.model.tables.MonthlyReports;
  // One project's reports, looked for when a draft is asked: the check keeps no list of them per project.
  const existingRow = MR.rows.find(
    (r) => projectKey(MR, r) === key && key !== null && a.computed.cycle.reportMonth.get(r) === mi,
  );
  const existing = existingRow !== undefined && MR.snapshot ? cellAddress(MR, existingRow, 'month') : null;

  const TB = a.model.tables.TaskBook;
  const done: string[] = [];
  const open: string[] = [];
  if (TB.snapshot) {
    const [msI, peI, aeI] = ['milestone', 'plannedEnd', 'actualEnd'].map((k) => colPos(TB, k));
    for (const t of a.computed.aggregates.get(key ?? '')?.taskRows ?? []) {
      const v = TB.cells[t];
      const name = str(v[msI]);
      const ae = v[aeI];
      const pe = v[peI];
      if (isNumber(ae)) {
        if (ae >= from && ae < to) done.push(zh ? `${name}（${isoDay(ae)}）` : `${name} (${isoDay(ae)})`);
      } else if (isBlank(ae)) {
        const due = isNumber(pe) ? isoDay(pe) : zh ? '未定' : 'not set';
        open.push(zh ? `${name}（计划 ${due} 完成）` : `${name} (planned end ${due})`);
      }
    }
  }
  const plan = (m.plannedCost ?? 0) + (m.approvedAdjustments ?? 0);
  const actual = m.actualCost ?? 0;
  const pct = plan > 0 ? `${((actual / plan) * 100).toFixed(1)}%` : '';
  const escalation = m.escalation ? LISTS.Escalations.find((e) => e.key === m.escalation)![lang] : '—';
  const label = monthLabel(mi);
  const progress = zh
    ? [
        `${label} 完成的里程碑：${done.length ? done.join('、') : '无'}。`,
        `未完成的里程碑：${open.length ? open.join('、') : '无'}。`,
        `实际费用 ${amount(actual)} 元，当前计划 ${amount(plan)} 元${pct ? `（${pct}）` : ''}。`,
        `未批准延期 ${m.slipDays ?? 0} 天。升级级别：${escalation}。`,
      ].join('')
    : [
        `Milestones finished in ${label}: ${done.length ? done.join(', ') : 'none'}.`,
        `Open milestones: ${open.length ? open.join(', ') : 'none'}.`,
        `Actual cost ${amount(actual)} against a current plan of ${amount(plan)}${pct ? ` (${pct})` : ''}.`,
        `Unapproved slip: ${m.slipDays ?? 0} days. Escalation: ${escalation}.`,
      ].join(' ');

  const v = (k: string): CellValue => P.cells[row][colPos(P, k)];
  const stage = findListItem('Stages', v('stage'));
  const author = str(v('projectManager')) || str(v('salesOwner'));
  return {
    projectId: str(v('projectId')),
    month: from,
    existing,
    values: {
      projectId: v('projectId'),
      month: from,
      author: author || null,
      stage: stage ? stage[lang] : v('stage'),
      progress,
      submittedOn: Math.floor(options.today),
    },
  };
}
