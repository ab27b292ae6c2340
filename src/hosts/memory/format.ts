/** Best-effort number-format rendering (Range.text) and Excel-like parsing of typed input. */

export interface ErrorValue {
  error: string;
}
export type CellValue = number | string | boolean | ErrorValue | null;

export const ERROR_STRINGS = [
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
  '#BUSY!',
];

export function isErrorValue(v: unknown): v is ErrorValue {
  return typeof v === 'object' && v !== null && typeof (v as ErrorValue).error === 'string';
}

const MS_PER_DAY = 86400000;
const EPOCH_1899 = Date.UTC(1899, 11, 30);

/** JS Date (UTC parts) → Excel serial, 1900 date system (keeps Excel's fictitious 1900-02-29). */
export function dateToSerial(d: Date): number {
  const serial = (d.getTime() - EPOCH_1899) / MS_PER_DAY;
  return serial < 61 ? serial - 1 : serial;
}

export function serialToDate(serial: number): Date {
  const s = serial < 61 ? serial + 1 : serial;
  return new Date(EPOCH_1899 + Math.round(s * MS_PER_DAY));
}

export function isDateFormat(nf: string | undefined): boolean {
  if (!nf) return false;
  const stripped = nf
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '');
  return /[yd]/i.test(stripped) || /h+:m/i.test(stripped) || /^m+$/i.test(stripped.trim());
}

function pad(n: number, w: number): string {
  return String(n).padStart(w, '0');
}

function formatDate(serial: number, nf: string): string {
  const d = serialToDate(serial);
  const Y = d.getUTCFullYear(),
    M = d.getUTCMonth() + 1,
    D = d.getUTCDate();
  const h = d.getUTCHours(),
    mi = d.getUTCMinutes(),
    s = d.getUTCSeconds();
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  let out = '';
  let lastWasHour = false;
  const fmt = nf.replace(/\[[^\]]*\]/g, '');
  for (let i = 0; i < fmt.length;) {
    const ch = fmt[i];
    if (ch === '"') {
      const j = fmt.indexOf('"', i + 1);
      out += fmt.slice(i + 1, j < 0 ? undefined : j);
      i = j < 0 ? fmt.length : j + 1;
      continue;
    }
    if (ch === '\\') {
      out += fmt[i + 1] ?? '';
      i += 2;
      continue;
    }
    const run = /^(y+|m+|d+|h+|s+|AM\/PM)/i.exec(fmt.slice(i));
    if (run) {
      const tok = run[1].toLowerCase();
      if (tok[0] === 'y') out += tok.length <= 2 ? pad(Y % 100, 2) : String(Y);
      else if (tok[0] === 'm') {
        const isMinute = lastWasHour || /^m+:?s/i.test(fmt.slice(i).replace(/^m+:/i, 'm:'));
        if (isMinute && tok.length <= 2) out += tok.length === 2 ? pad(mi, 2) : String(mi);
        else out += tok.length === 1 ? String(M) : tok.length === 2 ? pad(M, 2) : months[M - 1];
      } else if (tok[0] === 'd') out += tok.length === 1 ? String(D) : pad(D, 2);
      else if (tok[0] === 'h') out += tok.length === 1 ? String(h) : pad(h, 2);
      else if (tok[0] === 's') out += tok.length === 1 ? String(s) : pad(s, 2);
      else out += h < 12 ? 'AM' : 'PM';
      lastWasHour = tok[0] === 'h';
      i += run[1].length;
      continue;
    }
    if (ch !== ':' && ch !== ' ') lastWasHour = false;
    out += ch;
    i++;
  }
  return out;
}

function generalNumber(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e11) return String(v);
  const p = Number(v.toPrecision(10));
  return String(p);
}

