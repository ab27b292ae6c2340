/** Hand-rolled helpers for scanning OOXML text without building a tree (the streaming reader's parts). */
import { readError } from './read-error';

const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML character and predefined entity references (no others exist: a DOCTYPE is refused). */
export function unescapeXml(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(ENTITY, (m, e: string) => {
    if (e.charCodeAt(0) !== 35) return NAMED[e];
    const n = e.charCodeAt(1) === 120 ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return n >= 0 && n <= 0x10ffff ? String.fromCodePoint(n) : m;
  });
}

/** Excel's escapes for characters XML cannot hold (`_x000D_` is a carriage return, `_x005F_` an underscore). */
export function unescapeExcel(s: string): string {
  if (s.indexOf('_x') < 0) return s;
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/**
 * Calls `fn` for each attribute of a start tag `tag` (from `<` to `>`), values unescaped. Single or
 * double quotes, spaces around `=`; namespace prefixes are kept in the name.
 */
export function eachAttr(tag: string, fn: (name: string, value: string) => void): void {
  let i = 1;
  const n = tag.length;
  // skip the element name
  while (i < n && !isSpace(tag.charCodeAt(i)) && tag[i] !== '>' && tag[i] !== '/') i++;
  for (;;) {
    while (i < n && isSpace(tag.charCodeAt(i))) i++;
    if (i >= n || tag[i] === '>' || tag[i] === '/') return;
    const start = i;
    while (i < n && tag[i] !== '=' && !isSpace(tag.charCodeAt(i)) && tag[i] !== '>') i++;
    const name = tag.slice(start, i);
    while (i < n && isSpace(tag.charCodeAt(i))) i++;
    if (tag[i] !== '=') continue;
    i++;
    while (i < n && isSpace(tag.charCodeAt(i))) i++;
    const q = tag[i];
    if (q !== '"' && q !== "'") return;
    const end = tag.indexOf(q, i + 1);
    if (end < 0) return;
    fn(name, unescapeXml(tag.slice(i + 1, end)));
    i = end + 1;
  }
}

export function attrsOf(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  eachAttr(tag, (k, v) => {
    out[k] = v;
  });
  return out;
}

/** An attribute by local name, whatever its prefix (r:id, ns1:id). */
export function attrLocal(a: Record<string, string>, local: string): string | undefined {
  if (a[local] !== undefined) return a[local];
  for (const k of Object.keys(a)) if (k.endsWith(`:${local}`)) return a[k];
  return undefined;
}

export const isSpace = (c: number): boolean => c === 32 || c === 10 || c === 13 || c === 9;

/** True when the character after an element name ends it (so `<c` is not `<col`). */
export const endsName = (s: string, i: number): boolean => {
  const c = s.charCodeAt(i);
  return c === 62 /* > */ || c === 47 /* / */ || isSpace(c);
};

export const doctypeRefused = (part: string): Error =>
  readError(
    `the workbook's part ${part} declares a DOCTYPE or entities, which Excel never writes; it is refused (it could expand without bound)`,
    `工作簿的部件 ${part} 声明了 DOCTYPE 或实体（Excel 从不写入），为安全起见拒绝读取（它可能无限膨胀）`,
  );

/**
 * Reads the prolog of a part: XML declaration, comments and processing instructions are skipped, a
 * DOCTYPE (or any other `<!` declaration) is refused. Returns the root element's namespace prefix
 * ('' or 'x:') and where the root's start tag begins, or null when more text is needed.
 */
export function readProlog(s: string, part: string): { prefix: string; root: string; at: number } | null {
  let i = 0;
  for (;;) {
    i = s.indexOf('<', i);
    if (i < 0 || i + 1 >= s.length) return null;
    if (s.startsWith('<?', i)) {
      const e = s.indexOf('?>', i + 2);
      if (e < 0) return null;
      i = e + 2;
    } else if (s.startsWith('<!--', i)) {
      const e = s.indexOf('-->', i + 4);
      if (e < 0) return null;
      i = e + 3;
    } else if (s[i + 1] === '!') {
      if (i + 9 >= s.length) return null;
      throw doctypeRefused(part);
    } else {
      let e = i + 1;
      while (e < s.length && !endsName(s, e)) e++;
      if (e >= s.length) return null;
      const name = s.slice(i + 1, e);
      const colon = name.indexOf(':');
      return {
        prefix: colon >= 0 ? name.slice(0, colon + 1) : '',
        root: colon >= 0 ? name.slice(colon + 1) : name,
        at: i,
      };
    }
  }
}

/** The tags stringItemText looks for, for the last namespace prefix seen (a part has one). */
let itemTags = { p: '', open: '<t', close: '</t>', phon: '<rPh', phonEnd: '</rPh>' };

/** Concatenated text of the `<t>` elements of a string item (`<si>` or `<is>`), leaving out phonetic runs. */
export function stringItemText(content: string, p: string): string {
  // Most items: one plain run `<t>…</t>` (no other markup inside), read as the loop below reads it.
  const last = content.length - 4;
  if (
    p === '' &&
    last >= 3 &&
    content.startsWith('<t>') &&
    content.indexOf('<', 3) === last &&
    content.endsWith('</t>')
  )
    return unescapeExcel(unescapeXml(content.slice(3, last)));
  if (itemTags.p !== p) itemTags = { p, open: `<${p}t`, close: `</${p}t>`, phon: `<${p}rPh`, phonEnd: `</${p}rPh>` };
  const { open, close, phon, phonEnd } = itemTags;
  let out = '';
  let i = 0;
  for (;;) {
    const t = content.indexOf(open, i);
    if (t < 0) break;
    const ph = content.indexOf(phon, i);
    if (ph >= 0 && ph < t) {
      const e = content.indexOf(phonEnd, ph);
      if (e < 0) break;
      i = e + phonEnd.length;
      continue;
    }
    if (!endsName(content, t + open.length)) {
      i = t + open.length;
      continue;
    }
    const gt = content.indexOf('>', t);
    if (gt < 0) break;
    if (content[gt - 1] === '/') {
      i = gt + 1;
      continue;
    }
    const e = content.indexOf(close, gt);
    if (e < 0) break;
    out += content.slice(gt + 1, e);
    i = e + close.length;
  }
  return unescapeExcel(unescapeXml(out));
}
