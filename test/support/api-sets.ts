/**
 * Finds every Office.js member a program uses and the requirement set it needs, and whether the code
 * asked `isSetSupported` for it first. @types/office-js tags each member's JSDoc with
 * `[Api set: ExcelApi x.y]` (sometimes `1.1 for get, 1.8 for set`, or a version per parameter); the
 * TypeScript checker tells us which declaration each use resolves to.
 *
 * A use counts as guarded when it sits where an `isSetSupported(set, version)` answer is known to be
 * true: the then-branch of an `if`, the right side of `&&`, the true side of `?:`, the statements after
 * `if (!…isSetSupported(…)) return;`, or any of those through a const or a small function whose
 * answer is such a call (`const special = options.formulas && hasSpecialCells()`).
 */
import * as path from 'path';
import * as ts from 'typescript';

export type Version = number[];

export interface ApiUse {
  file: string;
  line: number;
  /** What the code touched, e.g. `Excel.Range.getSpecialCells` or `load('linkedDataTypeState')`. */
  member: string;
  set: string;
  /** null: a preview-only API, never available to a released add-in. */
  version: string | null;
  /** The version of the member's class, when it is a class of the same set (see classVersion). */
  classVersion?: string;
  /** The isSetSupported answers known to be true at this point: set → highest version asked. */
  guards: Map<string, string>;
}

export interface Violation {
  where: string;
  member: string;
  needs: string;
}

const API_SET = /\[\s*Api set:\s*([^\]]*)\]/;

export function parseVersion(v: string): Version {
  return v.split('.').map((n) => Number(n));
}

export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

const maxVersion = (a: string | undefined, b: string): string => (a === undefined || compareVersions(b, a) > 0 ? b : a);

/** The requirement sets a manifest asks for at install: `<Requirements><Sets><Set Name MinVersion>` of OfficeApp. */
export function manifestMinimums(xml: string): Map<string, string> {
  const top = xml.replace(/<!--[\s\S]*?-->/g, '').split(/<VersionOverrides\b/)[0];
  const sets = /<Requirements>\s*<Sets\b([^>]*)>([\s\S]*?)<\/Sets>/.exec(top);
  if (!sets) throw new Error('manifest.xml declares no <Requirements><Sets>');
  const attr = (tag: string, name: string): string | undefined => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1];
  const fallback = attr(sets[1], 'DefaultMinVersion') ?? '1.1';
  const out = new Map<string, string>();
  for (const m of sets[2].matchAll(/<Set\b([^>]*)\/?>/g)) {
    const name = attr(m[1], 'Name');
    if (name) out.set(name, attr(m[1], 'MinVersion') ?? fallback);
  }
  return out;
}

interface Tag {
  set: string;
  /** The version that using the member at all needs; null for preview-only. */
  version: string | null;
  /** `1.1 for get, 1.8 for set`: the version assigning it needs. */
  setter?: string;
  /** `1.15 for adding \`alwaysInsert\` parameter`: versions that passing a parameter needs. */
  params: Map<string, string>;
}

/** Parses the inside of `[Api set: …]`. Unnamed tags (a few non-Excel members) give null. */
export function parseApiSetTag(text: string): Tag | null {
  const m = /^\s*([A-Za-z][\w]*)\s+(\d+(?:\.\d+)+)?/.exec(text);
  if (!m) return null;
  const tag: Tag = { set: m[1], version: m[2] ?? null, params: new Map() };
  for (const clause of text.split(/[;,]/)) {
    const v = /(\d+(?:\.\d+)+)\s+for\s+(.*)$/.exec(clause.trim());
    if (!v) continue;
    if (/^(set|setting)\b/.test(v[2])) tag.setter = v[1];
    const param = /^adding\s+`(\w+)`\s+parameter/.exec(v[2]);
    if (param) tag.params.set(param[1], v[1]);
  }
  return tag;
}

