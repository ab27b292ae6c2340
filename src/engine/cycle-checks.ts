import type { Report } from './checks';
import { Computed, projectRowAt } from './compute';
import { Text } from './i18n';
import { findListItem, LISTS } from './lists';
import { cellAddress, colPos, projectAt, projectKey, Row, TableData, WorkbookModel } from './model';
import {
  dueDates,
  isoDay,
  missingMonths,
  monthFromText,
  monthLabel,
  monthStart,
  overdueActions,
  warRoomOverdue,
} from './monthly';
import { ColumnSchema } from './schema';
import { CellValue, isBlank, isNumber } from './values';

/** The findings of the monthly cycle (spec §8): reports, war-room meetings, their decisions and actions. */

const h = (c: ColumnSchema): Text => ({ zh: `「${c.header.zh}」`, en: `"${c.header.en}"` });
const show = (v: CellValue): string => (v === null || v === undefined ? '' : String(v));
const sameName = (a: CellValue, b: CellValue): boolean =>
  typeof a === 'string' &&
  typeof b === 'string' &&
  a.trim() !== '' &&
  // Names are mostly typed the same way in both places: compare as typed before folding case.
  (a === b || a.trim().toLowerCase() === b.trim().toLowerCase());

/** A month typed as text: read as the month it names (with a one-click fix), else a type error. */
export function checkMonthText(rep: Report, t: TableData, r: Row, col: ColumnSchema, v: string): void {
  const mi = monthFromText(v);
  if (mi === null) {
    rep.add('type-error', 'error', t, r, col.key, {
      zh: `${h(col).zh}应为月份，现为“${v}”，无法识别。请输入该月 1 日的日期（例如 2026-10-01），单元格显示为 2026-10。`,
      en: `${h(col).en} must be a month, not "${v}", which does not read as one. Enter the first day of the month (such as 2026-10-01); the cell shows 2026-10.`,
    });
    return;
  }
  rep.add(
    'month-as-text',
    'error',
    t,
    r,
    col.key,
    {
      zh: `${h(col).zh}是文本“${v}”，公式无法据此计算截止日期。它表示 ${monthLabel(mi)}，可一键改为该月 1 日的日期。`,
      en: `${h(col).en} holds the text "${v}", from which formulas cannot compute the due date. It reads as ${monthLabel(mi)}; fix it to write the first day of that month as a date.`,
    },
    { fixValue: monthStart(mi), fixFrom: v },
  );
}

/** A percentage cell: a fraction 0–1 (60% is 0.6). */
export function checkPercent(rep: Report, t: TableData, r: Row, col: ColumnSchema, v: CellValue): void {
  if (isNumber(v)) {
    if (v < 0 || v > 1)
      rep.add('out-of-range', 'error', t, r, col.key, {
        zh: `${h(col).zh}应在 0%–100% 之间，现为 ${v}。输入 60% 或 0.6 表示 60%。`,
        en: `${h(col).en} must be between 0% and 100%; it is ${v}. Type 60% or 0.6 for 60%.`,
      });
    return;
  }
  const m = typeof v === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*[%％]\s*$/.exec(v) : null;
  rep.add(
    'type-error',
    'error',
    t,
    r,
    col.key,
    m
      ? {
          zh: `${h(col).zh}是文本“${show(v)}”而不是数字。请重新输入 ${m[1]}%（数字格式的单元格）。`,
          en: `${h(col).en} holds the text "${show(v)}", not a number. Re-enter it as ${m[1]}% in a number cell.`,
        }
      : {
          zh: `${h(col).zh}应为百分比，现为“${show(v)}”。请输入例如 60%。`,
          en: `${h(col).en} must be a percentage, not "${show(v)}". Enter a value such as 60%.`,
        },
  );
}

/** Months oldest first, as a person reads a list of dates. */
const months = (list: number[], lang: 'zh' | 'en'): string => {
  const labels: string[] = [];
  for (let i = list.length - 1; i >= 0; i--) labels.push(monthLabel(list[i]));
  return labels.join(lang === 'zh' ? '、' : ', ');
};

