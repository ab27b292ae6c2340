/**
 * Conditional formats for the preview grid: a small, safe evaluator for the custom-rule formulas Excel
 * allows (no eval / new Function; the preview's CSP forbids them).
 *
 * Supported: A1 cell references with `$` (optionally sheet-qualified, `'设置'!$B$28`), relative parts
 * shifting from the rule's top-left cell to the evaluated cell as Excel does; defined names (resolved
 * through the workbook model, a single cell or a constant); numbers (and `%`), strings with doubled
 * quotes, TRUE/FALSE, error literals; + - * / ^ & and unary minus; = <> < > <= >= with Excel's
 * comparison rules; parentheses; AND, OR, NOT, ISNUMBER, ISBLANK, IF.
 *
 * Anything else (ranges, other functions, syntax errors) makes the rule never match: the grid simply
 * shows no conditional format for it. Nothing here throws into the UI.
 */
import type { CondFormatModel, SheetModel, WorkbookModel } from '../hosts/memory/model';
import { ERROR_STRINGS, isErrorValue } from '../hosts/memory/format';
import { colIndex, MAX_COLS, MAX_ROWS } from '../hosts/memory/address';

// ---------------------------------------------------------------- values

interface Err {
  error: string;
}
/** null = a blank cell (not the same as "" for ISBLANK, the same for comparisons). */
type Value = number | string | boolean | null | Err;

const err = (code: string): Err => ({ error: code });
const isErr = (v: Value): v is Err => v !== null && typeof v === 'object';

// ---------------------------------------------------------------- syntax tree

type Node =
  | { k: 'lit'; v: Value }
  | { k: 'ref'; sheet?: string; row: number; col: number; rowAbs: boolean; colAbs: boolean }
  | { k: 'name'; sheet?: string; name: string }
  | { k: 'neg'; a: Node }
  | { k: 'pct'; a: Node }
  | { k: 'bin'; op: string; a: Node; b: Node }
  | { k: 'fn'; name: string; args: Node[] };

const FUNCTIONS: Record<string, [number, number]> = {
  AND: [1, 255],
  OR: [1, 255],
  NOT: [1, 1],
  ISNUMBER: [1, 1],
  ISBLANK: [1, 1],
  IF: [1, 3],
};

class ParseError extends Error {}

type Tok =
  | { t: 'num'; v: number }
  | { t: 'str'; v: string }
  | { t: 'err'; v: string }
  | { t: 'ref'; sheet?: string; row: number; col: number; rowAbs: boolean; colAbs: boolean }
  | { t: 'id'; sheet?: string; v: string }
  | { t: 'op'; v: string };

