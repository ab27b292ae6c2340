/**
 * Excel API versions: every Office.js member the add-in's code (src/**) uses, resolved with the
 * TypeScript checker, needs no more than the requirement set manifest.xml asks for at install — or is
 * used only where the code asked `isSetSupported` first. The guard itself is tested both ways on small
 * fixture sources, compiled in the same Program (one parse of @types/office-js for the whole file).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { ApiSetScanner, manifestMinimums, parseApiSetTag, violations } from './support/api-sets';

const ROOT = path.resolve(__dirname, '..');
const FIXTURES = path.join(ROOT, 'test', '__api-set-fixtures__');

/** Fixture sources (virtual files): each a module, so their names do not collide. */
const fixtures: Record<string, string> = {};
const fixture = (name: string, body: string): string => {
  const file = path.join(FIXTURES, `${name}.ts`);
  fixtures[file] = `export {};\n${body}\n`;
  return file;
};

function srcFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return srcFiles(p);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

// --- the fixtures (each `run` body is an Excel batch) ---
const F = {
  unguarded: fixture(
    'unguarded',
    `
    async function f(ctx: Excel.RequestContext) {
      const r = ctx.workbook.getSelectedRange();
      r.getDirectPrecedents().load('address'); // ExcelApi 1.12
      await ctx.sync();
    }`,
  ),
  ifGuard: fixture(
    'if-guard',
    `
    async function f(ctx: Excel.RequestContext) {
      if (Office.context.requirements.isSetSupported('ExcelApi', '1.12')) {
        ctx.workbook.getSelectedRange().getDirectPrecedents();
      }
      await ctx.sync();
    }`,
  ),
  lowGuard: fixture(
    'low-guard',
    `
    function f(ctx: Excel.RequestContext) {
      if (Office.context.requirements.isSetSupported('ExcelApi', '1.10')) ctx.workbook.getSelectedRange().getDirectPrecedents();
    }`,
  ),
  elseBranch: fixture(
    'else-branch',
    `
    function f(ctx: Excel.RequestContext) {
      if (Office.context.requirements.isSetSupported('ExcelApi', '1.12')) return;
      else ctx.workbook.getSelectedRange().getDirectPrecedents();
    }`,
  ),
  earlyReturn: fixture(
    'early-return',
    `
    function f(ctx: Excel.RequestContext) {
      if (!Office.context.requirements.isSetSupported('ExcelApi', '1.13')) {
        return null;
      }
      return ctx.workbook.getSelectedRange().getRangeEdge(Excel.KeyboardDirection.down); // ExcelApi 1.13
    }`,
  ),
  afterNonExitingIf: fixture(
    'after-non-exiting-if',
    `
    function f(ctx: Excel.RequestContext) {
      let n = 0;
      if (!Office.context.requirements.isSetSupported('ExcelApi', '1.13')) n++;
      return ctx.workbook.getSelectedRange().getRangeEdge('Down');
    }`,
  ),
  viaHelpers: fixture(
    'via-helpers',
    `
    function hasEdges(): boolean {
      const office = (globalThis as { Office?: typeof Office }).Office;
      if (!office?.context?.requirements) return true;
      return office.context.requirements.isSetSupported('ExcelApi', '1.13');
    }
    const canTrace = () => Office.context.requirements.isSetSupported('ExcelApi', '1.12');
    function f(ctx: Excel.RequestContext, wanted: boolean) {
      const edges = wanted && hasEdges();
      const r = ctx.workbook.getSelectedRange();
      const a = edges ? r.getRangeEdge('Down') : null;
      const b = canTrace() && r.getDirectPrecedents();
      return [a, b];
    }`,
  ),
  orGuard: fixture(
    'or-guard',
    `
    function f(ctx: Excel.RequestContext) {
      const r = ctx.workbook.getSelectedRange();
      if (Office.context.requirements.isSetSupported('ExcelApi', '1.12') || Math.random() > 0.5) r.getDirectPrecedents();
    }`,
  ),
  loadString: fixture(
    'load-string',
    `
    function f(ctx: Excel.RequestContext) {
      ctx.workbook.worksheets.load('items/name,items/namedSheetViews'); // ExcelApiOnline 1.1
    }`,
  ),
  loadStringGuarded: fixture(
    'load-string-guarded',
    `
    function f(ctx: Excel.RequestContext) {
      ctx.workbook.worksheets.load('items/name');
      if (Office.context.requirements.isSetSupported('ExcelApiOnline', '1.1')) ctx.workbook.worksheets.load('items/namedSheetViews');
    }`,
  ),
  setter: fixture(
    'setter',
    `
    function f(ws: Excel.Worksheet) {
      const shown = ws.visibility; // ExcelApi 1.1 to read
      ws.visibility = shown; // ExcelApi 1.2 to set
    }`,
  ),
  parameter: fixture(
    'parameter',
    `
    function f(t: Excel.Table) {
      t.rows.add(undefined, [[1]]); // ExcelApi 1.1
      t.rows.add(undefined, [[1]], true); // alwaysInsert: ExcelApi 1.15
    }`,
  ),
  objectLiteral: fixture(
    'object-literal',
    `
    function f(r: Excel.Range) {
      r.set({ values: [[1]] });
      r.load({ address: true, linkedDataTypeState: true });
    }`,
  ),
  reachedThrough: fixture(
    'reached-through',
    `
    function f(r: Excel.Range, areas: Excel.RangeAreas) {
      areas.load('address');
      return [areas.address, areas.areaCount, r.getSpecialCells('Formulas')]; // RangeAreas and its members: ExcelApi 1.9
    }`,
  ),
  typesOnly: fixture(
    'types-only',
    `
    let view: Excel.NamedSheetView | undefined;
    let pre: Excel.WorkbookRangeAreas | undefined;
    export function f(): unknown { return [view, pre]; }`,
  ),
  enumValue: fixture(
    'enum-value',
    `
    function f(r: Excel.Range) {
      return r.getSpecialCellsOrNullObject(Excel.SpecialCellType.formulas); // ExcelApi 1.9
    }`,
  ),
};

