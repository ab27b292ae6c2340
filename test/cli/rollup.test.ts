/**
 * `presales rollup` and `presales lessons` on real files: three sample team workbooks (two zh, one en)
 * and every kind of bad input, the written roll-up checked part by part against the OOXML schemas,
 * and rendered by LibreOffice to show that its charts are drawn.
 */
import { createHash } from 'crypto';
import { spawnSync } from 'child_process';
import JSZip from 'jszip';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { basename, join, resolve } from 'path';
import { main } from '../../src/cli/main';
import { SERIES_COLORS } from '../../src/hosts/xlsx/charts';
import { findSoffice } from '../support/libreoffice';

const ROOT = resolve(__dirname, '../..');
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'presales-rollup-'));
  for (const [name, lang, team] of [
    ['east.xlsx', 'zh', '华东'],
    ['south.xlsx', 'zh', '华南'],
    ['west.xlsx', 'en', 'West'],
  ]) {
    const r = await cli('template', file(name), '--sample', '--lang', lang, '--team', team);
    expect(r.code).toBe(0);
  }
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string): string => join(dir, name);
const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('presales rollup', () => {
  test('three team workbooks: exit 0, every table and the dashboard, teams from Policy', async () => {
    const before = ['east.xlsx', 'south.xlsx', 'west.xlsx'].map((f) => sha(file(f)));
    const r = await cli(
      'rollup',
      file('all.xlsx'),
      file('east.xlsx'),
      file('south.xlsx'),
      file('west.xlsx'),
      '--json',
      '--lang',
      'zh',
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.sources.map((s: { team: string; status: string }) => [s.team, s.status])).toEqual([
      ['华东', 'ok'],
      ['华南', 'ok'],
      ['West', 'ok'],
    ]);
    expect(json.sources.every((s: { projects: number }) => s.projects > 10)).toBe(true);
    expect(json.findings).toEqual([]);
    expect(json.review.length).toBeGreaterThan(0);
    // Leadership first, then Adjustment.
    const levels: string[] = json.review.map((x: { escalation: string }) => x.escalation);
    const firstOther = levels.findIndex((l) => l !== '企业领导审批');
    expect(firstOther).toBeGreaterThan(0);
    expect(levels.slice(firstOther).every((l) => l !== '企业领导审批')).toBe(true);
    expect(['east.xlsx', 'south.xlsx', 'west.xlsx'].map((f) => sha(file(f)))).toEqual(before);

    const zip = await JSZip.loadAsync(readFileSync(file('all.xlsx')));
    const tables = await Promise.all(
      Object.keys(zip.files)
        .filter((p) => /^xl\/tables\/table\d+\.xml$/.test(p))
        .map(async (p) => /\bname="([^"]+)"/.exec(await zip.file(p)!.async('string'))![1]),
    );
    expect(tables).toEqual(
      expect.arrayContaining(['RollupSources', 'RollupProjects', 'RollupReview', 'Lessons', 'RollupFindings']),
    );
    expect(Object.keys(zip.files).filter((p) => /^xl\/charts\/chart\d+\.xml$/.test(p))).toHaveLength(3);
    const ct = await zip.file('[Content_Types].xml')!.async('string');
    expect(ct).toContain('application/vnd.openxmlformats-officedocument.drawingml.chart+xml');
  });

  test('a workbook of both teams twice: duplicate-across-workbooks for every shared ID', async () => {
    copyFileSync(file('east.xlsx'), file('east-copy.xlsx'));
    const r = await cli(
      'rollup',
      file('dup.xlsx'),
      file('east.xlsx'),
      file('east-copy.xlsx'),
      '--json',
      '--lang',
      'en',
    );
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    const byId = json.findings.filter((f: { projectId: string | null }) => f.projectId);
    expect(byId.length).toBe(json.sources[0].projects);
    expect(byId[0].files).toEqual(['east.xlsx', 'east-copy.xlsx']);
    expect(byId[0].message).toMatch(/appears in east\.xlsx, east-copy\.xlsx/);
  });

  test('bad inputs are listed with their reason and the roll-up of the rest completes (exit 1)', async () => {
    const bad = file('bad');
    mkdirSync(bad);
    writeFileSync(join(bad, 'empty.xlsx'), '');
    writeFileSync(join(bad, 'table.xlsx'), 'Project ID,Customer\nP-1,ACME\n');
    writeFileSync(join(bad, 'old.xlsx'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]));
    writeFileSync(join(bad, 'notes.txt'), 'not a workbook');
    writeFileSync(join(bad, '~$east.xlsx'), 'lock file');
    copyFileSync(file('west.xlsx'), join(bad, 'west-en.xlsx'));
    const before = readdirSync(bad).map((f) => [f, sha(join(bad, f))]);
    const r = await cli(
      'rollup',
      file('mixed.xlsx'),
      bad,
      file('east.xlsx'),
      file('east.xlsx'),
      '--json',
      '--lang',
      'en',
    );
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out);
    const reasons = Object.fromEntries(
      json.sources.map((s: { file: string; reason: string | null }) => [s.file.split(/[\\/]/).pop(), s.reason]),
    );
    expect(reasons['empty.xlsx']).toMatch(/empty file/);
    expect(reasons['table.xlsx']).toMatch(/not an \.xlsx file/);
    expect(reasons['old.xlsx']).toBe(
      'old .xls or password-protected workbook: open it in Excel and save as .xlsx without a password',
    );
    expect(reasons['west-en.xlsx']).toBeNull();
    expect(json.sources.filter((s: { reason: string | null }) => /same file as/.test(s.reason ?? ''))).toHaveLength(1);
    expect(json.sources.some((s: { file: string }) => /notes\.txt|~\$/.test(s.file))).toBe(false);
    // One line per problem on stderr, no stack.
    const lines = r.err.split('\n');
    expect(lines.every((l) => /^presales: \S/.test(l))).toBe(true);
    expect(lines.some((l) => /notes\.txt: not an \.xlsx file; ignored/.test(l))).toBe(true);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(readdirSync(bad).map((f) => [f, sha(join(bad, f))])).toEqual(before);
    expect(existsSync(file('mixed.xlsx'))).toBe(true);
  });

  test('OUT equal to an input, an existing OUT, nothing readable, a missing folder: one line, exit 2, nothing written', async () => {
    const east = sha(file('east.xlsx'));
    let r = await cli('rollup', file('east.xlsx'), file('east.xlsx'), file('south.xlsx'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^presales: .*also an input.*never writes over an input/);
    expect(sha(file('east.xlsx'))).toBe(east);
    r = await cli('rollup', file('east.xlsx'), '--force', dir);
    expect(r.code).toBe(2);
    expect(sha(file('east.xlsx'))).toBe(east);

    writeFileSync(file('exists.xlsx'), 'keep me');
    r = await cli('rollup', file('exists.xlsx'), file('east.xlsx'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/already exists; use --force/);
    expect(readFileSync(file('exists.xlsx'), 'utf8')).toBe('keep me');

    writeFileSync(file('only.csv.xlsx'), 'a,b');
    r = await cli('rollup', file('none.xlsx'), file('only.csv.xlsx'));
    expect(r.code).toBe(2);
    expect(existsSync(file('none.xlsx'))).toBe(false);

    r = await cli('rollup', join(dir, 'no-such-folder', 'out.xlsx'), file('east.xlsx'));
    expect(r.code).toBe(2);
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.err).not.toMatch(/ENOENT/);

    r = await cli('rollup', file('out.csv'), file('east.xlsx'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/must be an \.xlsx file/);
  });

  test('every part of the roll-up validates against the ISO/IEC 29500 schemas', async () => {
    const ooxml = findOoxml();
    const xmllint = spawnSync('xmllint', ['--version']);
    if (!ooxml || xmllint.error)
      throw new Error('needs ../shared/ooxml and xmllint (Debian libxml2-utils), as .ci/run installs');
    const zip = await JSZip.loadAsync(readFileSync(file('all.xlsx')));
    const work = mkdtempSync(join(tmpdir(), 'presales-ooxml-'));
    try {
      const parts = Object.keys(zip.files).filter((p) =>
        /^xl\/(charts\/chart|drawings\/drawing|worksheets\/sheet)\d+\.xml$/.test(p),
      );
      expect(parts.length).toBeGreaterThanOrEqual(3 + 1 + 6);
      for (const p of parts) {
        let xml = await zip.file(p)!.async('string');
        // Markup Compatibility: what a part marks ignorable is dropped before validating (see ooxml/README.md).
        const ignorable = /mc:Ignorable="([^"]*)"/.exec(xml)?.[1].split(/\s+/) ?? [];
        for (const prefix of ignorable) xml = xml.replace(new RegExp(`\\s${prefix}:[A-Za-z]+="[^"]*"`, 'g'), '');
        xml = xml.replace(/\smc:Ignorable="[^"]*"/, '').replace(/<extLst>[\s\S]*?<\/extLst>/g, '');
        const schema = p.includes('/charts/')
          ? 'dml-chart.xsd'
          : p.includes('/drawings/')
            ? 'dml-spreadsheetDrawing.xsd'
            : 'sml.xsd';
        const path = join(work, p.replace(/\//g, '_'));
        writeFileSync(path, xml);
        const v = spawnSync('xmllint', ['--noout', '--schema', join(ooxml, schema), path], { encoding: 'utf8' });
        expect(`${p}: ${v.status === 0 ? 'valid' : v.stderr}`).toBe(`${p}: valid`);
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  test('LibreOffice renders the dashboard with its charts drawn', async () => {
    if (!findSoffice()) throw new Error('LibreOffice (soffice) is needed: .ci/run installs libreoffice-calc');
    const seen = renderColours(file('all.xlsx'));
    // The first two series colours fill bars of every chart; tables use neither.
    expect(seen[0]).toBeGreaterThan(2000);
    expect(seen[1]).toBeGreaterThan(2000);
    // The same colours are absent from a workbook without charts, so the count means charts.
    const none = renderColours(file('east.xlsx'));
    expect(none[0] + none[1]).toBeLessThan(200);
  }, 240_000);
});

describe('presales lessons', () => {
  test('Chinese query over a team workbook: hits ranked, each with its cell', async () => {
    const r = await cli('lessons', file('east.xlsx'), '--query', '价格', '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.total).toBeGreaterThan(0);
    expect(json.hits.length).toBeGreaterThan(0);
    for (const h of json.hits) expect(h.cell).toMatch(/!/);
    const scores = json.hits.map((h: { score: number }) => h.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  test('over a roll-up (its Lessons table) and in English, with an outcome filter in the other language', async () => {
    const r = await cli('lessons', file('all.xlsx'), '--outcome', 'Lost', '--json', '--lang', 'en');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.hits.length).toBeGreaterThan(0);
    expect(json.hits.every((h: { outcome: string }) => h.outcome === 'lost')).toBe(true);
    const text = await cli('lessons', file('west.xlsx'), '--query', 'energy', '--lang', 'en');
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/found/);
  });

  test('nothing readable: one line, exit 2', async () => {
    const r = await cli('lessons', file('only.csv.xlsx'));
    expect(r.code).toBe(2);
  });
});

function findOoxml(): string | null {
  const candidates = [
    process.env.OOXML_DIR,
    join(ROOT, '..', 'shared', 'ooxml'),
    join(ROOT, '..', '..', 'shared', 'ooxml'),
    '/work/shared/ooxml',
  ];
  for (const c of candidates) {
    if (!c) continue;
    const d = existsSync(join(c, 'sml.xsd')) ? c : join(c, 'ISO-IEC29500-4_2016');
    if (existsSync(join(d, 'sml.xsd'))) return d;
  }
  return null;
}

/** Pixels of the first two series colours over every page LibreOffice prints of the workbook. */
function renderColours(xlsx: string): number[] {
  const out = mkdtempSync(join(tmpdir(), 'presales-render-'));
  try {
    const profile = mkdtempSync(join(tmpdir(), 'presales-lo-'));
    const pdf = spawnSync(
      findSoffice()!,
      [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', out, xlsx],
      { timeout: 150_000 },
    );
    rmSync(profile, { recursive: true, force: true });
    if (pdf.status !== 0) throw new Error(`LibreOffice could not convert: ${pdf.stderr}`);
    const ppm = spawnSync('pdftoppm', [
      '-r',
      '30',
      join(out, basename(xlsx).replace(/\.xlsx$/i, '.pdf')),
      join(out, 'page'),
    ]);
    if (ppm.error) throw new Error('pdftoppm (Debian poppler-utils) is needed, as .ci/run installs');
    const targets = SERIES_COLORS.slice(0, 2).map((h) => [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)));
    const counts = [0, 0];
    for (const f of readdirSync(out).filter((n) => n.endsWith('.ppm'))) {
      const data = readFileSync(join(out, f));
      // P6 header: magic, width height, maxval, then RGB bytes.
      let pos = 0;
      for (let fields = 0; fields < 4;) {
        while (data[pos] === 0x20 || data[pos] === 0x0a) pos++;
        while (data[pos] !== 0x20 && data[pos] !== 0x0a) pos++;
        fields++;
      }
      pos++;
      for (let i = pos; i + 2 < data.length; i += 3) {
        targets.forEach((t, k) => {
          if (Math.abs(data[i] - t[0]) < 20 && Math.abs(data[i + 1] - t[1]) < 20 && Math.abs(data[i + 2] - t[2]) < 20)
            counts[k]++;
        });
      }
    }
    return counts;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