const ID_START = /[\p{L}_\\]/u;
const ID_CHAR = /[\p{L}\p{N}_.\\]/u;

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const n = src.length;
  const readId = (): string => {
    const s = i;
    while (i < n && ID_CHAR.test(src[i])) i++;
    return src.slice(s, i);
  };
  /** After an optional sheet prefix: a cell reference or a name. */
  const refOrName = (sheet?: string): Tok => {
    const m = /^(\$?)([A-Za-z]{1,3})(\$?)(\d+)/.exec(src.slice(i));
    if (m && !(i + m[0].length < n && ID_CHAR.test(src[i + m[0].length]))) {
      const col = colIndex(m[2]);
      const row = Number(m[4]) - 1;
      if (col < MAX_COLS && row >= 0 && row < MAX_ROWS) {
        i += m[0].length;
        if (src[i] === ':') throw new ParseError('ranges are not supported');
        return { t: 'ref', sheet, row, col, colAbs: m[1] === '$', rowAbs: m[3] === '$' };
      }
    }
    if (!ID_START.test(src[i] ?? '')) throw new ParseError(`unexpected '${src[i] ?? 'end'}'`);
    return { t: 'id', sheet, v: readId() };
  };

  while (i < n) {
    const ch = src[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (/[0-9.]/.test(ch)) {
      const m = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(src.slice(i));
      if (!m) throw new ParseError('bad number');
      i += m[0].length;
      out.push({ t: 'num', v: Number(m[0]) });
      continue;
    }
    if (ch === '"') {
      let s = '';
      i++;
      for (;;) {
        if (i >= n) throw new ParseError('unterminated string');
        if (src[i] === '"') {
          if (src[i + 1] === '"') {
            s += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        s += src[i++];
      }
      out.push({ t: 'str', v: s });
      continue;
    }
    if (ch === "'") {
      // A quoted sheet name, then '!'.
      let s = '';
      i++;
      for (;;) {
        if (i >= n) throw new ParseError('unterminated sheet name');
        if (src[i] === "'") {
          if (src[i + 1] === "'") {
            s += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        s += src[i++];
      }
      if (src[i] !== '!') throw new ParseError("expected '!'");
      i++;
      out.push(refOrName(s));
      continue;
    }
    if (ch === '#') {
      const e = ERROR_STRINGS.find((x) => src.startsWith(x, i) || src.slice(i, i + x.length).toUpperCase() === x);
      if (!e) throw new ParseError('bad error literal');
      i += e.length;
      out.push({ t: 'err', v: e });
      continue;
    }
    const two = src.slice(i, i + 2);
    if (two === '<>' || two === '<=' || two === '>=') {
      out.push({ t: 'op', v: two });
      i += 2;
      continue;
    }
    if ('+-*/^&=<>(),%'.includes(ch)) {
      out.push({ t: 'op', v: ch });
      i++;
      continue;
    }
    if (ch === '$' || ID_START.test(ch)) {
      // Unquoted sheet prefix (Sheet1!A1, 设置!B2)?
      if (ch !== '$') {
        const m = /^[\p{L}_\\][\p{L}\p{N}_.\\]*!/u.exec(src.slice(i));
        if (m) {
          i += m[0].length;
          out.push(refOrName(m[0].slice(0, -1)));
          continue;
        }
      }
      out.push(refOrName());
      continue;
    }
    throw new ParseError(`unexpected '${ch}'`);
  }
  return out;
}

function parse(src: string): Node {
  const toks = tokenize(src.replace(/^\s*=/, ''));
  let p = 0;
  const peek = (): Tok | undefined => toks[p];
  const isOp = (v: string): boolean => {
    const t = toks[p];
    return t !== undefined && t.t === 'op' && t.v === v;
  };
  const expect = (v: string): void => {
    if (!isOp(v)) throw new ParseError(`expected '${v}'`);
    p++;
  };
  const binary = (next: () => Node, ops: string[]) => (): Node => {
    let a = next();
    for (;;) {
      const t = peek();
      if (!t || t.t !== 'op' || !ops.includes(t.v)) return a;
      p++;
      a = { k: 'bin', op: t.v, a, b: next() };
    }
  };
  const primary = (): Node => {
    const t = toks[p++];
    if (!t) throw new ParseError('unexpected end');
    switch (t.t) {
      case 'num':
        return { k: 'lit', v: t.v };
      case 'str':
        return { k: 'lit', v: t.v };
      case 'err':
        return { k: 'lit', v: err(t.v) };
      case 'ref':
        return { k: 'ref', sheet: t.sheet, row: t.row, col: t.col, rowAbs: t.rowAbs, colAbs: t.colAbs };
      case 'id': {
        const upper = t.v.toUpperCase();
        if (t.sheet === undefined && isOp('(')) {
          p++;
          const arity = FUNCTIONS[upper];
          if (!arity) throw new ParseError(`unsupported function ${t.v}`);
          const args: Node[] = [];
          if (!isOp(')')) {
            for (;;) {
              args.push(compare());
              if (isOp(',')) {
                p++;
                continue;
              }
              break;
            }
          }
          expect(')');
          if (args.length < arity[0] || args.length > arity[1])
            throw new ParseError(`wrong number of arguments to ${upper}`);
          return { k: 'fn', name: upper, args };
        }
        if (t.sheet === undefined && (upper === 'TRUE' || upper === 'FALSE')) return { k: 'lit', v: upper === 'TRUE' };
        return { k: 'name', sheet: t.sheet, name: t.v };
      }
      case 'op':
        if (t.v === '(') {
          const e = compare();
          expect(')');
          return e;
        }
        throw new ParseError(`unexpected '${t.v}'`);
    }
    throw new ParseError('unexpected token');
  };
  const postfix = (): Node => {
    let a = primary();
    while (isOp('%')) {
      p++;
      a = { k: 'pct', a };
    }
    return a;
  };
  const unary = (): Node => {
    if (isOp('-')) {
      p++;
      return { k: 'neg', a: unary() };
    }
    if (isOp('+')) {
      p++;
      return unary();
    }
    return postfix();
  };
  const power = binary(unary, ['^']);
  const mult = binary(power, ['*', '/']);
  const add = binary(mult, ['+', '-']);
  const concat = binary(add, ['&']);
  function compare(): Node {
    return binary(concat, ['=', '<>', '<', '>', '<=', '>='])();
  }
  if (toks.length === 0) throw new ParseError('empty formula');
  const tree = compare();
  if (p !== toks.length) throw new ParseError('trailing input');
  return tree;
}

const cache = new Map<string, Node | null>();
const CACHE_LIMIT = 2000;

/** The parsed rule, or null when the formula is outside what this evaluator understands. Cached. */
export function parseRule(formula: string): Node | null {
  let tree = cache.get(formula);
  if (tree !== undefined) return tree;
  try {
    tree = parse(formula);
  } catch {
    tree = null;
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(formula, tree);
  return tree;
}

// ---------------------------------------------------------------- evaluation

interface Env {
  model: WorkbookModel;
  sheet: SheetModel;
  /** Shift of relative references: evaluated cell minus the rule's top-left cell. */
  dr: number;
  dc: number;
  depth: number;
}

function cellValue(sheet: SheetModel, r: number, c: number): Value {
  const cell = sheet.get(r, c);
  if (!cell) return null;
  const v = cell.v;
  if (v === null || v === '') return cell.f === undefined ? null : '';
  if (isErrorValue(v)) return err(v.error);
  return v as Value;
}

function sheetOf(env: Env, name?: string): SheetModel | undefined {
  if (name === undefined) return env.sheet;
  const s = env.model.findSheet(name);
  return s && !s.deleted ? s : undefined;
}

function resolveName(env: Env, node: { sheet?: string; name: string }): Value {
  if (env.depth > 8) return err('#NAME?');
  const scope = node.sheet !== undefined ? sheetOf(env, node.sheet) : env.sheet;
  if (node.sheet !== undefined && !scope) return err('#REF!');
  const nm =
    env.model.findName(node.name, scope) ?? (node.sheet === undefined ? env.model.findName(node.name) : undefined);
  if (!nm) return err('#NAME?');
  const target = env.model.resolveReference(nm.formula, nm.sheet ?? env.sheet);
  if (target) {
    const { r0, c0, r1, c1 } = target.rect;
    if (r0 !== r1 || c0 !== c1) return err('#VALUE!'); // a range: not a single value
    return cellValue(target.sheet, r0, c0);
  }
  // A name holding a constant or a small formula (=0.8): evaluate it, references absolute to its sheet.
  const tree = parseRule(nm.formula);
  if (!tree) return err('#NAME?');
  return evaluate(tree, { ...env, sheet: nm.sheet ?? env.sheet, dr: 0, dc: 0, depth: env.depth + 1 });
}

/** A value used as a number (arithmetic): blank → 0, TRUE → 1, numeric text → its number. */
function toNumber(v: Value): number | Err {
  if (isErr(v)) return v;
  if (v === null) return 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  const s = v.trim();
  if (s !== '' && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?%?$/.test(s)) {
    const pct = s.endsWith('%');
    const n = Number(pct ? s.slice(0, -1) : s);
    return pct ? n / 100 : n;
  }
  return err('#VALUE!');
}

/** A value used as a condition (IF, NOT): blank → FALSE, numbers by non-zero, text is an error. */
function toBool(v: Value): boolean | Err {
  if (isErr(v)) return v;
  if (v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  const u = v.toUpperCase();
  if (u === 'TRUE') return true;
  if (u === 'FALSE') return false;
  return err('#VALUE!');
}

const typeRank = (v: number | string | boolean): number => (typeof v === 'number' ? 0 : typeof v === 'string' ? 1 : 2);

/** Excel's comparison: blank is 0 / "" / FALSE as the other side needs; numbers < text < logicals; text ignores case. */
function compareValues(a: Value, b: Value): number | Err {
  if (isErr(a)) return a;
  if (isErr(b)) return b;
  if (a === null && b === null) return 0;
  const blankAs = (other: number | string | boolean): number | string | boolean =>
    typeof other === 'number' ? 0 : typeof other === 'string' ? '' : false;
  const x = a === null ? blankAs(b as number | string | boolean) : a;
  const y = b === null ? blankAs(a as number | string | boolean) : b;
  const rx = typeRank(x);
  const ry = typeRank(y);
  if (rx !== ry) return rx < ry ? -1 : 1;
  if (typeof x === 'string') {
    const p = x.toLowerCase();
    const q = (y as string).toLowerCase();
    return p === q ? 0 : p < q ? -1 : 1;
  }
  const p = Number(x);
  const q = Number(y);
  return p === q ? 0 : p < q ? -1 : 1;
}

function text(v: Value): string | Err {
  if (isErr(v)) return v;
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return String(v);
}

function logical(env: Env, name: 'AND' | 'OR', args: Node[]): Value {
  let seen = false;
  let acc = name === 'AND';
  for (const a of args) {
    const v = evaluate(a, env);
    if (isErr(v)) return v;
    // Blank cells and text from references are ignored, as in Excel.
    if (v === null || typeof v === 'string') continue;
    seen = true;
    const b = typeof v === 'number' ? v !== 0 : v;
    acc = name === 'AND' ? acc && b : acc || b;
  }
  return seen ? acc : err('#VALUE!');
}

function evaluate(node: Node, env: Env): Value {
  switch (node.k) {
    case 'lit':
      return node.v;
    case 'ref': {
      const sheet = sheetOf(env, node.sheet);
      if (!sheet) return err('#REF!');
      const r = node.rowAbs ? node.row : node.row + env.dr;
      const c = node.colAbs ? node.col : node.col + env.dc;
      if (r < 0 || c < 0 || r >= MAX_ROWS || c >= MAX_COLS) return err('#REF!');
      return cellValue(sheet, r, c);
    }
    case 'name':
      return resolveName(env, node);
    case 'neg': {
      const n = toNumber(evaluate(node.a, env));
      return isErr(n) ? n : -n;
    }
    case 'pct': {
      const n = toNumber(evaluate(node.a, env));
      return isErr(n) ? n : n / 100;
    }
    case 'bin': {
      const a = evaluate(node.a, env);
      const b = evaluate(node.b, env);
      if (node.op === '&') {
        const x = text(a);
        const y = text(b);
        return isErr(x) ? x : isErr(y) ? y : x + y;
      }
      if ('+-*/^'.includes(node.op)) {
        const x = toNumber(a);
        if (isErr(x)) return x;
        const y = toNumber(b);
        if (isErr(y)) return y;
        switch (node.op) {
          case '+':
            return x + y;
          case '-':
            return x - y;
          case '*':
            return x * y;
          case '/':
            return y === 0 ? err('#DIV/0!') : x / y;
          default: {
            const r = Math.pow(x, y);
            return Number.isFinite(r) ? r : err('#NUM!');
          }
        }
      }
      const c = compareValues(a, b);
      if (isErr(c)) return c;
      switch (node.op) {
        case '=':
          return c === 0;
        case '<>':
          return c !== 0;
        case '<':
          return c < 0;
        case '>':
          return c > 0;
        case '<=':
          return c <= 0;
        default:
          return c >= 0;
      }
    }
    case 'fn': {
      const { name, args } = node;
      switch (name) {
        case 'AND':
        case 'OR':
          return logical(env, name, args);
        case 'NOT': {
          const b = toBool(evaluate(args[0], env));
          return isErr(b) ? b : !b;
        }
        case 'ISNUMBER':
          return typeof evaluate(args[0], env) === 'number';
        case 'ISBLANK':
          return evaluate(args[0], env) === null;
        case 'IF': {
          const b = toBool(evaluate(args[0], env));
          if (isErr(b)) return b;
          if (b) return args.length > 1 ? blankAsZero(evaluate(args[1], env)) : true;
          return args.length > 2 ? blankAsZero(evaluate(args[2], env)) : false;
        }
      }
      return err('#NAME?');
    }
  }
}

/** A blank cell returned as a result (IF(…,A1)) reads as 0, as in Excel. */
const blankAsZero = (v: Value): Value => (v === null ? 0 : v);

/** True when the rule applies to the cell: the formula evaluates to TRUE or a non-zero number. */
export function ruleMatches(
  model: WorkbookModel,
  sheet: SheetModel,
  cf: CondFormatModel,
  r: number,
  c: number,
): boolean {
  if (cf.type !== 'Custom' || !cf.formula) return false;
  const tree = parseRule(cf.formula);
  if (!tree) return false;
  try {
    const v = evaluate(tree, { model, sheet, dr: r - cf.rect.r0, dc: c - cf.rect.c0, depth: 0 });
    return v === true || (typeof v === 'number' && v !== 0 && Number.isFinite(v));
  } catch {
    return false;
  }
}

/** Evaluate a formula as if it were a rule anchored at (anchorR, anchorC), for the cell (r, c). Tests and debugging. */
export function evaluateFormula(
  model: WorkbookModel,
  sheet: SheetModel,
  formula: string,
  r = 0,
  c = 0,
  anchorR = 0,
  anchorC = 0,
): Value | undefined {
  const tree = parseRule(formula);
  if (!tree) return undefined;
  try {
    return evaluate(tree, { model, sheet, dr: r - anchorR, dc: c - anchorC, depth: 0 });
  } catch {
    return undefined;
  }
}

export interface CfStyle {
  fill?: string;
  fontColor?: string;
  bold?: boolean;
  italic?: boolean;
  /** The id of the rule that set the fill (or the first matching rule when none sets a fill). */
  id: string;
}

/** The rules of a sheet that touch the given rows and columns, in priority order (index 0 first). */
export function rulesIn(sheet: SheetModel, r0: number, r1: number, c0: number, c1: number): CondFormatModel[] {
  return sheet.cfs.filter((cf) => cf.rect.r0 <= r1 && cf.rect.r1 >= r0 && cf.rect.c0 <= c1 && cf.rect.c1 >= c0);
}

/**
 * The conditional format shown on one cell, or null. As in Excel, rules are taken in priority order: the
 * first matching rule wins every property it sets; a lower matching rule can still add a property no
 * higher rule set (unless a matching rule has "stop if true").
 */
export function conditionalStyleAt(
  model: WorkbookModel,
  sheet: SheetModel,
  r: number,
  c: number,
  rules: readonly CondFormatModel[] = sheet.cfs,
): CfStyle | null {
  let out: CfStyle | null = null;
  for (const cf of rules) {
    const { r0, c0, r1, c1 } = cf.rect;
    if (r < r0 || r > r1 || c < c0 || c > c1) continue;
    if (!ruleMatches(model, sheet, cf, r, c)) continue;
    out ??= { id: cf.id };
    if (out.fill === undefined && cf.fill !== undefined) {
      out.fill = cf.fill;
      out.id = cf.id;
    }
    if (out.fontColor === undefined && cf.fontColor !== undefined) out.fontColor = cf.fontColor;
    if (out.bold === undefined && cf.bold !== undefined) out.bold = cf.bold;
    if (out.italic === undefined && cf.italic !== undefined) out.italic = cf.italic;
    if (cf.stopIfTrue) break;
  }
  return out;
}
