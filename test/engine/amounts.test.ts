/** Amounts typed as text: what parseAmountText reads, and the findings a money cell with text gives. */
import { parseAmountText } from '../../src/engine/values';
import { at, baseline, run } from './build';

describe('parseAmountText', () => {
  test.each<[string, number]>([
    ['50万', 500_000],
    ['1.2亿', 120_000_000],
    ['¥120,000', 120_000],
    ['￥１２０，０００', 120_000],
    ['１２０，０００元', 120_000],
    ['120000元', 120_000],
    ['RMB 3,000', 3_000],
    ['rmb3000', 3_000],
    ['CNY 1,234.56', 1_234.56],
    ['人民币5000元', 5_000],
    ['(5,000)', -5_000],
    ['-2,500', -2_500],
    ['3.5k', 3_500],
    ['3.5K', 3_500],
    ['12千', 12_000],
    ['2百万', 2_000_000],
    ['1千万', 10_000_000],
    ['0.3亿', 30_000_000],
    ['1.15万', 11_500],
    ['  8,000  ', 8_000],
    ['5000', 5_000],
  ])('%s → %d', (text, n) => {
    expect(parseAmountText(text)).toBe(n);
  });

  test('decimal amounts scale exactly: 1.2亿 is 120000000 and 1.13亿 is 113000000 (1.13 × 1e8 is not)', () => {
    expect(Object.is(parseAmountText('1.2亿'), 120_000_000)).toBe(true);
    expect(1.13 * 1e8).not.toBe(113_000_000);
    expect(parseAmountText('1.13亿')).toBe(113_000_000);
    expect(parseAmountText('0.07万')).toBe(700);
  });

  test.each(['abc', '12/3', '1,23,4', '', '   ', '万', '¥', '1.2.3', '50万元abc', '2026-01-01', '#N/A', '--5', '1e5'])(
    '%j is not an amount',
    (text) => {
      expect(parseAmountText(text)).toBeNull();
    },
  );
});

describe('a money cell holding text', () => {
  test.each<[string, number]>([
    ['50万', 500_000],
    ['1.2亿', 120_000_000],
    ['￥１２０，０００', 120_000],
    ['RMB 3,000', 3_000],
  ])('%s → amount-as-text with fixValue %d', (text, n) => {
    const s = baseline('zh');
    s.TaskBook[1].actualCost = text;
    const a = run(s);
    const f = a.findings.filter((x) => x.code === 'amount-as-text');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({
      severity: 'error',
      table: 'TaskBook',
      column: 'actualCost',
      cell: at('TaskBook', 'G3'),
      fixValue: n,
    });
    expect(f[0].message.zh).toContain(text);
    // Like SUMIFS, the text is not added up until it is fixed.
    expect(a.projects[0].actualCost).toBe(20_000);
  });

  test('garbage text in a money cell → type-error, without a fix', () => {
    const s = baseline('zh');
    s.TaskBook[1].actualCost = 'about 5k';
    const f = run(s).findings;
    expect(f.map((x) => x.code)).toEqual(['type-error']);
    expect(f[0].fixValue).toBeUndefined();
    expect(f[0].cell).toBe(at('TaskBook', 'G3'));
  });

  test('a negative amount as text in a signed money column (Est. Gross Margin) carries the negative fix', () => {
    const s = baseline('zh');
    s.Projects[0].estGrossMargin = '(5,000)';
    const f = run(s).findings.find((x) => x.code === 'amount-as-text');
    expect(f).toMatchObject({ column: 'estGrossMargin', fixValue: -5_000 });
  });
});
