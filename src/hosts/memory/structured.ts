/**
 * Structured references (`Table[Col]`, `Table[[#This Row],[Col]]`, `[@Col]`) in formulas: found,
 * checked against the workbook's tables, and broken for good when their table or column goes away.
 *
 * Excel refuses to enter a formula naming a table or column that does not exist; when a table or a
 * column is deleted, every reference to it becomes `#REF!` and stays so, even if a table of the same
 * name appears later.
 */
import { invalidArgument } from './errors';

export interface StructuredRef {
  /** The table name as written, or null for a bare `[@Col]` (the table holding the cell). */
  table: string | null;
  /** Column names, unescaped. */
  columns: string[];
  specials: string[];
  /** Span in the formula text: `Table[...]` from `start` to `end` (exclusive). */
  start: number;
  end: number;
}

const SPECIALS = ['#this row', '#all', '#data', '#headers', '#totals'];
const NAME_CHAR = /[\p{L}\p{N}_.\\]/u;

/** The index after the `]` closing the `[` at `i` (`'` escapes the next character), or -1. */
function closing(s: string, i: number): number {
  let depth = 0;
  for (let k = i; k < s.length; k++) {
    const ch = s[k];
    if (ch === "'") {
      k++;
      continue;
    }
    if (ch === '[') depth++;
    else if (ch === ']') {
      depth--;
      if (depth === 0) return k + 1;
    }
  }
  return -1;
}

const unescape = (s: string): string => s.replace(/'(.)/g, '$1');

function item(text: string, out: { columns: string[]; specials: string[] }): void {
  const t = text.trim();
  if (t === '') return;
  if (t.startsWith('#')) {
    if (!SPECIALS.includes(t.toLowerCase())) throw invalidArgument(`unknown item specifier '${t}'`);
    out.specials.push(t);
  } else out.columns.push(unescape(t));
}

/** `[[a],[b]:[c]]`-style lists, `[@Col]`, `[@[Col]]`, `[#All]`, `[Col]`: the content between the outer brackets. */
function items(content: string, out: { columns: string[]; specials: string[] }): void {
  let c = content;
  if (c.startsWith('@')) {
    out.specials.push('#This Row');
    c = c.slice(1);
    if (c === '') return;
    if (!c.startsWith('[')) return item(c, out);
  }
  if (!c.startsWith('[')) return item(c, out);
  let k = 0;
  while (k < c.length) {
    const ch = c[k];
    if (ch === '[') {
      const end = closing(c, k);
      if (end < 0) throw invalidArgument(`unbalanced brackets in '[${content}]'`);
      item(c.slice(k + 1, end - 1), out);
      k = end;
    } else if (ch === ',' || ch === ':' || ch === ' ') k++;
    else throw invalidArgument(`bad structured reference '[${content}]'`);
  }
}

/** Every structured reference of a formula (text inside string literals is skipped). */
export function structuredRefs(formula: string): StructuredRef[] {
  const out: StructuredRef[] = [];
  for (let i = 0; i < formula.length; i++) {
    const ch = formula[i];
    if (ch === '"') {
      // A string literal; "" is a quote inside it.
      i++;
      while (i < formula.length && !(formula[i] === '"' && formula[i + 1] !== '"')) i += formula[i] === '"' ? 2 : 1;
      continue;
    }
    if (ch === "'") {
      // A quoted sheet name: 'My Sheet'!A1.
      i++;
      while (i < formula.length && !(formula[i] === "'" && formula[i + 1] !== "'")) i += formula[i] === "'" ? 2 : 1;
      continue;
    }
    if (ch !== '[') continue;
    let s = i;
    while (s > 0 && NAME_CHAR.test(formula[s - 1])) s--;
    const end = closing(formula, i);
    if (end < 0) throw invalidArgument(`unbalanced brackets in formula ${formula}`);
    const table = s < i ? formula.slice(s, i) : null;
    const ref: StructuredRef = { table, columns: [], specials: [], start: s, end };
    items(formula.slice(i + 1, end - 1), ref);
    out.push(ref);
    i = end - 1;
  }
  return out;
}

/** The formula with every reference matching `hit` replaced by `#REF!` (null when nothing matched). */
export function breakRefs(formula: string, hit: (r: StructuredRef) => boolean): string | null {
  let refs: StructuredRef[];
  try {
    refs = structuredRefs(formula);
  } catch {
    return null;
  }
  const broken = refs.filter(hit);
  if (broken.length === 0) return null;
  let out = formula;
  for (const r of broken.reverse()) out = `${out.slice(0, r.start)}#REF!${out.slice(r.end)}`;
  return out;
}
