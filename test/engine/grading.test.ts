/**
 * Spec §3: margin tier, importance score, grade, sponsor rank and budget cap — at every boundary,
 * and following the Policy table.
 */
import { Analysis } from '../../src/engine/analyze';
import { ProjectMetrics } from '../../src/engine/compute';
import { PolicyKey } from '../../src/engine/policy';
import { CellValue, excelRound } from '../../src/engine/values';
import { at, baseline, describeFindings, policyRows, run } from './build';

/** The baseline project with another margin / market weight (contract value large enough for any margin). */
function metrics(
  margin: number,
  weight: CellValue = 4,
  policy: Partial<Record<PolicyKey, CellValue>> = {},
): { a: Analysis; m: ProjectMetrics } {
  const s = baseline('zh');
  s.Projects[0].estContractValue = 1e9;
  s.Projects[0].estGrossMargin = margin;
  s.Markets[1].weight = weight; // 重点市场
  s.Policy = policyRows(policy);
  const a = run(s);
  return { a, m: a.projects[0] };
}

describe('margin tier', () => {
  test.each([
    [10_000_000, 5],
    [5_000_000, 5],
    [4_999_999.99, 4],
    [2_000_000, 4],
    [1_999_999.99, 3],
    [1_000_000, 3],
    [999_999.99, 2],
    [300_000, 2],
    [299_999.99, 1],
    [0, 1],
    [-1, 1],
  ])('margin %d → tier %d', (margin, tier) => {
    expect(metrics(margin).m.marginTier).toBe(tier);
  });

  test('a negative margin: tier 1 and a budget cap of 0', () => {
    const { m } = metrics(-500_000, 5);
    expect(m.marginTier).toBe(1);
    expect(m.importanceScore).toBe(2.6); // 0.6 × 1 + 0.4 × 5
    expect(m.grade).toBe('C');
    expect(m.budgetCap).toBe(0);
  });

  test('no margin (blank) → no tier, no score, no grade, no cap', () => {
    const s = baseline('zh');
    s.Projects[0].estGrossMargin = null;
    const m = run(s).projects[0];
    expect(m).toMatchObject({ marginTier: null, importanceScore: null, grade: null, budgetCap: null, marketWeight: 4 });
  });
});

describe('importance score: ROUND(0.6 × tier + 0.4 × weight, 2), half away from zero', () => {
  test('0.6 × 3 + 0.4 × 2 is exactly 2.6 (not 2.5999999999999996)', () => {
    expect(0.6 * 3 + 0.4 * 2).not.toBe(2.6);
    const { m } = metrics(1_000_000, 2);
    expect(m.importanceScore).toBe(2.6);
    expect(m.grade).toBe('C');
  });
  test('every integer tier × weight combination equals its two-decimal value', () => {
    for (let tier = 1; tier <= 5; tier++)
      for (let w = 1; w <= 5; w++) {
        const margin = [0, 300_000, 1_000_000, 2_000_000, 5_000_000][tier - 1];
        const { m } = metrics(margin, w);
        expect(m.importanceScore).toBe(Number((0.6 * tier + 0.4 * w).toFixed(2)));
      }
  });
  test('3.995 rounds up to 4.00 → A; 3.994 rounds to 3.99 → B', () => {
    expect(metrics(5_000_000, 2.4875).m).toMatchObject({ importanceScore: 4, grade: 'A' });
    expect(metrics(5_000_000, 2.485).m).toMatchObject({ importanceScore: 3.99, grade: 'B' });
  });
  test('excelRound is Excel’s ROUND', () => {
    expect(excelRound(2.345, 2)).toBe(2.35);
    expect(excelRound(-2.345, 2)).toBe(-2.35);
    expect(excelRound(2.675, 2)).toBe(2.68);
    expect(excelRound(1.005, 2)).toBe(1.01);
    expect(excelRound(2.5, 0)).toBe(3);
    expect(excelRound(-2.5, 0)).toBe(-3);
    expect(excelRound(2.344999, 2)).toBe(2.34);
  });
});

describe('grade at its boundaries and the cap it brings', () => {
  test.each([
    // margin, weight, score, grade, cap ratio
    [2_000_000, 4, 4.0, 'A', 0.05],
    [5_000_000, 2, 3.8, 'B', 0.04],
    [1_000_000, 3, 3.0, 'B', 0.04],
    [1_000_000, 2, 2.6, 'C', 0.03],
    [300_000, 2, 2.0, 'C', 0.03],
    [299_999.99, 3, 1.8, 'D', 0.02],
    [299_999.99, 1, 1.0, 'D', 0.02],
  ])('margin %d, weight %d → score %d, grade %s, cap = margin × %d', (margin, weight, score, grade, ratio) => {
    const { m } = metrics(margin, weight);
    expect(m.importanceScore).toBe(score);
    expect(m.grade).toBe(grade);
    expect(m.budgetCap).toBe(margin * ratio);
  });
});

