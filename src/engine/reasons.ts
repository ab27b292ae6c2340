import { Analysis } from './analyze';
import { cell, Computed, feeRatio, ProjectMetrics } from './compute';
import { Lang, Text } from './i18n';
import { projectKey, Row, WorkbookModel } from './model';
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

/**
 * Makes one reason from its text in a language (`zh` true for Chinese): in both languages for the pane
 * and the sheets, in the one language asked for where only that one is shown (the CLI's JSON), so that
 * the other is never built.
 */
type Say<T> = (text: (zh: boolean) => string) => T;

const both: Say<Text> = (text) => ({ zh: text(true), en: text(false) });
const inZh: Say<string> = (text) => text(true);
const inEn: Say<string> = (text) => text(false);

/** The policy's figures the reasons quote, formatted once for every project. */
interface PolicyTexts {
  weightMargin: string;
  weightMarket: string;
  minScore: { A: string; B: string; C: string; D: string };
  leadPct: string;
  leadAmount: string;
}

function policyTexts(c: Computed): PolicyTexts {
  const p = c.policy;
  return {
    weightMargin: num(p.ScoreWeightMargin),
    weightMarket: num(p.ScoreWeightMarket),
    minScore: {
      A: num(p.GradeAMinScore),
      B: num(p.GradeBMinScore),
      C: num(p.GradeCMinScore),
      D: num(p.GradeCMinScore),
    },
    leadPct: formatPercent(p.LeadOverrunPct),
    leadAmount: formatMoney(p.LeadOverrunAmount),
  };
}

/** How the cap is derived, as a text in either language; null without a grade, a cap or a margin. */
function capHow(m: ProjectMetrics, margin: number | null, c: Computed): ((zh: boolean) => string) | null {
  if (m.grade === null || m.budgetCap === null || margin === null) return null;
  const grade = m.grade;
  const ratio = formatPercent(feeRatio(grade, c.policy));
  const base = formatMoney(Math.max(0, margin));
  return (zh) => (zh ? `${grade} 级：毛利 ${base} × ${ratio}` : `grade ${grade}: margin ${base} × ${ratio}`);
}

/** How the cap is derived: ¥88,000（B 级：毛利 ¥2,200,000 × 4%）. */
export function capDerivation(m: ProjectMetrics, margin: number | null, c: Computed): Text | null {
  const how = capHow(m, margin, c);
  return how && both(how);
}

export function projectReasons(model: WorkbookModel, c: Computed, row: Row, m: ProjectMetrics): ProjectReasons {
  return reasonsWith(model, c, row, m, both, policyTexts(c));
}

