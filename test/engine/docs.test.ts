/**
 * The user documentation in docs/ stays complete and its links work: every finding code the engine can
 * emit has a section in docs/findings.md, every policy key a row in docs/policy.md, every CLI command a
 * section in docs/cli.md; every relative link in README.md and docs/ points at a file (and heading) that
 * exists. A code, key or command added later fails here until it is documented.
 */
import { readdirSync, readFileSync, statSync, existsSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';
import { main } from '../../src/cli/main';
import { FINDING_CODES } from '../../src/engine/findings';
import { POLICY } from '../../src/engine/policy';

const ROOT = resolve(__dirname, '../..');
const read = (p: string): string => readFileSync(join(ROOT, p), 'utf8');

function files(dir: string, ext: RegExp): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p, ext));
    else if (ext.test(name)) out.push(p);
  }
  return out;
}

/** Codes written as literals where findings are made: `add('code', …` and `code: 'code'`. */
function emittedLiterals(): Map<string, string> {
  const found = new Map<string, string>();
  for (const f of files(join(ROOT, 'src'), /\.tsx?$/)) {
    if (f.includes(`${join('src', 'taskpane')}`) || f.includes(join('src', 'preview'))) continue;
    const text = readFileSync(f, 'utf8');
    for (const re of [/\.add\(\s*'([a-z]+(?:-[a-z]+)+)'/g, /\bcode:\s*'([a-z]+(?:-[a-z]+)+)'/g]) {
      for (const m of text.matchAll(re)) if (!found.has(m[1])) found.set(m[1], relative(ROOT, f));
    }
  }
  return found;
}

/** GitHub's heading anchors: lower case, punctuation dropped (CJK kept), spaces to hyphens. */
const slug = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

function anchors(markdown: string): Set<string> {
  const out = new Set<string>();
  for (const m of markdown.matchAll(/^#{1,6}\s+(.+)$/gm)) out.add(slug(m[1]));
  return out;
}

// Without HTML comments: the page's template for a new section is not a section.
const findingsDoc = read('docs/findings.md').replace(/<!--[\s\S]*?-->/g, '');
const documentedCodes = new Set([...findingsDoc.matchAll(/^### `([a-z-]+)`$/gm)].map((m) => m[1]));

describe('docs/findings.md', () => {
  test.each(FINDING_CODES)('documents %s with its severity, when and how to fix', (code) => {
    expect(documentedCodes).toContain(code);
    const section = findingsDoc.split(/^### /m).find((s) => s.startsWith(`\`${code}\``))!;
    expect(section).toMatch(/\*\*Severity:\*\* (error|warning|info)/);
    expect(section).toMatch(/^When: \S/m);
    expect(section).toMatch(/^How to fix: \S/m);
    expect(section).toMatch(/中文：\S/);
  });

  test('every code made anywhere in the source is a known code and documented', () => {
    const literals = emittedLiterals();
    expect(literals.size).toBeGreaterThan(10); // the scan itself works
    for (const [code, file] of literals) {
      if (!documentedCodes.has(code))
        throw new Error(`finding code "${code}" (made in ${file}) has no section in docs/findings.md`);
    }
  });

  test('documents no code the engine does not know', () => {
    const known = new Set<string>([...FINDING_CODES, ...emittedLiterals().keys()]);
    for (const code of documentedCodes) expect(known).toContain(code);
  });
});

describe('docs/policy.md', () => {
  const doc = read('docs/policy.md');
  test.each(POLICY.map((p) => [p.key, p]))('documents %s with its kind and default', (key, p) => {
    const row = doc.split('\n').find((l) => l.startsWith(`| \`${key}\` |`));
    if (!row) throw new Error(`policy key ${key} has no row in docs/policy.md`);
    expect(row).toContain(`| ${p.kind} |`);
    if (typeof p.default === 'number') expect(row.replace(/,/g, '')).toContain(`| ${p.default} |`);
  });
});

describe('docs/cli.md', () => {
  test('documents every command the CLI lists in its help, and --version', async () => {
    const out: string[] = [];
    await main(['--help'], { out: (s) => out.push(s), err: () => undefined });
    const commands = [...new Set([...out.join('\n').matchAll(/^\s+presales ([a-z][a-z-]*)\b/gm)].map((m) => m[1]))];
    expect(commands).toEqual(expect.arrayContaining(['template', 'check']));
    const doc = read('docs/cli.md');
    for (const c of commands) expect(doc).toMatch(new RegExp(`^### \`presales ${c}\\b`, 'm'));
    expect(doc).toContain('presales --version');
  });
});

describe('links', () => {
  const docs = ['README.md', ...files(join(ROOT, 'docs'), /\.md$/).map((f) => relative(ROOT, f))];
  test.each(docs)('every relative link in %s points at a file and heading that exist', (doc) => {
    const text = read(doc);
    const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((l) => !/^[a-z]+:/i.test(l));
    for (const link of links) {
      const [path, anchor] = link.split('#');
      const target = path ? resolve(ROOT, dirname(doc), path) : join(ROOT, doc);
      // Inside the repository: a link to ../shared/ works on one machine only, not in a clone.
      expect(relative(ROOT, target).startsWith('..')).toBe(false);
      if (!existsSync(target)) throw new Error(`${doc}: link ${link} points at nothing`);
      if (anchor && statSync(target).isFile() && target.endsWith('.md')) {
        if (!anchors(readFileSync(target, 'utf8')).has(decodeURIComponent(anchor)))
          throw new Error(`${doc}: link ${link}: no such heading`);
      }
    }
  });

  test('the README links to docs/ and says what a new user needs', () => {
    const readme = read('README.md');
    expect(readme).toContain('](docs/README.md)');
    expect(readme).toMatch(/Node\.js ≥ 18/);
    expect(readme).toMatch(/npm link/);
    expect(readme).toMatch(/deliberate mistakes/);
    expect(readme).toMatch(/presales template \/tmp\/\S+\.xlsx/);
    expect(readme).not.toMatch(/\.\.\/shared/);
  });
});