export function checkMonthlyCycle(rep: Report, model: WorkbookModel, c: Computed): void {
  const { Projects: P, MonthlyReports: MR, WarRoom: WR } = model.tables;
  if (!P.snapshot) return;
  const at = c.asOf;
  const p = c.policy;
  const pmI = colPos(P, 'projectManager');
  const soI = colPos(P, 'salesOwner');
  const spI = colPos(P, 'sponsor');
  const stI = colPos(P, 'status');
  const regI = colPos(P, 'registeredOn');
  // Per project: missing reports and war-room gaps.
  for (let iP = 0; iP < c.projects.length; iP++) {
    const { row: r, metrics: m } = c.projects[iP];
    if (!m.projectId) continue;
    const status = findListItem('Statuses', P.cells[r][stI])?.key;
    if (status !== 'active' && status !== 'onHold') continue;
    const cycle = projectAt(c.cycle.byNumber, P.projectOf[r]);
    const reg = P.cells[r][regI];
    const extra = { projectId: m.projectId };
    if (MR.snapshot && isNumber(reg)) {
      const miss = missingMonths(cycle, reg, at, p.ReportDueDay);
      if (miss.count > 0) {
        const more = miss.count - miss.latest.length;
        rep.add(
          'monthly-report-missing',
          'warning',
          P,
          r,
          'projectId',
          {
            zh: `项目 ${m.projectId} 缺少 ${miss.count} 个月的月度进展报告：${months(miss.latest, 'zh')}${more > 0 ? `，以及更早的 ${more} 个月` : ''}。每月报告应于次月 ${p.ReportDueDay} 日前提交；请由项目经理在月度进展报告中补写，或在任务窗格的“项目”页点击“起草本月报告”。`,
            en: `Project ${m.projectId} lacks the monthly progress report for ${miss.count} month${miss.count === 1 ? '' : 's'}: ${months(miss.latest, 'en')}${more > 0 ? `, and ${more} earlier` : ''}. Each report is due on day ${p.ReportDueDay} of the next month; have the project manager write them in MonthlyReports, or use Draft this month's report on the pane's Project page.`,
          },
          extra,
        );
      }
    }
    if (status === 'active' && WR.snapshot) {
      const gap = warRoomOverdue(c, WR, cycle, m.grade, reg, at);
      if (gap) {
        const since: Text =
          gap.from === 'meeting'
            ? {
                zh: `上次项目分析会在 ${isoDay(gap.since)}`,
                en: `its last war-room meeting was on ${isoDay(gap.since)}`,
              }
            : {
                zh: `登记（${isoDay(gap.since)}）以来从未召开项目分析会`,
                en: `it has had no war-room meeting since it was registered on ${isoDay(gap.since)}`,
              };
        rep.add(
          'war-room-overdue',
          'warning',
          P,
          r,
          'projectId',
          {
            zh: `${m.grade} 级项目 ${m.projectId} 应至少每 ${gap.limit} 天召开一次项目分析会，${since.zh}（已 ${gap.days} 天）。请发起人召开分析会，并在项目分析会表中记录决定。`,
            en: `Grade ${m.grade} project ${m.projectId} needs a war-room meeting at least every ${gap.limit} days; ${since.en} (${gap.days} days ago). Have the sponsor hold one and record its decision in WarRoom.`,
          },
          extra,
        );
      }
    }
  }

  if (MR.snapshot) checkReports(rep, model, c, pmI, soI);

  if (WR.snapshot) checkMeetings(rep, model, c, spI);
}

