import { Analysis } from './analyze';
import { cell, Computed, feeRatio, ProjectMetrics } from './compute';
import { Lang, Text } from './i18n';
import { Row, WorkbookModel } from './model';
import { formatMoney, formatPercent } from './money';
import { isNumber, matchKey } from './values';

/**
 * Why a project has its grade, its budget cap and its escalation level: each rule that fired, with its
 * numbers, in both languages (spec §3–§4). The pane shows these beside the badges, the review sheet in a
 * column, the CLI in its JSON.
 */
export interface ProjectReasons {
  grade: Text[];
  cap: Text[];
  escalation: Text[];
}

const num = (x: number): string => String(Number(x.toFixed(2)));

/** One reason in both languages, built from the same figures. */
const r = (zh: string, en: string): Text => ({ zh, en });

/** How the cap is derived: ¥88,000（B 级：毛利 ¥2,200,000 × 4%）. */
export function capDerivation(m: ProjectMetrics, margin: number | null, c: Computed): Text | null {
  if (m.grade === null || m.budgetCap === null || margin === null) return null;
  const ratio = formatPercent(feeRatio(m.grade, c.policy));
  const base = formatMoney(Math.max(0, margin));
  return r(`${m.grade} 级：毛利 ${base} × ${ratio}`, `grade ${m.grade}: margin ${base} × ${ratio}`);
}