/** The JSDoc of a declaration: its main tag (description or @remarks) and the tag of each @param. */
function docTags(decl: ts.Node): { main: Tag | null; params: Map<string, Tag> } {
  const sf = decl.getSourceFile();
  const ranges = ts.getLeadingCommentRanges(sf.text, decl.pos) ?? [];
  const doc =
    ranges
      .map((r) => sf.text.slice(r.pos, r.end))
      .filter((t) => t.startsWith('/**'))
      .pop() ?? '';
  let main: Tag | null = null;
  const params = new Map<string, Tag>();
  // Split into the description and one part per block tag (`* @remarks`, `* @param name …`).
  for (const part of doc.split(/\n\s*\*\s*(?=@\w)/)) {
    const found = API_SET.exec(part);
    if (!found) continue;
    const tag = parseApiSetTag(found[1]);
    if (!tag) continue;
    const param = /^@param\s+(\w+)/.exec(part);
    if (param) params.set(param[1], tag);
    else if (!main) main = tag;
  }
  return { main, params };
}

const isOfficeDeclaration = (d: ts.Node): boolean => /[\\/]@types[\\/]office-js[\\/]/.test(d.getSourceFile().fileName);

type Facts = Map<string, string>;
const union = (a: Facts, b: Facts): Facts => {
  const out = new Map(a);
  for (const [k, v] of b) out.set(k, maxVersion(out.get(k), v));
  return out;
};
const intersect = (a: Facts, b: Facts): Facts => {
  const out: Facts = new Map();
  for (const [k, v] of a) {
    const w = b.get(k);
    if (w !== undefined) out.set(k, compareVersions(v, w) < 0 ? v : w);
  }
  return out;
};
const NONE: Facts = new Map();

export class ApiSetScanner {
  private readonly checker: ts.TypeChecker;
  private readonly guardCache = new Map<ts.Node, Facts>();
  private readonly inProgress = new Set<ts.Node>();

  constructor(private readonly program: ts.Program) {
    this.checker = program.getTypeChecker();
  }

