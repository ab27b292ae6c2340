/**
 * Production build of the add-in: runs `webpack --mode production` into a temporary directory and
 * checks what Office will load — pages, manifest and icons present; a CSP on every page; office.js
 * from Microsoft's CDN on the Office pages only; no eval-style code in the bundles.
 *
 * The build runs with HOME pointed at an empty temporary directory to prove it works offline and
 * never touches the office-addin-dev-certs certificates (those are only for `webpack serve`).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const PAGES = ['taskpane.html', 'commands.html', 'preview.html'] as const;
const OFFICE_PAGES = new Set<string>(['taskpane.html', 'commands.html']);
const ICONS = [16, 32, 64, 80].map((n) => `assets/icon-${n}.png`);
/**
 * What office.js itself loads at run time (OfficeDev/office-js#1005): its host scripts from the CDN
 * (appsforoffice.microsoft.com and the newer officeapis.public.onecdn.static.microsoft),
 * MicrosoftAjax.js from ajax.aspnetcdn.com, and its telemetry endpoint.
 */
const OFFICE_SCRIPT_ORIGINS = [
  'https://appsforoffice.microsoft.com',
  'https://officeapis.public.onecdn.static.microsoft',
  'https://ajax.aspnetcdn.com',
  'https://browser.pipe.aria.microsoft.com',
];
const OFFICE_CONNECT_ORIGINS = [
  'https://appsforoffice.microsoft.com',
  'https://officeapis.public.onecdn.static.microsoft',
  'https://browser.pipe.aria.microsoft.com',
];

/**
 * `new Function(...)` occurrences we accept, with the reason. Anything else fails the test.
 * - webpack's own `__webpack_require__.g` runtime (emitted because a Fluent UI dependency reads
 *   `global`) falls back to `new Function("return this")` only when `globalThis` is missing, which
 *   never happens in the browsers Office uses; under the CSP it would just throw inside a try/catch.
 */
const ALLOWED_NEW_FUNCTION = [/new Function\(["']return this["']\)/g];

let outDir = '';
let homeDir = '';
let build: ReturnType<typeof spawnSync>;

function read(rel: string): string {
  return fs.readFileSync(path.join(outDir, rel), 'utf8');
}

function cspOf(html: string): string | undefined {
  const meta = html.match(/<meta\b[^>]*http-equiv=["']?Content-Security-Policy["']?[^>]*>/i)?.[0];
  return meta
    ?.match(/\bcontent=(?:"([^"]*)"|'([^']*)')/i)
    ?.slice(1)
    .find((v) => v !== undefined);
}

function directives(csp: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of csp.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name.toLowerCase(), values);
  }
  return map;
}

function scriptSrcs(html: string): string[] {
  return [...html.matchAll(/<script\b[^>]*\bsrc=(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)].map((m) => m[1] ?? m[2] ?? m[3]);
}

function listFiles(dir: string, base = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? listFiles(full, base) : [path.relative(base, full)];
  });
}

beforeAll(() => {
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'presales-build-'));
  homeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'presales-home-'));
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: homeDir, USERPROFILE: homeDir };
  delete env.ADDIN_BASE_URL;
  delete env.WEBPACK_SERVE;
  build = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules', 'webpack', 'bin', 'webpack.js'), '--mode', 'production', '--output-path', outDir],
    { cwd: ROOT, env, encoding: 'utf8', timeout: 400_000 },
  );
}, 420_000);

