/**
 * The Chinese copy stays edited (issue 9 item 8): every Chinese string of the add-in and the CLI — found in
 * the source by the TypeScript parser, plus the task pane page's own messages and the manifest's zh-CN
 * texts — names sheets by their Chinese names rather than English table names, uses full-width
 * punctuation next to Chinese characters, and refers to the pane's buttons by the labels they carry.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { TABLES } from '../src/engine/schema';
import { S } from '../src/taskpane/strings';
import { D } from '../src/taskpane/pages/directors-strings';

const ROOT = path.resolve(__dirname, '..');
const CJK = /[\u4e00-\u9fff]/g;
/** Sources whose CJK strings are not copy: sponsor.ts holds regular expressions over Chinese names and titles. */
const NOT_COPY = new Set(['src/engine/sponsor.ts']);

interface Copy {
  where: string;
  text: string;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

/** The text of a string, template (substitutions as a placeholder) or JSX text node. */
function textOf(n: ts.Node): string | null {
  if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isJsxText(n)) return n.text;
  if (ts.isTemplateExpression(n)) return n.head.text + n.templateSpans.map((s) => `{x}${s.literal.text}`).join('');
  return null;
}

/** True inside the value of an `en:` property: the English half of a bilingual text. */
function isEnglishHalf(n: ts.Node): boolean {
  for (let p: ts.Node = n; p.parent; p = p.parent) {
    if (ts.isPropertyAssignment(p.parent) && p.parent.initializer === p) return p.parent.name.getText() === 'en';
    if (ts.isStatement(p.parent)) return false;
  }
  return false;
}

/** Chinese copy: Chinese characters carry the text (an English sentence quoting a Chinese example is not). */
function isChinese(text: string): boolean {
  const cjk = text.match(CJK)?.length ?? 0;
  const letters = text.match(/[A-Za-z]/g)?.length ?? 0;
  return cjk > 0 && cjk * 3 >= letters;
}

function sourceCopy(): Copy[] {
  const out: Copy[] = [];
  for (const file of sourceFiles(path.join(ROOT, 'src'))) {
    const rel = path.relative(ROOT, file).split(path.sep).join('/');
    if (NOT_COPY.has(rel)) continue;
    const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (n: ts.Node): void => {
      const text = textOf(n);
      if (text !== null && isChinese(text) && !isEnglishHalf(n)) {
        out.push({ where: `${rel}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`, text });
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return out;
}

/** The zh-CN parts of the task pane page (its loading state and failure message) and the manifest's zh-CN texts. */
function pageAndManifestCopy(): Copy[] {
  const out: Copy[] = [];
  const html = fs.readFileSync(path.join(ROOT, 'src/taskpane/taskpane.html'), 'utf8');
  for (const m of html.matchAll(/<(p|section)\s+lang="zh-CN"[^>]*>([\s\S]*?)<\/\1>/g)) {
    for (const line of m[2]
      .replace(/<[^>]+>/g, ' ')
      .split(/\n/)
      .map((s) => s.trim())) {
      if (isChinese(line)) out.push({ where: 'src/taskpane/taskpane.html', text: line });
    }
  }
  const manifest = fs.readFileSync(path.join(ROOT, 'manifest.xml'), 'utf8');
  for (const m of manifest.matchAll(/Locale="zh-CN"\s+Value="([^"]*)"/g))
    out.push({ where: 'manifest.xml', text: m[1] });
  return out;
}

const copy = [...sourceCopy(), ...pageAndManifestCopy()];

test('the scan finds the Chinese copy of the engine, the workbook operations, the pane, its page and the CLI', () => {
  const where = (prefix: string) => copy.filter((c) => c.where.startsWith(prefix)).length;
  expect(where('src/engine/')).toBeGreaterThan(100);
  expect(where('src/workbook/')).toBeGreaterThan(20);
  expect(where('src/taskpane/')).toBeGreaterThan(200);
  expect(where('src/cli/')).toBeGreaterThan(5);
  expect(where('src/taskpane/taskpane.html')).toBeGreaterThan(5);
  expect(where('manifest.xml')).toBeGreaterThan(5);
  // Both halves of the rules below see what they must: a Chinese message of the engine, not its English half.
  expect(copy.some((c) => c.text.includes('请在任务窗格的“工作簿”页点击“修复工作簿”'))).toBe(true);
  expect(copy.some((c) => /Repair workbook/.test(c.text))).toBe(false);
});

describe('Chinese copy', () => {
  test('names sheets in Chinese, never by English table names', () => {
    const english = [...new Set(TABLES.flatMap((t) => [t.name, t.sheet.en, t.title.en]))].sort(
      (a, b) => b.length - a.length,
    );
    const name = new RegExp(
      `(?<![A-Za-z_])(${english.map((e) => e.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![A-Za-z_])`,
      'g',
    );
    const offenders: string[] = [];
    for (const c of copy) {
      for (const m of c.text.matchAll(name)) {
        const before = c.text.slice(0, m.index);
        // Allowed: the Excel table object's own name, which is English in every workbook ("表格名称是 Table1；
        // 请把它改名为 Projects"), and a structured reference (Projects[预计合同额]).
        if (/(表格名称是|改名为|名为|表名)\s*$/.test(before) || c.text[m.index! + m[0].length] === '[') continue;
        offenders.push(`${c.where}: “${m[0]}” in ${c.text}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  test('uses full-width punctuation next to Chinese characters', () => {
    const wide = '\\u3000-\\u303f\\u4e00-\\u9fff\\uff00-\\uffef“”‘’';
    const half = new RegExp(`[${wide}][,;:!?()]|[,;:!?()][${wide}]`, 'g');
    const offenders: string[] = [];
    for (const c of copy) for (const m of c.text.matchAll(half)) offenders.push(`${c.where}: “${m[0]}” in ${c.text}`);
    expect(offenders).toEqual([]);
  });

  test('refers to the pane’s buttons by the labels they carry', () => {
    const labels = new Set<string>();
    for (const table of [S, D] as Record<string, { zh?: unknown }>[])
      for (const v of Object.values(table)) if (typeof v?.zh === 'string') labels.add(v.zh);
    // The ribbon's buttons (the manifest's zh-CN labels) and the task pane page's own buttons count too.
    const manifest = fs.readFileSync(path.join(ROOT, 'manifest.xml'), 'utf8');
    for (const m of manifest.matchAll(
      /<bt:String id="[^"]+\.Label"[^>]*>\s*<bt:Override Locale="zh-CN" Value="([^"]+)"/g,
    ))
      labels.add(m[1]);
    const html = fs.readFileSync(path.join(ROOT, 'src/taskpane/taskpane.html'), 'utf8');
    for (const m of html.matchAll(/<button\b[^>]*>([^<]+)<\/button>/g)) labels.add(m[1].trim());
    expect(labels.has('修复工作簿')).toBe(true);
    expect(labels.has('打开面板')).toBe(true);
    expect(labels.has('重新加载')).toBe(true);
    const offenders: string[] = [];
    for (const c of copy) {
      for (const m of c.text.matchAll(/(?:点击|单击|点按)“([^”]+)”/g)) {
        if (!labels.has(m[1])) offenders.push(`${c.where}: “${m[1]}” is no button of the pane, in ${c.text}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