describe('market weight', () => {
  test('a market that is not in Markets → no weight, no grade, no cap, and a not-in-list finding', () => {
    const s = baseline('zh');
    s.Projects[0].market = '华南市场';
    const a = run(s);
    expect(a.projects[0]).toMatchObject({
      marketWeight: null,
      marginTier: 4,
      importanceScore: null,
      grade: null,
      budgetCap: null,
    });
    expect(a.findings.map((f) => [f.code, f.cell])).toEqual([['not-in-list', at('Projects', 'D2')]]);
  });
  test('a market whose weight is blank → no grade, and missing-value on Markets', () => {
    const { a, m } = metrics(2_000_000, null);
    expect(m).toMatchObject({ marketWeight: null, grade: null, budgetCap: null });
    expect(a.findings.map((f) => [f.code, f.table, f.column, f.cell])).toEqual([
      ['missing-value', 'Markets', 'weight', at('Markets', 'B3')],
    ]);
  });
  test('a market named in the other letter case still matches (Excel’s MATCH ignores case)', () => {
    const s = baseline('en');
    s.Projects[0].market = 'KEY';
    expect(run(s, { lang: 'en' }).projects[0].grade).toBe('A');
  });
});

describe('sponsor minimum role follows the grade', () => {
  const sponsorFindings = (margin: number, weight: number, sponsor: string): string[] => {
    const s = baseline('zh');
    s.Projects[0].estContractValue = 1e9;
    s.Projects[0].estGrossMargin = margin;
    s.Markets[1].weight = weight;
    s.Projects[0].sponsor = sponsor;
    s.TaskBook.forEach((r) => (r.plannedCost = 0)); // keep every cap satisfied
    s.TaskBook.forEach((r) => (r.actualCost = 0));
    const a = run(s);
    return a.findings.map((f) => f.code);
  };
  test.each([
    // grade, margin, weight, lowest sponsor allowed, one rank below
    ['A', 2_000_000, 4, '王建国', '李明'],
    ['B', 1_000_000, 3, '李明', '张伟'],
    ['C', 300_000, 2, '张伟', '刘洋'],
  ])('grade %s', (_g, margin, weight, ok, low) => {
    expect(sponsorFindings(margin, weight, ok)).toEqual([]);
    expect(sponsorFindings(margin, weight, low)).toEqual(['sponsor-role-too-low']);
  });
  test('grade D: a Sales Manager may sponsor', () => {
    expect(sponsorFindings(0, 1, '刘洋')).toEqual([]);
  });
});

describe('Policy overrides', () => {
  test('tier thresholds follow the Policy', () => {
    expect(metrics(2_000_000, 4, { MarginTier5: 1_500_000 }).m.marginTier).toBe(5);
    expect(metrics(2_000_000, 4, { MarginTier4: 2_000_000.01 }).m.marginTier).toBe(3);
  });
  test('score weights, grade thresholds and fee ratios follow the Policy', () => {
    expect(metrics(2_000_000, 4, { ScoreWeightMargin: 0.5, ScoreWeightMarket: 0.5 }).m.importanceScore).toBe(4);
    expect(metrics(2_000_000, 4, { ScoreWeightMargin: 0.5, ScoreWeightMarket: 0.25 }).m.importanceScore).toBe(3);
    expect(metrics(2_000_000, 4, { GradeAMinScore: 4.01 }).m.grade).toBe('B');
    expect(metrics(2_000_000, 4, { FeeRatioA: 0.1 }).m.budgetCap).toBe(200_000);
  });
  test('sponsor rank follows the Policy', () => {
    const s = baseline('zh');
    s.Projects[0].sponsor = '李明';
    s.Policy = policyRows({ SponsorRankA: 3 });
    expect(run(s).findings).toEqual([]);
  });
  test('a non-number Policy value falls back to the default (and is reported on the Policy table)', () => {
    const { a, m } = metrics(2_000_000, 4, { MarginTier5: 'abc' });
    expect(m.marginTier).toBe(4);
    expect(a.findings.map((f) => [f.code, f.table, f.column])).toEqual([['policy-invalid', 'Policy', 'value']]);
    // An empty value too: the sheet's formulas would read it as 0 while the engine uses the default.
    const blank = metrics(2_000_000, 4, { FeeRatioA: null });
    expect(blank.m.budgetCap).toBe(100_000);
    expect(blank.a.findings.map((f) => [f.code, f.table, f.column])).toEqual([['policy-invalid', 'Policy', 'value']]);
  });
  test('an empty Policy table means all defaults', () => {
    const s = baseline('zh');
    s.Policy = [];
    const a = run(s);
    expect(a.findings).toEqual([]);
    expect(a.projects[0]).toMatchObject({ grade: 'A', budgetCap: 100_000 });
  });
  test('a Policy row with a renamed key is ignored', () => {
    const { a, m } = metrics(2_000_000, 4);
    void a;
    const s = baseline('zh');
    s.Policy = [{ key: 'FeeRatioX', value: 0.5, description: '' }];
    expect(run(s).projects[0].budgetCap).toBe(m.budgetCap);
    expect(describeFindings(run(s))).toBe('');
  });
});
