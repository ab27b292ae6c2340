/** Small XML/zip helpers for the parts of the file ExcelJS does not handle. */
import type JSZip from 'jszip';

/** The declaration every part we write starts with. */
export const XML_PROLOG = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
/** Office document relationships: the `r:` namespace, and the prefix of every relationship type. */
export const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
/** A package's .rels parts. */
export const NS_PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** A .rels part (OPC §9.3): each relationship's id, full type URI and target. */
export function relationshipsXml(rels: readonly { id: string; type: string; target: string }[]): string {
  return (
    `${XML_PROLOG}<Relationships xmlns="${NS_PKG_REL}">` +
    rels.map((r) => `<Relationship Id="${r.id}" Type="${r.type}" Target="${xmlEscape(r.target)}"/>`).join('') +
    `</Relationships>`
  );
}

export function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function xmlUnescape(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#x([0-9a-fA-F]+);/g, (_m, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_m, d) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');
}

export function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([\w:.-]+)\s*=\s*("([^"]*)"|'([^']*)')/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(tag))) out[m[1]] = xmlUnescape(m[3] ?? m[4] ?? '');
  return out;
}

/** Sheet names (in workbook order) with their part paths, from workbook.xml and its rels. */
export async function sheetParts(zip: JSZip): Promise<{ name: string; path: string; state?: string }[]> {
  const wbXml = await zip.file('xl/workbook.xml')!.async('string');
  const relsFile = zip.file('xl/_rels/workbook.xml.rels');
  const rels = relsFile ? await relsFile.async('string') : '';
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const a = attrs(m[0]);
    let t = a.Target ?? '';
    t = t.startsWith('/') ? t.slice(1) : `xl/${t}`;
    targets.set(a.Id, t.replace(/\/\.\//g, '/'));
  }
  const out: { name: string; path: string; state?: string }[] = [];
  for (const m of wbXml.matchAll(/<sheet\b[^>]*\/?>/g)) {
    const a = attrs(m[0]);
    const rid = a['r:id'] ?? Object.entries(a).find(([k]) => k.endsWith(':id'))?.[1];
    out.push({ name: a.name, path: targets.get(rid ?? '') ?? '', state: a.state });
  }
  return out;
}

/**
 * Functions added after Excel 2007 are stored with a `_xlfn.` prefix in the file (dynamic-array
 * ones with `_xlfn._xlws.`); Office.js and the UI show them without it.
 */
export const XLFN_FUNCTIONS = [
  'AGGREGATE',
  'ARRAYTOTEXT',
  'BITAND',
  'BITOR',
  'BITXOR',
  'BITLSHIFT',
  'BITRSHIFT',
  'BYCOL',
  'BYROW',
  'CEILING.MATH',
  'CEILING.PRECISE',
  'CHOOSECOLS',
  'CHOOSEROWS',
  'CONCAT',
  'COVARIANCE.P',
  'COVARIANCE.S',
  'DAYS',
  'DROP',
  'EXPAND',
  'FLOOR.MATH',
  'FLOOR.PRECISE',
  'FORECAST.LINEAR',
  'FORMULATEXT',
  'HSTACK',
  'IFNA',
  'IFS',
  'ISFORMULA',
  'ISOMITTED',
  'ISOWEEKNUM',
  'LAMBDA',
  'LET',
  'MAKEARRAY',
  'MAP',
  'MAXIFS',
  'MINIFS',
  'MODE.MULT',
  'MODE.SNGL',
  'NETWORKDAYS.INTL',
  'NORM.DIST',
  'NORM.INV',
  'NORM.S.DIST',
  'NORM.S.INV',
  'NUMBERVALUE',
  'PERCENTILE.EXC',
  'PERCENTILE.INC',
  'PERCENTRANK.EXC',
  'PERCENTRANK.INC',
  'QUARTILE.EXC',
  'QUARTILE.INC',
  'RANDARRAY',
  'RANK.AVG',
  'RANK.EQ',
  'REDUCE',
  'SCAN',
  'SEQUENCE',
  'SHEET',
  'SHEETS',
  'STDEV.P',
  'STDEV.S',
  'SWITCH',
  'TAKE',
  'TEXTAFTER',
  'TEXTBEFORE',
  'TEXTJOIN',
  'TEXTSPLIT',
  'TOCOL',
  'TOROW',
  'UNICHAR',
  'UNICODE',
  'VALUETOTEXT',
  'VAR.P',
  'VAR.S',
  'VSTACK',
  'WORKDAY.INTL',
  'WRAPCOLS',
  'WRAPROWS',
  'XLOOKUP',
  'XMATCH',
  'XOR',
  'CONFIDENCE.NORM',
  'CONFIDENCE.T',
  'T.DIST',
  'T.INV',
  'CHISQ.DIST',
  'CHISQ.INV',
  'F.DIST',
  'EXPON.DIST',
  'GAMMA.DIST',
  'LOGNORM.DIST',
  'POISSON.DIST',
  'WEIBULL.DIST',
  'BINOM.DIST',
  'ENCODEURL',
  'FILTERXML',
  'WEBSERVICE',
  'IMAGE',
  'TRIMRANGE',
  'REGEXTEST',
  'REGEXEXTRACT',
  'REGEXREPLACE',
  'GROUPBY',
  'PIVOTBY',
  'PERCENTOF',
];
export const XLWS_FUNCTIONS = ['FILTER', 'SORT', 'SORTBY', 'UNIQUE'];

function outsideStrings(formula: string, fn: (code: string) => string): string {
  return formula
    .split(/("(?:[^"]|"")*")/)
    .map((part, i) => (i % 2 === 1 ? part : fn(part)))
    .join('');
}

const esc = (s: string): string => s.replace(/\./g, '\\.');
const XLFN_RE = new RegExp(`(^|[^A-Za-z0-9_.])(${XLFN_FUNCTIONS.map(esc).join('|')})(?=\\s*\\()`, 'gi');
const XLWS_RE = new RegExp(`(^|[^A-Za-z0-9_.])(${XLWS_FUNCTIONS.join('|')})(?=\\s*\\()`, 'gi');

/** Add the `_xlfn.` prefixes the file format needs (formula without the leading '='). */
export function addXlfn(formula: string): string {
  return outsideStrings(formula, (code) =>
    code
      .replace(XLFN_RE, (_m, pre, fn) => `${pre}_xlfn.${fn}`)
      .replace(XLWS_RE, (_m, pre, fn) => `${pre}_xlfn._xlws.${fn}`),
  );
}

export function stripXlfn(formula: string): string {
  return outsideStrings(formula, (code) => code.replace(/_xlfn\._xlws\.|_xlfn\.|_xlpm\./gi, ''));
}

/** Column width: points (Office.js) <-> characters (file). Calibri 11: max digit width 7px + 5px padding. */
export const pointsToChars = (pt: number): number => Math.max(0, Math.round(((pt / 0.75 - 5) / 7) * 100) / 100);
export const charsToPoints = (ch: number): number => Math.round((ch * 7 + 5) * 0.75 * 100) / 100;