/** A project's reasons, each list made with `say`. */
function reasonsWith<T>(
  model: WorkbookModel,
  c: Computed,
  row: Row,
  m: ProjectMetrics,
  say: Say<T>,
  pt: PolicyTexts,
): { grade: T[]; cap: T[]; escalation: T[] } {
  const P = model.tables.Projects;
  const p = c.policy;
  const out: { grade: T[]; cap: T[]; escalation: T[] } = { grade: [], cap: [], escalation: [] };
  const marginV = cell(P, row, 'estGrossMargin');
  const margin = isNumber(marginV) ? marginV : null;
  const market = String(cell(P, row, 'market') ?? '').trim();

  // Grade.
  if (margin === null)
    out.grade.push(say((zh) => (zh ? '没有预计毛利额，无法评级' : 'No estimated gross margin, so no grade')));
  if (m.marketWeight === null)
    out.grade.push(
      say((zh) =>
        market
          ? zh
            ? `市场“${market}”不在市场权重表中，无法评级`
            : `Market "${market}" is not in the Markets table, so no grade`
          : zh
            ? '没有填写所在市场，无法评级'
            : 'No market, so no grade',
      ),
    );
  if (
    m.grade !== null &&
    m.importanceScore !== null &&
    m.marginTier !== null &&
    m.marketWeight !== null &&
    margin !== null
  ) {
    const grade = m.grade;
    const tier = m.marginTier;
    const weight = m.marketWeight;
    const tierMin = [0, 0, p.MarginTier2, p.MarginTier3, p.MarginTier4, p.MarginTier5][tier];
    // Each figure formatted once for both languages.
    const marginText = formatMoney(margin);
    const bound = formatMoney(tier > 1 ? tierMin : p.MarginTier2);
    out.grade.push(
      say((zh) =>
        tier > 1
          ? zh
            ? `毛利 ${marginText} ≥ ${bound} → 档位 ${tier}`
            : `margin ${marginText} ≥ ${bound} → tier ${tier}`
          : zh
            ? `毛利 ${marginText} < ${bound} → 档位 1`
            : `margin ${marginText} < ${bound} → tier 1`,
      ),
    );
    const score = m.importanceScore.toFixed(2);
    const sum = `${pt.weightMargin} × ${tier} + ${pt.weightMarket} × ${weight}`;
    const minText = pt.minScore[grade];
    out.grade.push(
      say((zh) =>
        grade === 'D'
          ? zh
            ? `得分 ${sum} = ${score} < ${minText} → D 级`
            : `score ${sum} = ${score} < ${minText} → grade D`
          : zh
            ? `得分 ${sum} = ${score} ≥ ${minText} → ${grade} 级（市场“${market}”权重 ${weight}）`
            : `score ${sum} = ${score} ≥ ${minText} → grade ${grade} (market "${market}" weight ${weight})`,
      ),
    );
  }

  // Cap.
  const how = capHow(m, margin, c);
  const capText = formatMoney(m.budgetCap);
  if (how && m.budgetCap !== null)
    out.cap.push(say((zh) => (zh ? `费用额度 ${capText}（${how(zh)}）` : `budget cap ${capText} (${how(zh)})`)));
  else out.cap.push(say((zh) => (zh ? '没有等级，无法计算费用额度' : 'No grade, so no budget cap')));

  if (!m.projectId || m.escalation === null) return out;
  const a = c.aggregates.get(projectKey(model.tables.Projects, row) ?? '');
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
  const at = (zh: boolean): string => (worst ? (zh ? `（里程碑“${worst}”）` : ` (milestone "${worst}")`) : '');
  const planMoney = formatMoney(plan);
  const plannedMoney = formatMoney(planned);
  const approved = m.approvedAdjustments;
  const approvedMoney = approved ? formatMoney(approved) : '';
  const planText = (zh: boolean): string =>
    approved
      ? zh
        ? `当前计划 ${planMoney}（计划 ${plannedMoney} + 已批准调整 ${approvedMoney}）`
        : `current plan ${planMoney} (planned ${plannedMoney} + approved ${approvedMoney})`
      : zh
        ? `当前计划 ${planMoney}`
        : `current plan ${planMoney}`;
  const E = out.escalation;
  if (m.budgetCap !== null && planned > m.budgetCap && how)
    E.push(
      say((zh) =>
        zh
          ? `计划费用 ${plannedMoney} > 费用额度 ${capText}（${how(zh)}）`
          : `planned cost ${plannedMoney} > budget cap ${capText} (${how(zh)})`,
      ),
    );
  if (overrun > 0) {
    const pct = formatPercent(m.overrunPct ?? 0);
    const overrunMoney = formatMoney(overrun);
    if (overrun > p.LeadOverrunPct * plan) {
      const leadPct = pt.leadPct;
      E.push(
        say((zh) =>
          zh
            ? `超支 ${overrunMoney} 占${planText(zh)}的 ${pct}，> ${leadPct}`
            : `overrun ${overrunMoney} is ${pct} of the ${planText(zh)}, > ${leadPct}`,
        ),
      );
    }
    if (overrun > p.LeadOverrunAmount) {
      const leadAmount = pt.leadAmount;
      E.push(say((zh) => (zh ? `超支 ${overrunMoney} > ${leadAmount}` : `overrun ${overrunMoney} > ${leadAmount}`)));
    }
    if (!(overrun > p.LeadOverrunPct * plan) && !(overrun > p.LeadOverrunAmount)) {
      const actualMoney = formatMoney(m.actualCost ?? 0);
      E.push(
        say((zh) =>
          zh
            ? `实际费用 ${actualMoney} 超出${planText(zh)} ${overrunMoney}（${pct}）`
            : `actual cost ${actualMoney} exceeds the ${planText(zh)} by ${overrunMoney} (${pct})`,
        ),
      );
    }
  }
  if (slip > 0) {
    const days = num(slip);
    const lead = p.LeadSlipDays;
    E.push(
      say((zh) =>
        slip > lead
          ? zh
            ? `未批准延期 ${days} 天 > ${lead} 天${at(zh)}`
            : `unapproved slip of ${days} days > ${lead} days${at(zh)}`
          : zh
            ? `未批准延期 ${days} 天${at(zh)}`
            : `unapproved slip of ${days} days${at(zh)}`,
      ),
    );
  }
  if (E.length === 0)
    E.push(
      say((zh) =>
        zh
          ? '没有超支、没有未批准延期，计划费用在额度内'
          : 'No overrun, no unapproved slip, planned cost within the cap',
      ),
    );
  return out;
}

/** The reasons of every project with an ID, by match key. */
export function reasonsByProject(a: Analysis): Map<string, ProjectReasons> {
  return eachProject(a, both, (rs) => rs);
}

/** Every project with an ID (its first row), by match key: its reasons made with `say`, then `as`. */
function eachProject<T, R>(
  a: Analysis,
  say: Say<T>,
  as: (rs: { grade: T[]; cap: T[]; escalation: T[] }) => R,
): Map<string, R> {
  const out = new Map<string, R>();
  const pt = policyTexts(a.computed);
  for (const { row, metrics } of a.computed.projects) {
    const k = matchKey(metrics.projectId);
    if (k !== null && !out.has(k)) out.set(k, as(reasonsWith(a.model, a.computed, row, metrics, say, pt)));
  }
  return out;
}

/** Reasons in one language, as JSON and sheets show them. */
export interface ReasonsIn {
  grade: string[];
  budgetCap: string[];
  escalation: string[];
}

/**
 * The reasons of every project with an ID, by match key, in one language only (what reasonsIn gives
 * from reasonsByProject, without building the other language).
 */
export function reasonsByProjectIn(a: Analysis, lang: Lang): Map<string, ReasonsIn> {
  return eachProject(a, lang === 'zh' ? inZh : inEn, (rs) => ({
    grade: rs.grade,
    budgetCap: rs.cap,
    escalation: rs.escalation,
  }));
}

/** Reasons in one language, for JSON and sheets. */
export function reasonsIn(rs: ProjectReasons, lang: Lang): ReasonsIn {
  return {
    grade: rs.grade.map((x) => x[lang]),
    budgetCap: rs.cap.map((x) => x[lang]),
    escalation: rs.escalation.map((x) => x[lang]),
  };
}
