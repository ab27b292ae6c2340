import { nextRequestId } from '../../src/engine/approvals';
import { formatMoney, formatMoneyShort, formatMoneyWithShort, readAmount } from '../../src/engine/money';

test('a new request ID follows the numbering the sheet already uses', () => {
  expect(nextRequestId(['ADJ-001', 'ADJ-002', 'ADJ-005', 'ADJ-005'])).toBe('ADJ-006');
  expect(nextRequestId([])).toBe('ADJ-001');
  expect(nextRequestId(['TZ-9', 'TZ-10', 'odd'])).toBe('TZ-11');
  // The most used prefix wins; a taken ID is skipped (case-insensitively, as Excel's lookups compare).
  expect(nextRequestId(['A-1', 'A-2', 'B-7', 'a-3'])).toBe('A-4');
});

test('one money format, and amounts read as the check reads them', () => {
  expect(formatMoney(35000)).toBe('¥35,000');
  expect(formatMoney(-1234.5)).toBe('-¥1,234.50');
  expect(formatMoney(null)).toBe('—');
  expect(formatMoneyShort(120_000_000, 'zh')).toBe('¥1.2亿');
  expect(formatMoneyShort(3_500_000, 'zh')).toBe('¥350万');
  expect(formatMoneyShort(120_000_000, 'en')).toBe('¥120M');
  expect(formatMoneyWithShort(120_000_000, 'zh')).toBe('¥120,000,000（¥1.2亿）');
  expect(formatMoneyWithShort(35_000, 'zh')).toBe('¥35,000');
  expect(readAmount('3.5万')).toBe(35000);
  expect(readAmount('1.2亿')).toBe(120_000_000);
  expect(readAmount('¥120,000')).toBe(120000);
  expect(readAmount('-5000')).toBe(-5000);
  expect(readAmount('abc')).toBeNull();
});
