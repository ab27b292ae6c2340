import { Lang } from './i18n';
import { parseAmountText } from './values';

/**
 * The one money format of the product (pane, messages, fix buttons, written sheets): ¥ with thousands
 * separators, decimals only when the amount has them (at most two). Hand-rolled: toLocaleString is far
 * too slow for tens of thousands of messages, and its grouping differs between runtimes.
 */
export function formatMoney(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  const cents = Math.round(Math.abs(x) * 100);
  const sign = x < 0 && cents !== 0 ? '-' : '';
  if (cents < 1e15) {
    // Whole cents below 10^15: the integer part and the cents exactly, as toString would print them.
    const c = cents % 100;
    return `${sign}¥${groupThousands(String((cents - c) / 100))}${c === 0 ? '' : c < 10 ? `.0${c}` : `.${c}`}`;
  }
  const text = (cents / 100).toString();
  const dot = text.indexOf('.');
  const int = dot < 0 ? text : text.slice(0, dot);
  // Whole parts of up to 15 digits are grouped; longer ones, and the exponent form from 1e21 on, are not.
  const grouped = int.length <= 15 && cents < 1e23 ? groupThousands(int) : int;
  const frac = dot < 0 ? '' : text.length - dot === 2 ? `${text.slice(dot)}0` : text.slice(dot);
  return `${sign}¥${grouped}${frac}`;
}

/** "1234567" → "1,234,567" (digits only). */
function groupThousands(digits: string): string {
  const n = digits.length;
  if (n <= 3) return digits;
  let head = ((n - 1) % 3) + 1;
  let out = digits.slice(0, head);
  for (; head < n; head += 3) out += `,${digits.slice(head, head + 3)}`;
  return out;
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