let program: ts.Program;
let scanner: ApiSetScanner;

beforeAll(() => {
  const config = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const options: ts.CompilerOptions = { ...parsed.options, noEmit: true, types: ['office-js', 'node'] };
  const host = ts.createCompilerHost(options, true);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (file, lang, onError, create) =>
    fixtures[path.resolve(file)] !== undefined
      ? ts.createSourceFile(file, fixtures[path.resolve(file)], lang, true)
      : getSourceFile(file, lang, onError, create);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (file) => fixtures[path.resolve(file)] !== undefined || fileExists(file);
  program = ts.createProgram([...srcFiles(path.join(ROOT, 'src')), ...Object.keys(fixtures)], options, host);
  scanner = new ApiSetScanner(program);
});

const MIN_19 = new Map([['ExcelApi', '1.9']]);

function check(file: string, minimums = MIN_19) {
  const sf = program.getSourceFile(file);
  if (!sf) throw new Error(`fixture not in the program: ${file}`);
  const diagnostics = program
    .getSemanticDiagnostics(sf)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  expect(diagnostics).toEqual([]); // a fixture that does not compile proves nothing
  const uses = scanner.usesIn(sf);
  return { uses, bad: violations(uses, minimums, FIXTURES).map((v) => `${v.member} needs ${v.needs}`) };
}