/** WarRoom rows: decisions not followed up, chairs who are not the sponsor, overdue actions (a loop of its own for V8). */
function checkMeetings(rep: Report, model: WorkbookModel, c: Computed, spI: number): void {
  const { Projects: P, WarRoom: WR, Terminations: TE, Adjustments: AD } = model.tables;
  const at = c.asOf;
  const dateI = colPos(WR, 'meetingDate');
  const chairI = colPos(WR, 'chair');
  const decI = colPos(WR, 'decision');
  const idI = colPos(P, 'projectId');
  const requestsOnOrAfter = (t: TableData, rows: readonly Row[] | undefined, date: number): boolean => {
    if (!t.snapshot || !rows) return false;
    const ri = colPos(t, 'requestDate');
    return rows.some((x) => isNumber(t.cells[x][ri]) && (t.cells[x][ri] as number) >= date);
  };
  for (let iR = 0; iR < WR.rows.length; iR++) {
    const r = WR.rows[iR];
    const pr = projectRowAt(c, WR.projectOf[r]);
    if (pr === undefined) continue;
    const id = show(P.cells[pr][idI]);
    const date = WR.cells[r][dateI];
    const decision = findListItem('MeetingDecisions', WR.cells[r][decI])?.key;
    const agg = projectAt(c.aggregateAt, WR.projectOf[r]);
    if (isNumber(date) && decision === 'terminate' && !requestsOnOrAfter(TE, agg?.terminationRows, date)) {
      rep.add('terminate-not-requested', 'error', WR, r, 'decision', {
        zh: `${isoDay(date)} 的项目分析会决定终止项目 ${id}，但终止申请和审批表中没有该日或之后提交的申请。请提交终止申请并报审批。`,
        en: `The war-room meeting of ${isoDay(date)} decided to terminate project ${id}, but Terminations holds no request dated on or after it. File the termination request for approval.`,
      });
    }
    if (isNumber(date) && decision === 'adjust' && !requestsOnOrAfter(AD, agg?.adjustmentRows, date)) {
      rep.add('adjustment-not-filed', 'warning', WR, r, 'decision', {
        zh: `${isoDay(date)} 的项目分析会决定调整项目 ${id}，但任务书调整表中没有该日或之后提交的调整单。请填写调整申请（计划或预算）并报审批。`,
        en: `The war-room meeting of ${isoDay(date)} decided to adjust project ${id}, but Adjustments holds no request dated on or after it. File the adjustment (plan or budget) for approval.`,
      });
    }
    const chair = WR.cells[r][chairI];
    const sponsor = P.cells[pr][spI];
    if (
      typeof chair === 'string' &&
      chair.trim() !== '' &&
      typeof sponsor === 'string' &&
      sponsor.trim() !== '' &&
      !sameName(chair, sponsor)
    ) {
      const cr = c.people.get(chair.trim())?.rank ?? null;
      const sr = c.people.get(sponsor.trim())?.rank ?? null;
      if (!(cr !== null && sr !== null && cr >= sr)) {
        const role = (rank: number | null): Text => {
          const it = LISTS.Roles.find((x) => x.rank === rank);
          return it ? { zh: it.zh, en: it.en } : { zh: '角色未知', en: 'role unknown' };
        };
        rep.add('chair-not-sponsor', 'info', WR, r, 'chair', {
          zh: `分析会主持人“${chair}”（${role(cr).zh}）不是项目发起人“${sponsor}”（${role(sr).zh}），级别也不高于发起人。项目是否继续应由发起人或更高级别的人员主持决定；请确认主持人，或请发起人复核该决定。`,
          en: `The chair "${chair}" (${role(cr).en}) is not the sponsor "${sponsor}" (${role(sr).en}) and does not rank as high. Whether the sale goes on is for the sponsor or someone senior to decide; check the chair, or have the sponsor confirm the decision.`,
        });
      }
    }
  }
  for (const r of overdueActions(WR, WR.rows, at)) {
    const due = WR.cells[r][colPos(WR, 'actionDue')] as number;
    const owner = show(WR.cells[r][colPos(WR, 'actionOwner')]);
    rep.add('action-overdue', 'warning', WR, r, 'actionDue', {
      zh: `行动项“${show(WR.cells[r][colPos(WR, 'actions')])}”（责任人 ${owner || '未指定'}）应于 ${isoDay(due)} 完成，尚未标记完成。请跟进；完成后把「是否完成」设为“是”。`,
      en: `The action "${show(WR.cells[r][colPos(WR, 'actions')])}" (owner ${owner || 'not named'}) was due on ${isoDay(due)} and is not marked Done. Follow it up; set "Done" to Yes once it is.`,
    });
  }
}