  /** Every tagged Office.js member used in a file (value positions only: types cost nothing at run time). */
  usesIn(sf: ts.SourceFile): ApiUse[] {
    const out: ApiUse[] = [];
    const record = (node: ts.Node, member: string, tag: Tag, extra: string[] = [], classAt?: string): void => {
      // Shared members also carry other hosts' tags (Office.AddinCommands.Event.completed: Mailbox 1.3);
      // those say when Outlook, Word, … got them, not Excel.
      if (!tag.set.startsWith('Excel')) return;
      let version = tag.version;
      for (const v of extra) if (version !== null) version = maxVersion(version, v);
      const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
      out.push({
        file: sf.fileName,
        line: line + 1,
        member,
        set: tag.set,
        version,
        classVersion: classAt,
        guards: this.factsAt(node),
      });
    };
    const visit = (node: ts.Node): void => {
      if (
        ts.isPropertyAccessExpression(node) ||
        (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression))
      ) {
        this.memberUse(node, record);
      } else if (ts.isObjectLiteralExpression(node)) {
        this.objectLiteralUse(node, record);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
    return out;
  }

  private memberUse(
    node: ts.PropertyAccessExpression | ts.ElementAccessExpression,
    record: (node: ts.Node, member: string, tag: Tag, extra?: string[], classAt?: string) => void,
  ): void {
    const nameNode = ts.isPropertyAccessExpression(node) ? node.name : node.argumentExpression;
    const symbol = this.checker.getSymbolAtLocation(nameNode);
    const decls = symbol?.declarations?.filter(isOfficeDeclaration) ?? [];
    if (!symbol || decls.length === 0) return;
    // `Excel.SpecialCellType`, `Excel.RequestContext`: office.js defines every namespace, class and enum
    // in every host; what needs an API set is the member used on them.
    if (
      decls.every(
        (d) =>
          ts.isEnumDeclaration(d) ||
          ts.isClassDeclaration(d) ||
          ts.isModuleDeclaration(d) ||
          ts.isInterfaceDeclaration(d),
      )
    )
      return;
    const call = ts.isCallExpression(node.parent) && node.parent.expression === node ? node.parent : null;
    // A call resolves to one overload, whose JSDoc is the one that applies.
    const signature = call ? this.checker.getResolvedSignature(call)?.declaration : undefined;
    const decl =
      signature && isOfficeDeclaration(signature) ? signature : (decls.find((d) => docTags(d).main) ?? decls[0]);
    const { main, params } = docTags(decl);
    const member = this.memberName(decl, symbol);
    if (main) {
      const extra: string[] = [];
      const assigned =
        ts.isBinaryExpression(node.parent) &&
        node.parent.left === node &&
        node.parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
        node.parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
      if (assigned && main.setter) extra.push(main.setter);
      if (call && ts.isFunctionLike(decl)) {
        decl.parameters.forEach((p, i) => {
          if (i >= call.arguments.length || !ts.isIdentifier(p.name)) return;
          const own = params.get(p.name.text);
          if (own?.version && own.set === main.set) extra.push(own.version);
          const added = main.params.get(p.name.text);
          if (added) extra.push(added);
        });
      }
      record(nameNode, member, main, extra, classVersion(decl, main.set));
    }
    // `range.load('address,format/fill/color')`: each loaded property is a use too.
    if (call && symbol.name === 'load' && call.arguments.length > 0) {
      const receiver = this.checker.getTypeAtLocation(node.expression);
      const arg = call.arguments[0];
      const strings = ts.isStringLiteralLike(arg)
        ? [arg.text]
        : ts.isArrayLiteralExpression(arg)
          ? arg.elements.filter(ts.isStringLiteralLike).map((e) => e.text)
          : [];
      for (const spec of strings.flatMap((s) => s.split(','))) this.loadPathUse(arg, receiver, spec.trim(), record);
    }
  }

  private loadPathUse(
    at: ts.Node,
    receiver: ts.Type,
    spec: string,
    record: (node: ts.Node, member: string, tag: Tag, extra: string[], classAt?: string) => void,
  ): void {
    let type: ts.Type | undefined = receiver;
    for (const seg of spec.split('/').filter(Boolean)) {
      if (!type) return;
      const prop = this.checker.getPropertyOfType(this.checker.getNonNullableType(type), seg);
      if (!prop) return;
      const decl = prop.declarations?.find(isOfficeDeclaration);
      if (!decl) return;
      const { main } = docTags(decl);
      if (main) record(at, `load('${spec}') → ${this.memberName(decl, prop)}`, main, [], classVersion(decl, main.set));
      type = this.checker.getTypeOfSymbolAtLocation(prop, at);
      type = type.getNumberIndexType() ?? type; // `items/name`: into the array's elements
    }
  }

  /** `{ values: …, format: { … } }` passed where an Office.js type is expected (set(), load options). */
  private objectLiteralUse(
    node: ts.ObjectLiteralExpression,
    record: (node: ts.Node, member: string, tag: Tag) => void,
  ): void {
    const contextual = this.checker.getContextualType(node);
    if (!contextual) return;
    for (const prop of node.properties) {
      if (
        !(ts.isPropertyAssignment(prop) || ts.isShorthandPropertyAssignment(prop)) ||
        !prop.name ||
        !ts.isIdentifier(prop.name)
      )
        continue;
      const symbol = this.checker.getPropertyOfType(this.checker.getNonNullableType(contextual), prop.name.text);
      const decl = symbol?.declarations?.find(isOfficeDeclaration);
      if (!symbol || !decl) continue;
      const { main } = docTags(decl);
      if (main) record(prop.name, this.memberName(decl, symbol), main);
    }
  }

  private memberName(decl: ts.Node, symbol: ts.Symbol): string {
    const parent = decl.parent;
    const owner =
      parent &&
      (ts.isClassDeclaration(parent) || ts.isInterfaceDeclaration(parent) || ts.isEnumDeclaration(parent)) &&
      parent.name
        ? this.checker.getFullyQualifiedName(this.checker.getSymbolAtLocation(parent.name)!)
        : '';
    return owner ? `${owner}.${symbol.name}` : this.checker.getFullyQualifiedName(symbol);
  }

  /** The isSetSupported answers known to be true where `node` runs. */
  factsAt(node: ts.Node): Facts {
    let facts: Facts = NONE;
    for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
      if (ts.isIfStatement(parent)) {
        if (child === parent.thenStatement) facts = union(facts, this.whenTrue(parent.expression));
        else if (child === parent.elseStatement) facts = union(facts, this.whenFalse(parent.expression));
      } else if (ts.isConditionalExpression(parent)) {
        if (child === parent.whenTrue) facts = union(facts, this.whenTrue(parent.condition));
        else if (child === parent.whenFalse) facts = union(facts, this.whenFalse(parent.condition));
      } else if (ts.isBinaryExpression(parent) && child === parent.right) {
        if (parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken)
          facts = union(facts, this.whenTrue(parent.left));
        if (parent.operatorToken.kind === ts.SyntaxKind.BarBarToken) facts = union(facts, this.whenFalse(parent.left));
      } else if (
        ts.isBlock(parent) ||
        ts.isSourceFile(parent) ||
        ts.isCaseOrDefaultClause(parent) ||
        ts.isModuleBlock(parent)
      ) {
        // `if (!…isSetSupported(…)) return;` guards the statements after it.
        for (const s of parent.statements) {
          if (s === child) break;
          if (ts.isIfStatement(s) && !s.elseStatement && exits(s.thenStatement))
            facts = union(facts, this.whenFalse(s.expression));
        }
      }
    }
    return facts;
  }

