/** Reading cell values the way Excel stores them: numbers, text, booleans, error values, dates as serials. */
export type CellValue = string | number | boolean | null | undefined;

const EXCEL_ERRORS = new Set([
  '#NULL!',
  '#DIV/0!',
  '#VALUE!',
  '#REF!',
  '#NAME?',
  '#NUM!',
  '#N/A',
  '#GETTING_DATA',
  '#SPILL!',
  '#CALC!',
  '#FIELD!',
  '#BLOCKED!',
  '#UNKNOWN!',
  '#CONNECT!',
  '#BUSY!',
]);

export const isExcelError = (v: CellValue): boolean =>
  typeof v === 'string' && v.charCodeAt(0) === 35 /* # */ && EXCEL_ERRORS.has(v.toUpperCase());

/** Empty as Excel's formulas see it: nothing, or an empty string. Whitespace is not empty to Excel, but is to a reader. */
export const isBlank = (v: CellValue): boolean =>
  v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

/** Whether text starting with this character is not blank: printable ASCII or a CJK ideograph. Others go the long way. */
export const startsNonBlank = (c0: number): boolean => (c0 > 32 && c0 < 127) || (c0 >= 0x4e00 && c0 <= 0x9fff);

export const isNumber = (v: CellValue): v is number => typeof v === 'number' && Number.isFinite(v);

/** Excel's serial date limits (1900-01-01 .. 9999-12-31). */
export const MIN_SERIAL = 1;
export const MAX_SERIAL = 2958465;

const DAY_MS = 86_400_000;
const EPOCH = Date.UTC(1899, 11, 30);

export function serialFromYmd(y: number, m: number, d: number): number {
  return Math.round((Date.UTC(y, m - 1, d) - EPOCH) / DAY_MS);
}

export function serialFromIso(iso: string): number | null {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(iso.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return serialFromYmd(y, mo, d);
}

export function isoFromSerial(serial: number): string {
  // Messages name the same few hundred dates thousands of times: format each day once.
  const day = Math.floor(serial);
  let iso = isoCache.get(day);
  if (iso === undefined) {
    // Outside Excel's dates (a typed 1e9, a negative): the number as typed, never a RangeError in a message.
    if (!(day >= 0 && day <= MAX_SERIAL)) return String(serial);
    iso = new Date(EPOCH + day * DAY_MS).toISOString().slice(0, 10);
    if (isoCache.size > 20_000) isoCache.clear();
    isoCache.set(day, iso);
  }
  return iso;
}
const isoCache = new Map<number, string>();

export function todaySerial(now: Date = new Date()): number {
  return serialFromYmd(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

/** Text that a person would read as a date: 2024-03-01, 2024/3/1, 2024.3.1, 2024年3月1日. */
export function dateFromText(text: string): number | null {
  const m = /^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$/.exec(toHalfWidth(text));
  if (!m) return null;
  return serialFromIso(`${m[1]}-${m[2]}-${m[3]}`);
}

/** Full-width digits, letters and punctuation (０-９, ，．) as ASCII. */
export function toHalfWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

const UNITS: Record<string, number> = {
  千: 1e3,
  k: 1e3,
  K: 1e3,
  万: 1e4,
  w: 1e4,
  W: 1e4,
  百万: 1e6,
  千万: 1e7,
  亿: 1e8,
};

/**
 * The amount a person meant by text typed into a money cell: “50万” → 500000, “1.2亿” → 120000000,
 * “¥120,000”, “１２０，０００元”, “RMB 3,000”. Null when the text does not read as an amount.
 */
export function parseAmountText(text: string): number | null {
  let s = toHalfWidth(text).trim();
  if (s === '') return null;
  let sign = 1;
  if (/^\(.*\)$/.test(s)) {
    sign = -1;
    s = s.slice(1, -1).trim();
  }
  s = s.replace(/^(人民币|RMB|CNY)\s*/i, '').replace(/^[¥￥]\s*/, '');
  if (s.startsWith('-')) {
    sign = -sign;
    s = s.slice(1).trim();
  }
  s = s.replace(/^[¥￥]\s*/, '').replace(/\s*(元整|元|块|RMB|CNY)$/i, '');
  const m = /^(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(百万|千万|千|万|亿|k|K|w|W)?$/.exec(s);
  if (!m) return null;
  const n = Number(m[1].replace(/,/g, '') + (m[2] ?? ''));
  if (!Number.isFinite(n)) return null;
  const unit = m[3] ? UNITS[m[3]] : 1;
  // Scale in decimal so 1.2亿 is exactly 120000000, not 119999999.99999999.
  const scaled = Number((n * unit).toPrecision(15));
  return sign * scaled;
}

/** Excel's ROUND: half away from zero, on the value Excel would display to 15 significant digits. */
export function excelRound(x: number, digits: number): number {
  const p = Math.pow(10, digits);
  const v = Number(Math.abs(x).toPrecision(15)) * p;
  const r = Math.round(Number(v.toPrecision(15)));
  return (Math.sign(x) * r) / p;
}

/**
 * Key by which Excel's SUMIFS/MAXIFS criteria match a cell: text case-insensitively, numbers by value
 * (SUMIFS also matches the text "1001" to the number 1001).
 */
export function matchKey(v: CellValue): string | null {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  // IDs repeat across every table; remembering their keys saves most of the engine's garbage.
  let k = keyCache.get(v);
  if (k === undefined) {
    const s = v.toLowerCase();
    const n = Number(s);
    k = s.trim() !== '' && Number.isFinite(n) && /^\s*[-+]?[\d.]+(e[-+]?\d+)?\s*$/.test(s) ? String(n) : s;
    if (keyCache.size > 200_000) keyCache.clear();
    keyCache.set(v, k);
  }
  return k;
}
const keyCache = new Map<string, string>();

export const displayValue = (v: CellValue): string =>
  v === null || v === undefined ? '' : typeof v === 'number' ? String(v) : String(v);