export function projectReasons(model: WorkbookModel, c: Computed, row: Row, m: ProjectMetrics): ProjectReasons {
  const P = model.tables.Projects;
  const p = c.policy;
  const out: ProjectReasons = { grade: [], cap: [], escalation: [] };
  const marginV = cell(P, row, 'estGrossMargin');
  const margin = isNumber(marginV) ? marginV : null;
  const market = String(cell(P, row, 'market') ?? '').trim();

  // Grade.
  if (margin === null) out.grade.push(r('没有预计毛利额，无法评级', 'No estimated gross margin, so no grade'));
  if (m.marketWeight === null)
    out.grade.push(
      market
        ? r(`市场“${market}”不在市场权重表中，无法评级`, `Market "${market}" is not in the Markets table, so no grade`)
        : r('没有填写所在市场，无法评级', 'No market, so no grade'),
    );
  if (
    m.grade !== null &&
    m.importanceScore !== null &&
    m.marginTier !== null &&
    m.marketWeight !== null &&
    margin !== null
  ) {
    const tierMin = [0, 0, p.MarginTier2, p.MarginTier3, p.MarginTier4, p.MarginTier5][m.marginTier];
    // Each figure formatted once for both languages.
    const marginText = formatMoney(margin);
    const bound = formatMoney(m.marginTier > 1 ? tierMin : p.MarginTier2);
    out.grade.push(
      m.marginTier > 1
        ? r(
            `毛利 ${marginText} ≥ ${bound} → 档位 ${m.marginTier}`,
            `margin ${marginText} ≥ ${bound} → tier ${m.marginTier}`,
          )
        : r(`毛利 ${marginText} < ${bound} → 档位 1`, `margin ${marginText} < ${bound} → tier 1`),
    );
    const min = { A: p.GradeAMinScore, B: p.GradeBMinScore, C: p.GradeCMinScore, D: null }[m.grade];
    const score = m.importanceScore.toFixed(2);
    const sum = `${num(p.ScoreWeightMargin)} × ${m.marginTier} + ${num(p.ScoreWeightMarket)} × ${m.marketWeight}`;
    const minText = num(min === null ? p.GradeCMinScore : min);
    out.grade.push(
      min === null
        ? r(`得分 ${sum} = ${score} < ${minText} → D 级`, `score ${sum} = ${score} < ${minText} → grade D`)
        : r(
            `得分 ${sum} = ${score} ≥ ${minText} → ${m.grade} 级（市场“${market}”权重 ${m.marketWeight}）`,
            `score ${sum} = ${score} ≥ ${minText} → grade ${m.grade} (market "${market}" weight ${m.marketWeight})`,
          ),
    );
  }

  // Cap.
  const how = capDerivation(m, margin, c);
  const capText = formatMoney(m.budgetCap);
  if (how && m.budgetCap !== null)
    out.cap.push(r(`费用额度 ${capText}（${how.zh}）`, `budget cap ${capText} (${how.en})`));
  else out.cap.push(r('没有等级，无法计算费用额度', 'No grade, so no budget cap'));

  if (!m.projectId || m.escalation === null) return out;
  const a = c.aggregates.get(row.pk ?? '');
  const plan = (m.plannedCost ?? 0) + (m.approvedAdjustments ?? 0);
  const overrun = m.overrun ?? 0;
  const slip = m.slipDays ?? 0;
  const planned = m.plannedCost ?? 0;
  // The milestone that slipped most, to name it.
  let worst: string | null = null;
  if (a && slip > 0) {
    const TB = model.tables.TaskBook;
    for (const tr of a.taskRows)
      if ((c.milestoneSlip(tr) ?? 0) === slip) worst = String(cell(TB, tr, 'milestone') ?? '');
  }
  const at = worst ? { zh: `（里程碑“${worst}”）`, en: ` (milestone "${worst}")` } : { zh: '', en: '' };
  const planMoney = formatMoney(plan);
  const plannedMoney = formatMoney(planned);
  const approvedMoney = m.approvedAdjustments ? formatMoney(m.approvedAdjustments) : '';
  const planText = m.approvedAdjustments
    ? {
        zh: `当前计划 ${planMoney}（计划 ${plannedMoney} + 已批准调整 ${approvedMoney}）`,
        en: `current plan ${planMoney} (planned ${plannedMoney} + approved ${approvedMoney})`,
      }
    : { zh: `当前计划 ${planMoney}`, en: `current plan ${planMoney}` };
  const E = out.escalation;
  if (m.budgetCap !== null && planned > m.budgetCap && how)
    E.push(
      r(
        `计划费用 ${plannedMoney} > 费用额度 ${capText}（${how.zh}）`,
        `planned cost ${plannedMoney} > budget cap ${capText} (${how.en})`,
      ),
    );
  if (overrun > 0) {
    const pct = formatPercent(m.overrunPct ?? 0);
    const overrunMoney = formatMoney(overrun);
    if (overrun > p.LeadOverrunPct * plan) {
      const leadPct = formatPercent(p.LeadOverrunPct);
      E.push(
        r(
          `超支 ${overrunMoney} 占${planText.zh}的 ${pct}，> ${leadPct}`,
          `overrun ${overrunMoney} is ${pct} of the ${planText.en}, > ${leadPct}`,
        ),
      );
    }
    if (overrun > p.LeadOverrunAmount) {
      const leadAmount = formatMoney(p.LeadOverrunAmount);
      E.push(r(`超支 ${overrunMoney} > ${leadAmount}`, `overrun ${overrunMoney} > ${leadAmount}`));
    }
    if (!(overrun > p.LeadOverrunPct * plan) && !(overrun > p.LeadOverrunAmount)) {
      const actualMoney = formatMoney(m.actualCost ?? 0);
      E.push(
        r(
          `实际费用 ${actualMoney} 超出${planText.zh} ${overrunMoney}（${pct}）`,
          `actual cost ${actualMoney} exceeds the ${planText.en} by ${overrunMoney} (${pct})`,
        ),
      );
    }
  }
  if (slip > 0) {
    const days = num(slip);
    E.push(
      slip > p.LeadSlipDays
        ? r(
            `未批准延期 ${days} 天 > ${p.LeadSlipDays} 天${at.zh}`,
            `unapproved slip of ${days} days > ${p.LeadSlipDays} days${at.en}`,
          )
        : r(`未批准延期 ${days} 天${at.zh}`, `unapproved slip of ${days} days${at.en}`),
    );
  }
  if (E.length === 0)
    E.push(
      r('没有超支、没有未批准延期，计划费用在额度内', 'No overrun, no unapproved slip, planned cost within the cap'),
    );
  return out;
}

/** The reasons of every project with an ID, by match key. */
export function reasonsByProject(a: Analysis): Map<string, ProjectReasons> {
  const out = new Map<string, ProjectReasons>();
  for (const { row, metrics } of a.computed.projects) {
    const k = matchKey(metrics.projectId);
    if (k !== null && !out.has(k)) out.set(k, projectReasons(a.model, a.computed, row, metrics));
  }
  return out;
}

/** Reasons in one language, for JSON and sheets. */
export function reasonsIn(
  rs: ProjectReasons,
  lang: Lang,
): { grade: string[]; budgetCap: string[]; escalation: string[] } {
  return {
    grade: rs.grade.map((x) => x[lang]),
    budgetCap: rs.cap.map((x) => x[lang]),
    escalation: rs.escalation.map((x) => x[lang]),
  };
}