  /** What is known when `e` is truthy. */
  whenTrue(e: ts.Expression): Facts {
    e = skipParens(e);
    if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken)
      return this.whenFalse(e.operand);
    if (ts.isBinaryExpression(e)) {
      if (e.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken)
        return union(this.whenTrue(e.left), this.whenTrue(e.right));
      if (e.operatorToken.kind === ts.SyntaxKind.BarBarToken)
        return intersect(this.whenTrue(e.left), this.whenTrue(e.right));
      return NONE;
    }
    if (ts.isCallExpression(e)) {
      const asked = isSetSupportedCall(e);
      if (asked) return new Map([asked]);
      return this.guardOf(this.declarationOf(e.expression));
    }
    if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e)) return this.guardOf(this.declarationOf(e));
    return NONE;
  }

  /** What is known when `e` is falsy. */
  whenFalse(e: ts.Expression): Facts {
    e = skipParens(e);
    if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) return this.whenTrue(e.operand);
    if (ts.isBinaryExpression(e)) {
      if (e.operatorToken.kind === ts.SyntaxKind.BarBarToken)
        return union(this.whenFalse(e.left), this.whenFalse(e.right));
      if (e.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken)
        return intersect(this.whenFalse(e.left), this.whenFalse(e.right));
    }
    return NONE;
  }

  private declarationOf(e: ts.Expression): ts.Declaration | undefined {
    let symbol = this.checker.getSymbolAtLocation(ts.isPropertyAccessExpression(e) ? e.name : e);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
    return symbol?.valueDeclaration ?? symbol?.declarations?.[0];
  }

  /**
   * A const whose value is a guard (`const special = a && hasSpecialCells()`), or a function whose
   * answer is one. A function may also answer a plain `true`/`false` on some path (no Office at all:
   * tests, the CLI, the preview), but it must ask isSetSupported on another.
   */
  private guardOf(decl: ts.Declaration | undefined): Facts {
    if (!decl) return NONE;
    const cached = this.guardCache.get(decl);
    if (cached) return cached;
    if (this.inProgress.has(decl)) return NONE;
    this.inProgress.add(decl);
    let facts: Facts = NONE;
    if (ts.isVariableDeclaration(decl) && decl.initializer && ts.getCombinedNodeFlags(decl) & ts.NodeFlags.Const) {
      const init = skipParens(decl.initializer);
      facts =
        ts.isArrowFunction(init) || ts.isFunctionExpression(init) ? this.functionGuard(init) : this.whenTrue(init);
    } else if (ts.isFunctionDeclaration(decl) || ts.isMethodDeclaration(decl)) {
      facts = this.functionGuard(decl);
    }
    this.inProgress.delete(decl);
    this.guardCache.set(decl, facts);
    return facts;
  }

  private functionGuard(fn: ts.FunctionLikeDeclaration): Facts {
    if (!fn.body) return NONE;
    const answers: ts.Expression[] = [];
    if (!ts.isBlock(fn.body)) answers.push(fn.body);
    else {
      const walk = (n: ts.Node): void => {
        if (ts.isFunctionLike(n)) return;
        if (ts.isReturnStatement(n) && n.expression) answers.push(n.expression);
        ts.forEachChild(n, walk);
      };
      ts.forEachChild(fn.body, walk);
    }
    const asking = answers.filter((a) => !isBooleanLiteral(a));
    if (asking.length === 0) return NONE;
    return asking.map((a) => this.whenTrue(a)).reduce(intersect);
  }
}