afterAll(() => {
  for (const dir of [outDir, homeDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('production build', () => {
  test('webpack succeeds offline without touching dev certificates', () => {
    if (build.status !== 0) throw new Error(`webpack failed (${build.status}):\n${build.stdout}\n${build.stderr}`);
    expect(fs.existsSync(path.join(homeDir, '.office-addin-dev-certs'))).toBe(false);
  });

  test('emits the pages, the manifest and the icons', () => {
    for (const f of [...PAGES, 'manifest.xml', ...ICONS]) expect(fs.existsSync(path.join(outDir, f))).toBe(true);
    expect(read('manifest.xml')).toBe(fs.readFileSync(path.join(ROOT, 'manifest.xml'), 'utf8'));
    for (const icon of ICONS) {
      expect(fs.readFileSync(path.join(outDir, icon)).equals(fs.readFileSync(path.join(ROOT, icon)))).toBe(true);
    }
  });

  test.each(PAGES)('%s has a strict Content-Security-Policy meta tag before any script', (page) => {
    const html = read(page);
    const csp = cspOf(html);
    expect(csp).toBeDefined();
    const d = directives(csp!);
    expect(csp).not.toMatch(/unsafe-eval/);
    expect(d.get('script-src')).toContain("'self'");
    expect(d.get('script-src')).not.toContain("'unsafe-inline'");
    expect(d.get('style-src')).toEqual(expect.arrayContaining(["'self'", "'unsafe-inline'"]));
    if (OFFICE_PAGES.has(page)) {
      // Exactly what office.js needs, no wildcard.
      expect(d.get('script-src')).toEqual(["'self'", ...OFFICE_SCRIPT_ORIGINS]);
      expect(d.get('connect-src')).toEqual(["'self'", ...OFFICE_CONNECT_ORIGINS]);
    } else {
      expect(d.get('script-src')).toEqual(["'self'"]);
      expect(d.get('connect-src')).toEqual(["'self'"]);
    }
    expect(csp).not.toMatch(/\*/);
    expect(d.get('object-src')).toEqual(["'none'"]);
    const metaAt = html.search(/http-equiv=["']?Content-Security-Policy/i);
    const firstScript = html.search(/<script\b/i);
    expect(firstScript === -1 || metaAt < firstScript).toBe(true);
    expect(html).toMatch(/<title>Presales Pipeline 售前项目管理<\/title>/);
  });

  test.each(PAGES)("%s loads office.js only from Microsoft's CDN, and only on Office pages", (page) => {
    const srcs = scriptSrcs(read(page));
    const office = srcs.filter((s) => /office(\.debug)?\.js$/i.test(s));
    if (OFFICE_PAGES.has(page)) {
      expect(office).toEqual([OFFICE_JS]);
      // Before the bundles, which call Office.onReady; on the task pane only its start-up status script
      // (which shows a message when office.js cannot load) comes first.
      expect(srcs.slice(0, srcs.indexOf(OFFICE_JS))).toEqual(page === 'taskpane.html' ? ['boot-status.js'] : []);
    } else {
      expect(office).toEqual([]);
      expect(read(page)).not.toMatch(/appsforoffice/i);
    }
    // Every other script is one of our own emitted bundles.
    for (const src of srcs.filter((s) => s !== OFFICE_JS)) {
      expect(src).not.toMatch(/^(https?:)?\/\//);
      expect(fs.existsSync(path.join(outDir, src.split(/[?#]/)[0]))).toBe(true);
    }
    expect(srcs.filter((s) => s !== OFFICE_JS).length).toBeGreaterThan(0);
  });

  test('no bundle uses eval, and new Function appears only in the allow-listed webpack runtime', () => {
    const bundles = listFiles(outDir).filter((f) => f.endsWith('.js'));
    expect(bundles.length).toBeGreaterThan(0);
    const evals: string[] = [];
    const newFunctions: string[] = [];
    for (const file of bundles) {
      const code = read(file);
      for (const m of code.matchAll(/(^|[^\w$.])eval\s*\(/g)) {
        evals.push(`${file}: …${code.slice(Math.max(0, m.index! - 40), m.index! + 40)}…`);
      }
      let rest = code;
      for (const allowed of ALLOWED_NEW_FUNCTION) rest = rest.replace(allowed, '<allowed>');
      for (const m of rest.matchAll(/new\s+Function\s*\(/g)) {
        newFunctions.push(`${file}: …${rest.slice(Math.max(0, m.index! - 40), m.index! + 60)}…`);
      }
    }
    expect(evals).toEqual([]);
    expect(newFunctions).toEqual([]);
  });
});

describe('webpack.config.js', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const makeConfig = require(path.join(ROOT, 'webpack.config.js')) as (
    env: Record<string, unknown>,
    argv: Record<string, unknown>,
  ) => Promise<Record<string, any>>;

  test.each(['production', 'development'])(
    '%s mode uses no eval-based devtool and no dev server unless serving',
    async (mode) => {
      const config = await makeConfig({}, { mode });
      expect(String(config.devtool)).not.toMatch(/eval/);
      expect(config.devServer).toBeUndefined();
      expect(config.optimization?.splitChunks?.chunks).toBe('all');
      expect(Object.keys(config.entry).sort()).toEqual(['commands', 'preview', 'taskpane']);
    },
  );
});
