/**
 * A Row is a number (model.ts), and the first data row is row 0: `if (row)` or `row ? … : …` would treat
 * it as no row. The type checker allows both, so this test looks for them in the source with the
 * TypeScript compiler: no value whose type is a Row (or Row | undefined | null) may be a condition.
 */
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.join(__dirname, '..', '..');

/** Where a Row-typed value is tested for truthiness in the program of `tsconfigFile`. */
function rowConditions(tsconfigFile: string, extraFiles: Record<string, string> = {}): string[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    tsconfigFile,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => fail(ts.flattenDiagnosticMessageText(d.messageText, '\n')),
    },
  )!;
  const host = ts.createCompilerHost(parsed.options);
  const read = host.readFile.bind(host);
  host.readFile = (f) => extraFiles[f] ?? read(f);
  const program = ts.createProgram([...parsed.fileNames, ...Object.keys(extraFiles)], parsed.options, host);
  const checker = program.getTypeChecker();
  const isRow = (t: ts.Type): boolean =>
    (t.isUnion() ? t.types : [t]).some((p) => p.getProperty('__row') !== undefined);
  const hits: string[] = [];
  const check = (e: ts.Expression | undefined): void => {
    if (!e || !isRow(checker.getTypeAtLocation(e))) return;
    const sf = e.getSourceFile();
    const { line } = sf.getLineAndCharacterOfPosition(e.getStart());
    hits.push(`${path.relative(ROOT, sf.fileName)}:${line + 1}: ${e.getText()}`);
  };
  const logical = new Set([
    ts.SyntaxKind.AmpersandAmpersandToken,
    ts.SyntaxKind.BarBarToken,
    ts.SyntaxKind.AmpersandAmpersandEqualsToken,
    ts.SyntaxKind.BarBarEqualsToken,
  ]);
  const visit = (n: ts.Node): void => {
    if (ts.isIfStatement(n) || ts.isWhileStatement(n) || ts.isDoStatement(n)) check(n.expression);
    else if (ts.isForStatement(n)) check(n.condition);
    else if (ts.isConditionalExpression(n)) check(n.condition);
    else if (ts.isPrefixUnaryExpression(n) && n.operator === ts.SyntaxKind.ExclamationToken) check(n.operand);
    else if (ts.isBinaryExpression(n) && logical.has(n.operatorToken.kind)) check(n.left);
    ts.forEachChild(n, visit);
  };
  for (const sf of program.getSourceFiles())
    if (!sf.isDeclarationFile && !sf.fileName.includes('node_modules')) visit(sf);
  return hits;
}

describe('rows are numbers: none is a condition', () => {
  // One program for both tests (a type check of src/ takes seconds): the source and a probe of what must be found.
  const probe = path.join(ROOT, 'src', 'engine', '__row-condition-probe.ts');
  let hits: string[] = [];
  beforeAll(() => {
    hits = rowConditions(path.join(ROOT, 'tsconfig.eslint.json'), {
      [probe]: [
        "import { Row } from './model';",
        'export const a = (r: Row | undefined): number => (r ? 1 : 0);',
        'export const b = (r: Row | null): boolean => !r;',
        'export const c = (r: Row | undefined): boolean => r !== undefined && r > 0;',
      ].join('\n'),
    });
  }, 60_000);
  const inProbe = (h: string): boolean => h.includes('__row-condition-probe');

  test('the source tests rows against undefined or null, never for truthiness', () => {
    expect(hits.filter((h) => !inProbe(h))).toEqual([]);
  });

  test('the scan finds a row used as a condition', () => {
    expect(hits.filter(inProbe).map((h) => h.replace(/^.*probe\.ts:/, ''))).toEqual(['2: r', '3: r']);
  });
});