function checkReports(rep: Report, model: WorkbookModel, c: Computed, pmI: number, soI: number): void {
  const { Projects: P, MonthlyReports: MR } = model.tables;
  const authorI = colPos(MR, 'author');
  const subI = colPos(MR, 'submittedOn');
  const first = new Map<string, Map<number, Row>>();
  const dueOf = dueDates(c.policy.ReportDueDay);
  // Two reports for one month are rare: look for them only in projects with more dated reports than months.
  const twice = new Set<string>();
  const cycles = c.cycle.byNumber;
  for (let o = 0; o < cycles.length; o++) {
    const p = cycles[o];
    if (p !== undefined && p.datedReports > p.months.size) twice.add(model.projectKeys[o]);
  }
  // The project of the row before: a project's reports usually follow each other.
  let lastPk: string | null | undefined = undefined;
  let pr: Row | undefined;
  for (let iR = 0; iR < MR.rows.length; iR++) {
    const r = MR.rows[iR];
    const v = MR.cells[r];
    const pk = projectKey(MR, r);
    const mi = c.cycle.reportMonth.get(r) ?? null;
    if (mi !== null && pk !== null && twice.size > 0 && twice.has(pk)) {
      let seen = first.get(pk);
      if (!seen) first.set(pk, (seen = new Map()));
      const prior = seen.get(mi);
      if (prior !== undefined) {
        const id = show(v[colPos(MR, 'projectId')]);
        const where = cellAddress(MR, prior, 'month');
        rep.add('duplicate-key', 'error', MR, r, 'month', {
          zh: `项目 ${id} 的 ${monthLabel(mi)} 月度报告重复（首次出现在 ${where}）。每个项目每月只写一份报告；请合并两行，或更正报告月份。`,
          en: `Project ${id} has a second report for ${monthLabel(mi)} (the first is at ${where}). Write one report per project and month; merge the rows or correct the month.`,
        });
      } else seen.set(mi, r);
    }
    const due = mi === null ? null : dueOf(mi);
    const sub = v[subI];
    if (due !== null && isNumber(sub) && sub > due) {
      rep.add('report-late', 'info', MR, r, 'submittedOn', {
        zh: `${monthLabel(mi!)} 的报告于 ${isoDay(sub)} 提交，晚于截止日期 ${isoDay(due)}（${Math.floor(sub - due)} 天）。请按时提交下月报告。`,
        en: `The ${monthLabel(mi!)} report was submitted on ${isoDay(sub)}, after its due date ${isoDay(due)} (${Math.floor(sub - due)} days late). Submit next month's on time.`,
      });
    }
    const author = v[authorI];
    if (pk !== lastPk) {
      lastPk = pk;
      pr = projectRowAt(c, MR.projectOf[r]);
    }
    if (
      pr !== undefined &&
      typeof author === 'string' &&
      !isBlank(author) &&
      !sameName(author, P.cells[pr][pmI]) &&
      !sameName(author, P.cells[pr][soI])
    ) {
      rep.add('report-author-not-pm', 'warning', MR, r, 'author', {
        zh: `报告撰写人“${author}”既不是项目经理“${show(P.cells[pr][pmI])}”，也不是销售负责人“${show(P.cells[pr][soI])}”。月度报告应由项目经理撰写；请更正撰写人，或在项目信息表中更新项目经理。`,
        en: `The author "${author}" is neither the project manager "${show(P.cells[pr][pmI])}" nor the sales owner "${show(P.cells[pr][soI])}". The project manager writes the monthly report; correct the author, or update the project manager in Projects.`,
      });
    }
  }
}
