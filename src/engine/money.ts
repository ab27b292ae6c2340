import { Lang } from './i18n';
import { parseAmountText } from './values';

/**
 * The one money format of the product (pane, messages, fix buttons, written sheets): ¥ with thousands
 * separators, decimals only when the amount has them (at most two). Hand-rolled: toLocaleString is far
 * too slow for tens of thousands of messages, and its grouping differs between runtimes.
 */
export function formatMoney(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  const neg = x < 0 && Math.round(Math.abs(x) * 100) !== 0;
  const [int, frac] = (Math.round(Math.abs(x) * 100) / 100).toString().split('.');
  const grouped = int.length > 15 ? int : int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}¥${grouped}${frac ? `.${frac.padEnd(2, '0')}` : ''}`;
}

/** A signed change: +¥8,000 / -¥5,000. */
export function formatMoneyChange(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return x > 0 ? `+${formatMoney(x)}` : formatMoney(x);
}

const trim = (n: number, digits: number): string => String(Number(n.toFixed(digits)));

/**
 * A large sum the way a reader takes it in at a glance: ¥1.2亿, ¥350万 (Chinese) or ¥120M, ¥3.5M, ¥350K
 * (English). Below 10,000 it is the full amount.
 */
export function formatMoneyShort(x: number | null | undefined, lang: Lang): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  const a = Math.abs(x);
  const sign = x < 0 ? '-' : '';
  if (lang === 'zh') {
    if (a >= 1e8) return `${sign}¥${trim(a / 1e8, 2)}亿`;
    if (a >= 1e4) return `${sign}¥${trim(a / 1e4, a >= 1e6 ? 0 : 1)}万`;
    return formatMoney(x);
  }
  if (a >= 1e9) return `${sign}¥${trim(a / 1e9, 2)}B`;
  if (a >= 1e6) return `${sign}¥${trim(a / 1e6, 2)}M`;
  if (a >= 1e4) return `${sign}¥${trim(a / 1e3, 1)}K`;
  return formatMoney(x);
}

/** The full amount, and for large sums also the short form: ¥120,000,000（¥1.2亿）. */
export function formatMoneyWithShort(x: number | null | undefined, lang: Lang): string {
  if (x === null || x === undefined || !Number.isFinite(x) || Math.abs(x) < 1e6) return formatMoney(x);
  const short = formatMoneyShort(x, lang);
  return lang === 'zh' ? `${formatMoney(x)}（${short}）` : `${formatMoney(x)} (${short})`;
}

/** A fraction as a percentage with one decimal: 0.125 → 12.5%. */
export function formatPercent(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return `${trim(x * 100, 1)}%`;
}

/**
 * An amount typed into a form, read exactly as the check reads a money cell: a number, or text such as
 * “3.5万”, “1.2亿”, “¥120,000”, “１２０，０００元”. Null when it does not read as an amount.
 */
export function readAmount(text: string): number | null {
  const s = text.trim();
  if (s === '') return null;
  if (/^[-+]?\d+(\.\d+)?$/.test(s)) return Number(s);
  const plus = s.startsWith('+') ? s.slice(1) : s;
  return parseAmountText(plus);
}