/**
 * The version of the class declaring a member. A use no newer than its class needs nothing more than
 * having the object: an `Excel.RangeAreas` (1.9) exists only where a 1.9 call (getSpecialCells, …)
 * made it, and that call is checked where it is made. Enums and interfaces are ours to write at any
 * time, so their members always count.
 */
function classVersion(decl: ts.Node, set: string): string | undefined {
  const owner = decl.parent;
  if (!owner || !ts.isClassDeclaration(owner)) return undefined;
  const own = docTags(owner).main;
  return own && own.set === set && own.version !== null ? own.version : undefined;
}

function skipParens(e: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e)) e = e.expression;
  return e;
}

const isBooleanLiteral = (e: ts.Expression): boolean =>
  skipParens(e).kind === ts.SyntaxKind.TrueKeyword || skipParens(e).kind === ts.SyntaxKind.FalseKeyword;

/** `….isSetSupported('ExcelApi', '1.9')` → ['ExcelApi', '1.9'] (no version means 1.1, as Office.js says). */
function isSetSupportedCall(call: ts.CallExpression): [string, string] | null {
  const callee = skipParens(call.expression);
  const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
  if (name !== 'isSetSupported') return null;
  const [set, version] = call.arguments;
  if (!set || !ts.isStringLiteralLike(set)) return null;
  if (version && !ts.isStringLiteralLike(version)) return null;
  return [set.text, version ? version.text : '1.1'];
}

/** Whether a statement never falls through (return, throw, break, continue, or a block ending in one). */
function exits(s: ts.Statement): boolean {
  if (ts.isReturnStatement(s) || ts.isThrowStatement(s) || ts.isBreakStatement(s) || ts.isContinueStatement(s))
    return true;
  if (ts.isBlock(s)) return s.statements.length > 0 && exits(s.statements[s.statements.length - 1]);
  return false;
}

/**
 * The uses that need more than the manifest's minimum and were not asked for first. A set the manifest
 * does not name (ExcelApiOnline, ExcelApiDesktop, …) must always be asked for; preview-only APIs never pass.
 */
export function violations(uses: ApiUse[], minimums: Map<string, string>, root: string): Violation[] {
  const out: Violation[] = [];
  for (const u of uses) {
    const needs = u.version === null ? `${u.set} (preview only)` : `${u.set} ${u.version}`;
    let ok: boolean;
    if (u.version === null) ok = false;
    else {
      const min = minimums.get(u.set);
      const asked = u.guards.get(u.set);
      ok =
        (min !== undefined && compareVersions(u.version, min) <= 0) ||
        (asked !== undefined && compareVersions(u.version, asked) <= 0) ||
        (u.classVersion !== undefined && compareVersions(u.version, u.classVersion) <= 0);
    }
    if (!ok) out.push({ where: `${path.relative(root, u.file)}:${u.line}`, member: u.member, needs });
  }
  return out;
}
