/**
 * The house habits stay wired: `npm run lint` is ESLint at zero warnings and `prettier --check`, CI runs
 * it before the tests, and the ESLint config really applies typescript-eslint (with the promise rules
 * Office.js code needs), the rules of React hooks and jsx-a11y to the pane — a plugin that silently drops
 * out of the flat config would otherwise leave `npm run lint` green.
 */
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';

const ROOT = path.resolve(__dirname, '..');

// eslint-disable-next-line @typescript-eslint/no-require-imports
const lint = require('../scripts/lint.js') as {
  TOOLS: { name: string; args: string[] }[];
  runAll(
    tools: { name: string; args: string[] }[],
  ): Promise<{ name: string; status: number; out: string; seconds: number }[]>;
  report(results: { name: string; status: number; out: string; seconds: number }[], print: (s: string) => void): number;
};

test('npm run lint is ESLint at zero warnings and Prettier; CI runs it before the tests', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  expect(pkg.scripts.lint).toBe('node scripts/lint.js');
  const args = Object.fromEntries(lint.TOOLS.map((t) => [t.name, t.args.slice(1).join(' ')]));
  expect(args).toEqual({ eslint: '. --max-warnings 0', prettier: '--check --cache .' });
  expect(path.basename(lint.TOOLS[0].args[0])).toBe('eslint.js');
  expect(fs.existsSync(lint.TOOLS[0].args[0]) && fs.existsSync(lint.TOOLS[1].args[0])).toBe(true);
  expect(pkg.scripts.validate).toBe('office-addin-manifest validate manifest.xml');
  const ci = fs.readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8');
  const lintAt = ci.search(/^npm run lint$/m);
  const testAt = ci.search(/^npm test\b/m);
  expect(lintAt).toBeGreaterThan(0);
  expect(lintAt).toBeLessThan(testAt);
});

test('npm run lint fails when either tool fails, and prints what each said', async () => {
  const tool = (name: string, code: number) => ({
    name,
    args: ['-e', `console.log(${JSON.stringify(`${name} says ${code}`)}); process.exit(${code})`],
  });
  const run = async (a: number, b: number): Promise<{ status: number; printed: string }> => {
    let printed = '';
    const status = lint.report(await lint.runAll([tool('first', a), tool('second', b)]), (s) => (printed += s));
    return { status, printed };
  };
  expect((await run(0, 0)).status).toBe(0);
  const failed = await run(0, 2);
  expect(failed.status).toBe(1);
  expect(failed.printed).toContain('first says 0');
  expect(failed.printed).toContain('second says 2');
  expect(failed.printed).toMatch(/second: FAILED/);
  expect((await run(1, 0)).status).toBe(1);
});

/** Runs `body` (an async function of `m`, the imported module) in a plain Node process: ESLint loads its
 *  flat config and Prettier its plugins with dynamic import(), which jest's module sandbox does not allow. */
function inNode<T>(module: string, body: string): T {
  const script = `import(${JSON.stringify(module)}).then(async (m) => { const r = await (${body})(m); process.stdout.write(JSON.stringify(r)); })`;
  const run = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 240_000 });
  if (run.status !== 0) throw new Error(`node failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

test('Prettier keeps the code style the code was written in', () => {
  const options = inNode<Record<string, unknown>>('prettier', `(m) => m.resolveConfig('src/taskpane/App.tsx')`);
  expect(options).toMatchObject({ singleQuote: true, printWidth: 120, trailingComma: 'all' });
});

test('the ESLint config applies the hooks, accessibility and promise rules to the pane', () => {
  const levels = inNode<Record<string, Record<string, unknown>>>(
    'eslint',
    `async (m) => {
      const eslint = new m.ESLint();
      const out = {};
      for (const f of ['src/taskpane/App.tsx', 'src/taskpane/usePipeline.ts']) {
        const { rules } = await eslint.calculateConfigForFile(f);
        out[f] = Object.fromEntries(Object.entries(rules).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
      }
      return out;
    }`,
  );
  for (const rule of [
    'react-hooks/rules-of-hooks',
    'jsx-a11y/alt-text',
    'jsx-a11y/interactive-supports-focus',
    '@typescript-eslint/no-floating-promises',
    '@typescript-eslint/no-misused-promises',
  ]) {
    expect([rule, levels['src/taskpane/App.tsx'][rule]]).toEqual([rule, 2]);
  }
  expect([1, 2]).toContain(levels['src/taskpane/App.tsx']['react-hooks/exhaustive-deps']);
  // Hooks live in .ts files too.
  expect(levels['src/taskpane/usePipeline.ts']['react-hooks/rules-of-hooks']).toBe(2);
});

test('ESLint reports a conditional hook and an image without text', () => {
  // The fixture is not a file of the project, so it is linted without type information.
  const code = [
    "import * as React from 'react';",
    'export function Pane(props: { on: boolean }): React.JSX.Element {',
    '  if (props.on) React.useEffect(() => undefined, []);',
    '  return <img src="logo.png" />;',
    '}',
    '',
  ].join('\n');
  const rules = inNode<string[]>(
    'eslint',
    `async (m) => {
      const eslint = new m.ESLint({
        overrideConfig: {
          languageOptions: { parserOptions: { project: null, projectService: false } },
          rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off' },
        },
      });
      const [r] = await eslint.lintText(${JSON.stringify(code)}, { filePath: 'src/taskpane/lint-fixture.tsx' });
      return r.messages.map((x) => x.ruleId ?? x.message).sort();
    }`,
  );
  expect(rules).toEqual(['jsx-a11y/alt-text', 'react-hooks/rules-of-hooks']);
});