describe('the guard', () => {
  test('a member above the minimum, used unguarded, fails', () => {
    expect(check(F.unguarded).bad).toEqual(['Excel.Range.getDirectPrecedents needs ExcelApi 1.12']);
  });

  test('inside an isSetSupported branch for that version it passes', () => {
    const { uses, bad } = check(F.ifGuard);
    expect(uses.map((u) => u.member)).toContain('Excel.Range.getDirectPrecedents');
    expect(bad).toEqual([]);
  });

  test('a guard for a lower version, or the else branch, does not cover it', () => {
    expect(check(F.lowGuard).bad).toEqual(['Excel.Range.getDirectPrecedents needs ExcelApi 1.12']);
    expect(check(F.elseBranch).bad).toEqual(['Excel.Range.getDirectPrecedents needs ExcelApi 1.12']);
  });

  test('`if (!isSetSupported(…)) return` covers what follows; an if that does not leave does not', () => {
    expect(check(F.earlyReturn).bad).toEqual([]);
    expect(check(F.afterNonExitingIf).bad).toEqual(['Excel.Range.getRangeEdge needs ExcelApi 1.13']);
  });

  test('a const or a function that asks isSetSupported guards like the call itself', () => {
    expect(check(F.viaHelpers).bad).toEqual([]);
    // Without the helpers' answers the same uses fail: the helpers are what guards them.
    const uses = scanner.usesIn(program.getSourceFile(F.viaHelpers)!).map((u) => ({ ...u, guards: new Map() }));
    expect(violations(uses, MIN_19, FIXTURES).map((v) => v.member)).toEqual([
      'Excel.Range.getRangeEdge',
      'Excel.Range.getDirectPrecedents',
    ]);
  });

  test('`supported || something else` proves nothing', () => {
    expect(check(F.orGuard).bad).toEqual(['Excel.Range.getDirectPrecedents needs ExcelApi 1.12']);
  });

  test('properties named in load strings are uses; a set the manifest does not name must be asked for', () => {
    expect(check(F.loadString).bad).toEqual([
      "load('items/namedSheetViews') → Excel.Worksheet.namedSheetViews needs ExcelApiOnline 1.1",
    ]);
    expect(check(F.loadStringGuarded).bad).toEqual([]);
  });

  test('setting a property can need more than reading it', () => {
    expect(check(F.setter, new Map([['ExcelApi', '1.1']])).bad).toEqual([
      'Excel.Worksheet.visibility needs ExcelApi 1.2',
    ]);
    expect(check(F.setter, new Map([['ExcelApi', '1.2']])).bad).toEqual([]);
  });

  test('passing a parameter can need more than the call without it', () => {
    expect(check(F.parameter).bad).toEqual(['Excel.TableRowCollection.add needs ExcelApi 1.15']);
  });

  test('object literals typed by Office.js (set, load options) are uses', () => {
    expect(check(F.objectLiteral, new Map([['ExcelApi', '1.8']])).bad).toEqual([
      'Excel.Interfaces.RangeLoadOptions.linkedDataTypeState needs ExcelApi 1.9',
    ]);
    expect(check(F.objectLiteral).bad).toEqual([]);
  });

  test('the members of a class need no more than the call that made the object', () => {
    expect(check(F.reachedThrough, new Map([['ExcelApi', '1.8']])).bad).toEqual([
      'Excel.Range.getSpecialCells needs ExcelApi 1.9',
    ]);
  });

  test('types cost nothing at run time; enum values do', () => {
    expect(check(F.typesOnly, new Map([['ExcelApi', '1.1']])).uses).toEqual([]);
    expect(check(F.enumValue, new Map([['ExcelApi', '1.8']])).bad).toEqual([
      'Excel.Range.getSpecialCellsOrNullObject needs ExcelApi 1.9',
      'Excel.SpecialCellType.formulas needs ExcelApi 1.9',
    ]);
    expect(check(F.enumValue).bad).toEqual([]);
  });

  test('tags are read as @types/office-js writes them', () => {
    expect(parseApiSetTag('ExcelApi 1.1 for get, 1.8 for set')).toMatchObject({
      set: 'ExcelApi',
      version: '1.1',
      setter: '1.8',
    });
    expect(parseApiSetTag('ExcelApi 1.1 for reading visibility; 1.2 for setting it.')).toMatchObject({
      version: '1.1',
      setter: '1.2',
    });
    expect(parseApiSetTag('ExcelApi BETA (PREVIEW ONLY)')).toMatchObject({ set: 'ExcelApi', version: null });
    expect(parseApiSetTag(' 1.1')).toBeNull();
  });
});

describe('the add-in', () => {
  test('manifest.xml names its minimum ExcelApi', () => {
    const minimums = manifestMinimums(fs.readFileSync(path.join(ROOT, 'manifest.xml'), 'utf8'));
    expect(minimums.get('ExcelApi')).toMatch(/^1\.\d+$/);
  });

  test('uses nothing above the manifest minimum without asking isSetSupported first', () => {
    const minimums = manifestMinimums(fs.readFileSync(path.join(ROOT, 'manifest.xml'), 'utf8'));
    const files = srcFiles(path.join(ROOT, 'src'));
    const uses = files.flatMap((f) => scanner.usesIn(program.getSourceFile(f)!));
    // The scan sees the Office.js calls of every file that talks to Excel (a scan that resolved nothing would pass).
    const seen = new Set(uses.map((u) => path.relative(ROOT, u.file)));
    const talking = files.filter(
      (f) => /context\.sync\(\)/.test(fs.readFileSync(f, 'utf8')) && !/[\\/]hosts[\\/]/.test(f),
    );
    expect(talking.length).toBeGreaterThan(5);
    for (const f of talking) expect(seen).toContain(path.relative(ROOT, f));
    expect(uses.length).toBeGreaterThan(100);
    if (process.env.API_SETS_REPORT) {
      // API_SETS_REPORT=1 npx jest test/api-sets.test.ts: what the add-in needs, highest first.
      const rows = new Map(uses.map((u) => [`${u.set} ${u.version ?? 'preview'}  ${u.member}`, u]));
      console.log([...rows.keys()].sort((a, b) => b.localeCompare(a, 'en', { numeric: true })).join('\n'));
    }
    expect(violations(uses, minimums, ROOT)).toEqual([]);
  });
});