function formatNumberSection(v: number, sec: string): string {
  let fmt = sec.replace(/\[[^\]]*\]/g, '');
  let prefix = '',
    suffix = '',
    core = '';
  // split literals from placeholders
  let i = 0,
    state: 'pre' | 'core' | 'post' = 'pre';
  while (i < fmt.length) {
    const ch = fmt[i];
    let lit = '';
    if (ch === '"') {
      const j = fmt.indexOf('"', i + 1);
      lit = fmt.slice(i + 1, j < 0 ? undefined : j);
      i = j < 0 ? fmt.length : j + 1;
    } else if (ch === '\\') {
      lit = fmt[i + 1] ?? '';
      i += 2;
    } else if (ch === '_') {
      lit = ' ';
      i += 2;
    } else if (ch === '*') {
      i += 2;
      continue;
    } else if ('0#?.,'.includes(ch) && state !== 'post') {
      state = 'core';
      core += ch;
      i++;
      continue;
    } else {
      lit = ch;
      i++;
    }
    if (state === 'pre') prefix += lit;
    else {
      state = 'post';
      suffix += lit;
    }
  }
  fmt = core;
  const percent = (prefix + suffix).includes('%');
  if (percent) v *= 100;
  const dot = core.indexOf('.');
  const decimals = dot >= 0 ? core.slice(dot + 1).replace(/[^0#?]/g, '').length : 0;
  const minDec = dot >= 0 ? core.slice(dot + 1).replace(/[^0]/g, '').length : 0;
  const thousands = (dot >= 0 ? core.slice(0, dot) : core).includes(',');
  let s = Math.abs(v).toFixed(decimals);
  if (decimals > minDec) {
    const [ip, frac = ''] = s.split('.');
    let fp = frac;
    while (fp.length > minDec && fp.endsWith('0')) fp = fp.slice(0, -1);
    s = fp ? `${ip}.${fp}` : ip;
  }
  if (thousands) {
    const [ip, fp] = s.split('.');
    s = ip.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (fp !== undefined ? '.' + fp : '');
  }
  const intMin = (dot >= 0 ? core.slice(0, dot) : core).replace(/[^0]/g, '').length;
  if (intMin === 0 && s.startsWith('0') && core.length > 0 && !core.startsWith('0'))
    s = s.replace(/^0(?=\.|$)/, s.includes('.') ? '' : '0');
  return prefix + s + suffix;
}

/** Render a cell value with a number format the way Range.text would (best effort). */
export function formatValue(v: CellValue, nf?: string): string {
  if (v === null || v === undefined || v === '') return '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (isErrorValue(v)) return v.error;
  if (typeof v === 'string') return v;
  const format = !nf || nf === 'General' ? '' : nf;
  if (!format) return generalNumber(v);
  if (format === '@') return generalNumber(v);
  const sections = format.split(';');
  let sec = sections[0];
  let val = v;
  if (v < 0 && sections.length > 1) {
    sec = sections[1];
    val = -v;
  } else if (v === 0 && sections.length > 2) sec = sections[2];
  if (isDateFormat(sec)) return formatDate(val, sec);
  if (/general/i.test(sec)) return (v < 0 && val > 0 ? '' : '') + generalNumber(val);
  const out = formatNumberSection(val, sec);
  return v < 0 && sections.length === 1 ? '-' + out : out;
}

export interface ParsedInput {
  value: CellValue;
  numberFormat?: string;
}

/**
 * True when parseInput keeps the string as it is whatever the cell's format, told by its first
 * character: every form Excel reads (a number, a percentage, a date, TRUE/FALSE, an error, a leading
 * apostrophe) starts with a digit, a sign, a point, T, F, # or ' — or with space that trim() drops.
 * Most text a workbook holds (names, Chinese) is decided here without a regular expression.
 */
export function keepsText(s: string): boolean {
  const c = s.charCodeAt(0);
  if (c >= 0x3001) return c !== 0xfeff; // CJK and the rest above the ideographic space; U+FEFF is trimmed
  if (c >= 0x80 || c <= 0x20) return false; // may be space trim() drops
  // ASCII: 0-9 + - . T t F f # ' may start a number, date, boolean, error or the apostrophe.
  if (c >= 0x30 && c <= 0x39) return false;
  return !(
    c === 0x2b ||
    c === 0x2d ||
    c === 0x2e ||
    c === 0x54 ||
    c === 0x74 ||
    c === 0x46 ||
    c === 0x66 ||
    c === 0x23 ||
    c === 0x27
  );
}

/**
 * Excel parses strings written through `values` like typed input: "12" becomes a number,
 * "TRUE" a boolean, "50%" 0.5, "2024-01-01" a date serial. A leading apostrophe forces text.
 * Cells formatted as text ("@") keep the string as is.
 */
export function parseInput(s: string, currentFormat?: string): ParsedInput {
  if (s.startsWith("'")) return { value: s.slice(1) };
  if (currentFormat === '@') return { value: s };
  const t = s.trim();
  if (t === '') return { value: s };
  // A number, percentage or date starts with a digit, a sign or a point; TRUE, FALSE and the error
  // values are 4, 5 or from '#' on (toUpperCase never shortens a string): other text is decided here.
  const first = t.charCodeAt(0);
  if (!((first >= 0x30 && first <= 0x39) || first === 0x2b || first === 0x2d || first === 0x2e)) {
    if (t.length !== 4 && t.length !== 5 && first !== 0x23) return { value: s };
    const up = t.toUpperCase();
    if (up === 'TRUE') return { value: true };
    if (up === 'FALSE') return { value: false };
    if (ERROR_STRINGS.includes(up)) return { value: { error: up } };
    return { value: s };
  }
  if (
    /^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?([eE][+-]?\d+)?$/.test(t) &&
    /\d/.test(t) &&
    !/^[+-]?\d*\.?\d*[eE]$/.test(t)
  ) {
    if (/^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d*)?([eE][+-]?\d+)?$|^[+-]?\.\d+([eE][+-]?\d+)?$/.test(t))
      return { value: Number(t.replace(/,/g, '')) };
  }
  const pm = /^([+-]?\d+(\.\d+)?)%$/.exec(t);
  if (pm) return { value: Number(pm[1]) / 100, numberFormat: pm[2] ? '0.00%' : '0%' };
  const up = t.toUpperCase();
  if (up === 'TRUE') return { value: true };
  if (up === 'FALSE') return { value: false };
  if (ERROR_STRINGS.includes(up)) return { value: { error: up } };
  // Month/day without a year ("3/4", "1-2") is a date of the current year, as Excel reads it (en-US, zh-CN).
  const md = /^(\d{1,2})[-/](\d{1,2})$/.exec(t);
  if (md) {
    const y = new Date().getFullYear(),
      m = Number(md[1]),
      d = Number(md[2]);
    const dt = new Date(Date.UTC(y, m - 1, d));
    if (m >= 1 && m <= 12 && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d)
      return { value: dateToSerial(dt), numberFormat: 'd-mmm' };
  }
  const dm = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(t);
  if (dm) {
    const y = Number(dm[1]),
      m = Number(dm[2]),
      d = Number(dm[3]);
    const dt = new Date(Date.UTC(y, m - 1, d));
    if (dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d && y >= 1900) {
      return { value: dateToSerial(dt), numberFormat: 'yyyy-mm-dd' };
    }
  }
  return { value: s };
}
