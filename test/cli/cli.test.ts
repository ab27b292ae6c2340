/**
 * The CLI end to end: `main(argv, io)` in-process (fast), plus one real `node bin/presales.js` run.
 * Files live in a private temp dir removed afterwards.
 */
import { createHash } from 'crypto';
import { execSync, spawnSync } from 'child_process';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { fsReason, main } from '../../src/cli/main';
import { PROJECTS, TABLES } from '../../src/engine/schema';
import { isoFromSerial, todaySerial } from '../../src/engine/values';
import { exportXlsx, importXlsx } from '../../src/hosts/xlsx';
import { recalcXlsx } from '../support/libreoffice';
import { SPEC_CODES } from '../spec-codes';

const ROOT = resolve(__dirname, '../..');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'presales-cli-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});
const file = (name: string): string => join(dir, name);

interface Run {
  code: number;
  out: string;
  err: string;
}
async function cli(...argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** A usage or read error: exit 2, exactly one line on stderr, nothing on stdout, no stack trace. */
function expectOneLineError(r: Run, pattern?: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.out).toBe('');
  expect(r.err).toMatch(/^presales: \S.*$/);
  expect(r.err.split('\n')).toHaveLength(1);
  expect(r.err).not.toMatch(/\n\s+at |at .*\.(ts|js):\d+/);
  if (pattern) expect(r.err).toMatch(pattern);
}

async function checkJson(path: string, ...more: string[]): Promise<{ code: number; json: any }> {
  const r = await cli('check', path, '--json', ...more);
  expect(r.err).toBe('');
  return { code: r.code, json: JSON.parse(r.out) };
}

const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

const TODAY = isoFromSerial(todaySerial());
const PROJECT_KEYS = [
  'projectId',
  'marketWeight',
  'marginTier',
  'importanceScore',
  'grade',
  'budgetCap',
  'plannedCost',
  'approvedAdjustments',
  'actualCost',
  'overrun',
  'overrunPct',
  'slipDays',
  'escalation',
];
/** The figures of each project without its `reasons` (those are sentences in the report's language). */
const figures = (ps: any[]): any[] => ps.map(({ reasons, ...p }) => (void reasons, p));
const FINDING_KEYS = ['code', 'severity', 'table', 'column', 'cell', 'message'];
describe('template --sample --lang zh, then check --json', () => {
  let json: any;
  let code: number;
  const byId = (id: string): any => figures(json.projects).find((p: any) => p.projectId === id);

  beforeAll(async () => {
    const t = await cli('template', file('sample-zh.xlsx'), '--sample', '--lang', 'zh');
    expect(t.code).toBe(0);
    // The CLI's template loads the sample relative to today, so check as of today.
    ({ code, json } = await checkJson(file('sample-zh.xlsx'), '--as-of', TODAY));
  });

  test('exits 1 because the sample holds errors', () => {
    expect(code).toBe(1);
    expect(json.counts.error).toBeGreaterThan(0);
    expect(json.asOf).toBe(TODAY);
    expect(json.lang).toBe('zh');
  });

  test('JSON has exactly the keys of spec §6', () => {
    expect(json.projects).toHaveLength(18);
    for (const p of json.projects) {
      expect(Object.keys(p)).toEqual([...PROJECT_KEYS, 'reasons']);
      expect(['none', 'adjustment', 'leadership', null]).toContain(p.escalation);
      expect(['A', 'B', 'C', 'D', null]).toContain(p.grade);
    }
    for (const f of json.findings) {
      // amount-as-text findings also carry the number they mean (spec §5 "with a fix").
      const extra = ['amount-as-text', 'policy-invalid', 'month-as-text'].includes(f.code) ? ['fixValue'] : [];
      expect(Object.keys(f)).toEqual([...FINDING_KEYS, ...extra]);
      expect(['error', 'warning', 'info']).toContain(f.severity);
      expect(typeof f.message).toBe('string');
      expect(f.message).toMatch(/[\u4e00-\u9fff]/); // the workbook's language
    }
    const amount = json.findings.find((f: any) => f.code === 'amount-as-text');
    expect(amount.fixValue).toBe(120_000_000); // “1.2亿”
  });

  test('every code of spec §5 appears', () => {
    const codes = new Set(json.findings.map((f: any) => f.code));
    for (const c of SPEC_CODES) expect({ code: c, present: codes.has(c) }).toEqual({ code: c, present: true });
    // Cells are Excel addresses on the table's sheet.
    for (const f of json.findings.filter((x: any) => x.cell)) expect(f.cell).toMatch(/^[^!]+![A-Z]{1,3}\d+$/);
    expect(json.findings.find((f: any) => f.code === 'formula-overwritten').cell).toBe('项目信息表!T2');
  });

  test('per-project figures agree with spec §3–§4 worked by hand', () => {
    // PS-2026-001: 战略市场 → weight 5; margin 6,000,000 ≥ 5,000,000 → tier 5;
    // score ROUND(0.6×5 + 0.4×5, 2) = 5.00 → A; cap 6,000,000 × 5% = 300,000.
    // planned 80,000 + 100,000 + 90,000 = 270,000; actual 78,000 + 95,000 + 30,000 = 203,000;
    // no approved cost adjustment → plan 270,000, overrun MAX(0, 203,000 − 270,000) = 0.
    // Milestones ended 2 and 1 days early, the third ends in 20 days → slip 0 → escalation none.
    expect(byId('PS-2026-001')).toEqual({
      projectId: 'PS-2026-001',
      marketWeight: 5,
      marginTier: 5,
      importanceScore: 5,
      grade: 'A',
      budgetCap: 300_000,
      plannedCost: 270_000,
      approvedAdjustments: 0,
      actualCost: 203_000,
      overrun: 0,
      overrunPct: 0,
      slipDays: 0,
      escalation: 'none',
    });
    // PS-2026-002: 重点市场 4; 2,500,000 → tier 4; 0.6×4 + 0.4×4 = 4.00 → A; cap 2,500,000 × 5% = 125,000.
    // planned 50,000 + 60,000 = 110,000; ADJ-001 approved cost +10,000 → plan 120,000;
    // actual 70,000 + 58,000 = 128,000 → overrun 8,000 = 6.67% (≤ 10%, ≤ 100,000), no slip → adjustment.
    const p2 = byId('PS-2026-002');
    expect(p2).toMatchObject({
      marketWeight: 4,
      marginTier: 4,
      importanceScore: 4,
      grade: 'A',
      budgetCap: 125_000,
      plannedCost: 110_000,
      approvedAdjustments: 10_000,
      actualCost: 128_000,
      overrun: 8_000,
      slipDays: 0,
      escalation: 'adjustment',
    });
    expect(p2.overrunPct).toBeCloseTo(8_000 / 120_000, 12);
    // PS-2026-003: overrun 175,000 − 140,000 = 35,000 = 25% of the plan (> 10%) → leadership.
    expect(byId('PS-2026-003')).toMatchObject({
      plannedCost: 140_000,
      actualCost: 175_000,
      overrun: 35_000,
      overrunPct: 0.25,
      escalation: 'leadership',
    });
    // PS-2026-004: 成长市场 3; 1,200,000 → tier 3; 0.6×3 + 0.4×3 = 3.00 → B; cap 1,200,000 × 4% = 48,000.
    // Milestone 现场调研 planned to end 45 days ago, still open: 45 days − 10 approved (ADJ-003) = 35 > 30 → leadership.
    expect(byId('PS-2026-004')).toMatchObject({
      marketWeight: 3,
      marginTier: 3,
      importanceScore: 3,
      grade: 'B',
      budgetCap: 48_000,
      plannedCost: 40_000,
      actualCost: 20_000,
      overrun: 0,
      slipDays: 35,
      escalation: 'leadership',
    });
    // PS-2026-005: 一般市场 2; 2,200,000 → tier 4; 0.6×4 + 0.4×2 = 3.20 → B; cap 2,200,000 × 4% = 88,000;
    // planned 45,000 + 50,000 = 95,000 > 88,000 → leadership although nothing is overrun.
    const p5 = byId('PS-2026-005');
    expect(p5).toMatchObject({
      marketWeight: 2,
      marginTier: 4,
      grade: 'B',
      plannedCost: 95_000,
      overrun: 0,
      slipDays: 0,
      escalation: 'leadership',
    });
    expect(p5.importanceScore).toBeCloseTo(3.2, 12);
    expect(p5.budgetCap).toBeCloseTo(88_000, 6);
    // PS-2026-006: 一般市场 2; 600,000 → tier 2; 0.6×2 + 0.4×2 = 2.00 → C; cap 600,000 × 3% = 18,000.
    // The first milestone's actual end is text, so it counts as open: planned end 10 days ago → slip 10 → adjustment.
    const p6 = byId('PS-2026-006');
    expect(p6).toMatchObject({
      marketWeight: 2,
      marginTier: 2,
      importanceScore: 2,
      grade: 'C',
      plannedCost: 15_000,
      actualCost: 8_000,
      slipDays: 10,
      escalation: 'adjustment',
    });
    expect(p6.budgetCap).toBeCloseTo(18_000, 6);
    // PS-2026-008: 一般市场 2; 250,000 < 300,000 → tier 1; 0.6 + 0.8 = 1.40 → D; cap 250,000 × 2% = 5,000 = planned (not above).
    expect(byId('PS-2026-008')).toMatchObject({
      marginTier: 1,
      importanceScore: 1.4,
      grade: 'D',
      budgetCap: 5_000,
      plannedCost: 5_000,
      escalation: 'none',
    });
    // PS-2026-012: 华南市场 is not in Markets → no weight, no score, no grade, no cap (null, not 0).
    expect(byId('PS-2026-012')).toMatchObject({
      marketWeight: null,
      marginTier: 1,
      importanceScore: null,
      grade: null,
      budgetCap: null,
      plannedCost: 0,
    });
  });

  test('the human report names every project and every finding cell', async () => {
    const r = await cli('check', file('sample-zh.xlsx'), '--as-of', TODAY);
    expect(r.code).toBe(1);
    expect(r.err).toBe('');
    for (const p of json.projects) expect(r.out).toContain(p.projectId);
    for (const f of json.findings) if (f.cell) expect(r.out).toContain(f.cell);
    for (const c of SPEC_CODES) expect(r.out).toContain(c);
  });

  test('--lang en on the zh workbook: same figures, English messages', async () => {
    const { code: c, json: en } = await checkJson(file('sample-zh.xlsx'), '--as-of', TODAY, '--lang', 'en');
    expect(c).toBe(1);
    expect(figures(en.projects)).toEqual(figures(json.projects));
    expect(en.findings.map((f: any) => f.code + f.cell)).toEqual(json.findings.map((f: any) => f.code + f.cell));
    // English sentences (they may quote Chinese cell contents and sheet names).
    for (const f of en.findings) {
      expect(f.message).toMatch(/[A-Za-z]{3,} [A-Za-z]{2,}/);
      expect(f.message).not.toMatch(/请/);
    }
  });
});

describe('template --lang en (no sample)', () => {
  test('an empty set-up workbook checks clean: exit 0, no findings, no projects', async () => {
    const t = await cli('template', file('empty-en.xlsx'), '--lang', 'en');
    expect(t).toEqual({ code: 0, out: `Wrote ${file('empty-en.xlsx')}`, err: '' });
    const { code, json } = await checkJson(file('empty-en.xlsx'));
    expect(code).toBe(0);
    expect(json.lang).toBe('en');
    expect(json.projects).toEqual([]);
    expect(json.findings).toEqual([]);
    const text = await cli('check', file('empty-en.xlsx'));
    expect(text.code).toBe(0);
    expect(text.out).toContain('No findings.');
  });

  test('an en sample checked with --lang zh: the English headers are read, messages in Chinese', async () => {
    expect((await cli('template', file('sample-en.xlsx'), '--sample', '--lang', 'en')).code).toBe(0);
    const en = await checkJson(file('sample-en.xlsx'), '--as-of', TODAY);
    const zh = await checkJson(file('sample-en.xlsx'), '--as-of', TODAY, '--lang', 'zh');
    expect(zh.code).toBe(1);
    expect(zh.json.lang).toBe('zh');
    expect(figures(zh.json.projects)).toEqual(figures(en.json.projects));
    expect(zh.json.projects).toHaveLength(18);
    expect(zh.json.findings.map((f: any) => f.code)).toEqual(en.json.findings.map((f: any) => f.code));
    expect(zh.json.findings.find((f: any) => f.code === 'no-milestones').message).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('usage', () => {
  test('--help exits 0 and prints the usage', async () => {
    for (const argv of [['--help'], ['-h'], ['help'], ['check', '--help'], ['template', 'x.xlsx', '--help']]) {
      const r = await cli(...argv);
      expect(r.code).toBe(0);
      expect(r.out).toContain('presales template OUT.xlsx');
      expect(r.out).toContain('presales check IN.xlsx');
      expect(r.err).toBe('');
    }
  });

  test('no arguments prints the usage and exits 2', async () => {
    const r = await cli();
    expect(r.code).toBe(2);
    expect(r.out).toContain('Usage');
  });

  test.each([
    [['check', 'x.xlsx', '--bogus'], /unknown option --bogus/],
    [['check', 'x.xlsx', '--sample'], /unknown option --sample/],
    [['template', 'x.xlsx', '--json'], /unknown option --json/],
    [['check', 'x.xlsx', '--as-of', '2026-13-01'], /--as-of/],
    [['check', 'x.xlsx', '--as-of', 'yesterday'], /--as-of/],
    [['check', 'x.xlsx', '--as-of'], /--as-of/],
    [['check', 'x.xlsx', '--lang', 'fr'], /--lang must be zh or en/],
    [['template', 'x.xlsx', '--lang'], /--lang must be zh or en/],
    [['check'], /check needs a workbook/],
    [['template'], /template needs an output file/],
    [['frobnicate', 'x.xlsx'], /unknown command "frobnicate"/],
    [['check', 'a.xlsx', 'b.xlsx'], /unexpected argument "b.xlsx"/],
  ])('bad usage %j exits 2 with one line', async (argv, pattern) => {
    const cwd = process.cwd();
    process.chdir(dir); // relative names resolve inside the temp dir
    try {
      expectOneLineError(await cli(...(argv as string[])), pattern as RegExp);
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('template never overwrites by accident; check never writes', () => {
  test('template refuses an existing file without --force, replaces it with --force', async () => {
    const path = file('keep.xlsx');
    expect((await cli('template', path, '--lang', 'zh')).code).toBe(0);
    const before = sha(path);
    expectOneLineError(await cli('template', path, '--lang', 'en'), /already exists; use --force/);
    expect(sha(path)).toBe(before);
    const forced = await cli('template', path, '--lang', 'en', '--force');
    expect(forced.code).toBe(0);
    expect(sha(path)).not.toBe(before);
    expect((await checkJson(path)).json.lang).toBe('en');
  });

  test('check leaves the file it reads untouched (hash and mtime)', async () => {
    const path = file('ro.xlsx');
    expect((await cli('template', path, '--sample', '--lang', 'zh')).code).toBe(0);
    const hash = sha(path);
    const mtime = statSync(path).mtimeMs;
    await new Promise((r) => setTimeout(r, 20));
    expect((await cli('check', path)).code).toBe(1);
    expect((await cli('check', path, '--json', '--as-of', '2030-01-01', '--lang', 'en')).code).toBe(1);
    expect(sha(path)).toBe(hash);
    expect(statSync(path).mtimeMs).toBe(mtime);
  });

  test('template into a folder that does not exist: one-line error that says so', async () => {
    const r = await cli('template', join(dir, 'no', 'such', 'dir', 'x.xlsx'));
    expectOneLineError(r, /cannot write .*x\.xlsx: the folder .*dir does not exist$/);
    expect(r.err).not.toMatch(/ENOENT/);
  });
});

describe('file-system mistakes: one clear line, never a raw EISDIR/ENOENT/EACCES', () => {
  const noRawCode = (r: Run): void => expect(r.err).not.toMatch(/E[A-Z]{3,}|errno|syscall/);

  test('template into a directory, with or without --force', async () => {
    mkdirSync(file('out-folder'));
    for (const argv of [
      ['template', file('out-folder')],
      ['template', file('out-folder'), '--force'],
    ]) {
      const r = await cli(...argv);
      expectOneLineError(r, /out-folder is a folder; give a file name in it, such as .*out-folder[\\/]pipeline\.xlsx$/);
      noRawCode(r);
    }
    // A folder named like a workbook is a folder too.
    mkdirSync(file('looks-like.xlsx'));
    expectOneLineError(await cli('template', file('looks-like.xlsx'), '--force'), /is a folder/);
  });

  test('template under a path whose "folder" is a file', async () => {
    writeFileSync(file('plain-file'), 'x');
    const r = await cli('template', join(file('plain-file'), 'x.xlsx'));
    expectOneLineError(r, /plain-file is a file, not a folder/);
    noRawCode(r);
  });

  test('template out.csv (or no extension) is refused: template writes .xlsx', async () => {
    expectOneLineError(await cli('template', file('out.csv')), /give a file name ending in \.xlsx, such as out\.xlsx/);
    expectOneLineError(await cli('template', file('pipeline')), /ending in \.xlsx/);
    expect(() => statSync(file('out.csv'))).toThrow();
    expect((await cli('template', file('UPPER.XLSX'))).code).toBe(0);
  });

  test('an unreadable file: permission denied', async () => {
    const path = file('locked.xlsx');
    expect((await cli('template', path)).code).toBe(0);
    // Root reads any file whatever its mode, so the refusal is simulated the way the OS reports it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the spy needs the mutable CommonJS module
    const fs = require('fs') as typeof import('fs');
    const spy = jest.spyOn(fs, 'readFileSync').mockImplementationOnce(() => {
      throw Object.assign(new Error(`EACCES: permission denied, open '${path}'`), {
        code: 'EACCES',
        errno: -13,
        syscall: 'open',
        path,
      });
    });
    try {
      const r = await cli('check', path);
      expectOneLineError(r, /cannot read .*locked\.xlsx: permission denied/);
      noRawCode(r);
    } finally {
      spy.mockRestore();
    }
  });

  test('an unreadable file for real, when not running as root', async () => {
    if (process.getuid?.() === 0) return; // root ignores file modes: covered by the test above
    const path = file('mode000.xlsx');
    expect((await cli('template', path)).code).toBe(0);
    chmodSync(path, 0o000);
    const r = await cli('check', path);
    expectOneLineError(r, /permission denied/);
    noRawCode(r);
  });

  test('fsReason turns each error code into words', () => {
    const e = (code: string): Error => Object.assign(new Error(`${code}: something, open '/x'`), { code });
    expect(fsReason(e('EISDIR'))).toBe('it is a folder, not a file');
    expect(fsReason(e('ENOENT'))).toBe('no such file or folder');
    expect(fsReason(e('EACCES'))).toMatch(/^permission denied/);
    expect(fsReason(e('EBUSY'))).toMatch(/open in Excel/);
    expect(fsReason(e('EWHATEVER'))).toBe('something');
  });
});

describe('--version and --as-of', () => {
  test('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    for (const argv of [['--version'], ['-v'], ['version']]) {
      const r = await cli(...argv);
      expect(r).toEqual({ code: 0, out: `presales ${pkg.version}`, err: '' });
    }
  });

  test('--as-of outside Excel’s date range (1900-01-01..9999-12-31) is refused; its ends are accepted', async () => {
    const path = await sampleZh();
    expectOneLineError(await cli('check', path, '--as-of', '1899-12-31'), /between 1900-01-01 and 9999-12-31/);
    expectOneLineError(await cli('check', path, '--as-of', '0001-01-01'));
    expect((await cli('check', path, '--json', '--as-of', '1900-01-01')).code).toBe(1);
    const last = await checkJson(path, '--as-of', '9999-12-31');
    expect(last.json.asOf).toBe('9999-12-31');
  });
});

describe('a renamed Projects table (Table1), found by its headers', () => {
  test.each(['zh', 'en'] as const)(
    'is reported as "rename it Projects" in the report’s language (%s)',
    async (lang) => {
      const wb = await importXlsx(readFileSync(await sampleZh()));
      await wb.run(async (ctx) => {
        ctx.workbook.tables.getItem('Projects').name = 'Table1';
        await ctx.sync();
      });
      writeFileSync(file(`table1-${lang}.xlsx`), await exportXlsx(wb));
      const before = await checkJson(await sampleZh(), '--as-of', TODAY);
      const { code, json } = await checkJson(file(`table1-${lang}.xlsx`), '--as-of', TODAY, '--lang', lang);
      expect(code).toBe(1);
      const renamed = json.findings.filter((f: any) => f.code === 'table-renamed');
      expect(renamed).toHaveLength(1);
      expect(renamed[0]).toMatchObject({ severity: 'error', table: 'Projects', cell: '项目信息表!A1' });
      expect(renamed[0].message).toContain(
        lang === 'zh' ? '表格名称是 Table1；请把它改名为 Projects' : 'The table is named Table1; rename it Projects',
      );
      // Its projects are still read and graded, with no missing-table finding.
      expect(figures(json.projects)).toEqual(figures(before.json.projects));
      expect(json.findings.filter((f: any) => f.code === 'missing-table')).toEqual([]);
      const text = await cli('check', file(`table1-${lang}.xlsx`), '--as-of', TODAY, '--lang', lang);
      expect(text.out).toContain(lang === 'zh' ? '表格名称是 Table1' : 'The table is named Table1');
    },
  );
});

describe('bad input: one line on stderr and exit 2, or findings and exit 1', () => {
  jest.setTimeout(30_000);

  test('a text file renamed .xlsx', async () => {
    writeFileSync(file('text.xlsx'), 'Project ID,Name\nP-1,Test\n');
    expectOneLineError(await cli('check', file('text.xlsx')), /cannot read .*text\.xlsx: .*not an \.xlsx file/);
  });

  test('an empty file', async () => {
    writeFileSync(file('empty.xlsx'), '');
    expectOneLineError(await cli('check', file('empty.xlsx')), /empty/);
  });

  test('an old .xls or a password-protected workbook (both OLE containers): what to do, in both languages', async () => {
    const ole = Buffer.alloc(4096);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    writeFileSync(file('old.xls'), ole);
    const both = await cli('check', file('old.xls'));
    expectOneLineError(
      both,
      /cannot read .*old\.xls: old \.xls or password-protected workbook: open it in Excel and save as \.xlsx without a password \/ 旧版 \.xls/,
    );
    expect(both.err).not.toMatch(/zip|central directory|End of data/i);
    expectOneLineError(
      await cli('check', file('old.xls'), '--lang', 'zh'),
      /: 旧版 \.xls 或设置了密码的工作簿：请在 Excel 中打开，另存为不带密码的 \.xlsx$/,
    );
    expectOneLineError(
      await cli('check', file('old.xls'), '--lang', 'en'),
      /: old \.xls or password-protected workbook: open it in Excel and save as \.xlsx without a password$/,
    );
  });

  test('XML declaring a DOCTYPE (the "billion laughs") is refused in one line', async () => {
    const zip = await JSZip.loadAsync(readFileSync(await sampleZh()));
    const xml = await zip.file('xl/workbook.xml')!.async('string');
    zip.file(
      'xl/workbook.xml',
      xml.replace('?>', '?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'),
    );
    writeFileSync(file('laughs.xlsx'), await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    expectOneLineError(
      await cli('check', file('laughs.xlsx'), '--lang', 'en'),
      /cannot read .*laughs\.xlsx: .*declares a DOCTYPE or entities/,
    );
  });

  test('a zip that is not a workbook', async () => {
    const zip = new JSZip();
    zip.file('hello.txt', 'hi');
    writeFileSync(file('zip.xlsx'), await zip.generateAsync({ type: 'nodebuffer' }));
    expectOneLineError(await cli('check', file('zip.xlsx')), /not an Excel workbook/);
  });

  test('a missing file', async () => {
    expectOneLineError(await cli('check', file('nope.xlsx')), /no such file/);
  });

  test('a directory', async () => {
    mkdirSync(file('folder.xlsx'));
    expectOneLineError(await cli('check', file('folder.xlsx')), /folder/);
  });

  test('a workbook without our tables → missing-table findings, exit 1', async () => {
    const x = new ExcelJS.Workbook();
    const ws = x.addWorksheet('Data');
    ws.addRow(['Project ID', 'Name', 'Amount']);
    ws.addRow(['P-1', 'Something', 1000]);
    await x.xlsx.writeFile(file('plain.xlsx'));
    const { code, json } = await checkJson(file('plain.xlsx'));
    expect(code).toBe(1);
    expect(json.projects).toEqual([]);
    const missing = json.findings.filter((f: any) => f.code === 'missing-table').map((f: any) => f.table);
    for (const t of TABLES) expect(missing).toContain(t.name);
  });

  test('a table with a missing column and one with a renamed column → missing-column findings', async () => {
    const wb = await importXlsx(readFileSync(await sampleZh()));
    await wb.run(async (ctx) => {
      ctx.workbook.tables.getItem('Projects').columns.getItem('客户名称').delete();
      const header = ctx.workbook.tables.getItem('TaskBook').getHeaderRowRange().load('values');
      await ctx.sync();
      const i = (header.values[0] as string[]).indexOf('计划费用');
      header.getCell(0, i).values = [['计划成本']];
    });
    writeFileSync(file('columns.xlsx'), await exportXlsx(wb));
    const { code, json } = await checkJson(file('columns.xlsx'), '--as-of', TODAY);
    expect(code).toBe(1);
    const missing = json.findings
      .filter((f: any) => f.code === 'missing-column')
      .map((f: any) => `${f.table}.${f.column}`);
    expect(missing).toEqual(expect.arrayContaining(['Projects.customer', 'TaskBook.plannedCost']));
    expect(json.findings.find((f: any) => f.column === 'customer' && f.code === 'missing-column').severity).toBe(
      'error',
    );
    expect(json.projects).toHaveLength(18);
  });

  test('headers rewritten in the other language (en headers, zh workbook, --lang zh) are still read', async () => {
    const original = (await checkJson(await sampleZh(), '--as-of', TODAY)).json;
    const wb = await importXlsx(readFileSync(await sampleZh()));
    await wb.run(async (ctx) => {
      for (const t of TABLES) {
        const header = ctx.workbook.tables.getItem(t.name).getHeaderRowRange().load('values');
        await ctx.sync();
        header.values = [
          (header.values[0] as string[]).map((h) => t.columns.find((c) => c.header.zh === h)?.header.en ?? h),
        ];
      }
    });
    writeFileSync(file('en-headers.xlsx'), await exportXlsx(wb));
    const { code, json } = await checkJson(file('en-headers.xlsx'), '--as-of', TODAY, '--lang', 'zh');
    expect(code).toBe(1);
    expect(json.findings.filter((f: any) => f.code === 'missing-column')).toEqual([]);
    expect(figures(json.projects)).toEqual(figures(original.projects));
  });

  test('merged and blank header cells (a workbook made elsewhere) are read without crashing', async () => {
    const x = new ExcelJS.Workbook();
    const ws = x.addWorksheet('项目');
    ws.getCell('A1').value = '售前项目台账';
    ws.mergeCells('A1:E1'); // a merged title above the table
    const headers = PROJECTS.columns.filter((c) => c.type !== 'computed').map((c) => c.header.zh);
    ws.addTable({
      name: 'Projects',
      ref: 'A2',
      headerRow: true,
      columns: [...headers, 'Column16'].map((name) => ({ name })),
      rows: [
        [
          'P-1',
          '项目一',
          '客户甲',
          '战略市场',
          '张伟',
          '周婷',
          '王建国',
          '接触',
          '进行中',
          1_000_000,
          400_000,
          46000,
          46100,
          '',
          '',
          'x',
        ],
        [
          'P-2',
          '项目二',
          '客户乙',
          '重点市场',
          '张伟',
          '周婷',
          '王建国',
          '接触',
          '进行中',
          5_000_000,
          2_000_000,
          46000,
          46100,
          '',
          '',
          'y',
        ],
      ],
    });
    ws.getCell('P2').value = null; // a blank header cell
    ws.mergeCells('N2:O2'); // two header cells merged: Competitors + Notes
    await x.xlsx.writeFile(file('merged.xlsx'));
    const { code, json } = await checkJson(file('merged.xlsx'));
    expect(code).toBe(1); // the other tables are missing
    expect(json.projects.map((p: any) => [p.projectId, p.marginTier])).toEqual([
      ['P-1', 2],
      ['P-2', 4],
    ]);
    const missingCols = json.findings
      .filter((f: any) => f.code === 'missing-column' && f.table === 'Projects')
      .map((f: any) => f.column);
    expect(missingCols).toContain('notes'); // hidden under the merge
    expect(missingCols).not.toContain('competitors');
    expect(missingCols).not.toContain('projectId');
  });

  test("100,000 blank formatted rows below the tables: read as the sample (speed is the bench's business)", async () => {
    const zip = await JSZip.loadAsync(readFileSync(await sampleZh()));
    const wbXml = await zip.file('xl/workbook.xml')!.async('string');
    const rels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
    const rid = /<sheet\b[^>]*name="项目信息表"[^>]*r:id="([^"]+)"/.exec(wbXml)![1];
    const target =
      new RegExp(`<Relationship\\b[^>]*Id="${rid}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ??
      new RegExp(`<Relationship\\b[^>]*Target="([^"]+)"[^>]*Id="${rid}"`).exec(rels)![1];
    const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
    const xml = await zip.file(path)!.async('string');
    const rows: string[] = [];
    for (let r = 101; r <= 100_100; r++)
      rows.push(
        `<row r="${r}" s="1" customFormat="1"><c r="A${r}" s="1"/><c r="B${r}" s="1"/><c r="AA${r}" s="1"/></row>`,
      );
    zip.file(
      path,
      xml
        .replace('</sheetData>', `${rows.join('')}</sheetData>`)
        .replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:AA100100"/>'),
    );
    writeFileSync(file('big.xlsx'), await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    const small = await checkJson(await sampleZh(), '--as-of', TODAY);
    const { code, json } = await checkJson(file('big.xlsx'), '--as-of', TODAY);
    expect(code).toBe(1);
    expect(json.projects).toEqual(small.json.projects);
    expect(json.counts).toEqual(small.json.counts);
  });
});

let sampleZhPath: Promise<string> | null = null;
/** One zh sample made by the CLI's template, shared by the tests that derive files from it. */
function sampleZh(): Promise<string> {
  sampleZhPath ??= (async () => {
    const p = file('base-zh.xlsx');
    const r = await cli('template', p, '--sample', '--lang', 'zh');
    if (r.code !== 0) throw new Error(r.err);
    return p;
  })();
  return sampleZhPath;
}

// No LibreOffice → recalcXlsx fails with a clear message (CI installs libreoffice-calc).
describe('a zh sample opened and saved by LibreOffice', () => {
  test('reads back with the same per-project figures and the same findings', async () => {
    const lo = file('saved-by-libreoffice.xlsx');
    writeFileSync(lo, await recalcXlsx(readFileSync(await sampleZh())));
    const before = await checkJson(await sampleZh(), '--as-of', TODAY);
    const after = await checkJson(lo, '--as-of', TODAY);
    expect(after.code).toBe(before.code);
    expect(after.json.projects).toHaveLength(18);
    after.json.projects.forEach((p: any, i: number) => {
      const q = before.json.projects[i];
      for (const k of PROJECT_KEYS) {
        if (typeof q[k] === 'number') expect(p[k]).toBeCloseTo(q[k], 9);
        else expect(p[k]).toEqual(q[k]);
      }
    });
    // Same codes at the same cells — formula-overwritten included: LibreOffice keeps every cell formula
    // (it drops the tables' <calculatedColumnFormula>, which the check does not rely on).
    const key = (f: any): string => `${f.code}@${f.cell}`;
    expect(after.json.findings.map(key).sort()).toEqual(before.json.findings.map(key).sort());
    const zip = await JSZip.loadAsync(readFileSync(lo));
    const sheets = await Promise.all(
      Object.keys(zip.files)
        .filter((p) => /^xl\/worksheets\/sheet\d+\.xml$/.test(p))
        .map((p) => zip.file(p)!.async('string')),
    );
    expect(sheets.join('')).toContain('_xlfn.MAXIFS(TaskBook[延期天数]');
  }, 60_000);
});

describe('the installed bin', () => {
  test('npm run build:cli, then node bin/presales.js works as a real process', () => {
    execSync('npm run build:cli', { cwd: ROOT, stdio: 'pipe', timeout: 120_000 });
    const help = spawnSync(process.execPath, [join(ROOT, 'bin/presales.js'), '--help'], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('presales check IN.xlsx');
    const missing = spawnSync(process.execPath, [join(ROOT, 'bin/presales.js'), 'check', join(dir, 'absent.xlsx')], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(missing.status).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/^presales: cannot read .*absent\.xlsx: no such file/);
  }, 150_000);

  test('the real process writes all of its output before it exits, with the status of the check', async () => {
    // Uses lib/ as built by the test above. The bin exits as soon as its output is written: a big report
    // through a pipe must arrive whole, and the status must be the check's.
    const f = file('bin-output.xlsx');
    expect((await cli('template', f, '--sample', '--lang', 'en')).code).toBe(0);
    const inProcess = await cli('check', f, '--json', '--as-of', '2026-03-31');
    expect(inProcess.code).toBe(1);
    const real = spawnSync(
      process.execPath,
      [join(ROOT, 'bin/presales.js'), 'check', f, '--json', '--as-of', '2026-03-31'],
      { encoding: 'utf8', timeout: 30_000, maxBuffer: 64 * 1024 * 1024 },
    );
    expect(real.stderr).toBe('');
    expect(real.status).toBe(inProcess.code);
    expect(real.stdout).toBe(inProcess.out + '\n');
    const text = spawnSync(process.execPath, [join(ROOT, 'bin/presales.js'), 'check', f, '--as-of', '2026-03-31'], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(text.status).toBe(1);
    expect(text.stdout).toBe((await cli('check', f, '--as-of', '2026-03-31')).out + '\n');
  }, 60_000);

  test('check loads neither ExcelJS nor the workbook model (the direct reader and the engine only)', async () => {
    // Uses lib/ as built by the test above.
    const f = file('lazy-load.xlsx');
    expect((await cli('template', f, '--sample')).code).toBe(0);
    const script = `
      const { main } = require(${JSON.stringify(join(ROOT, 'lib/cli/main.js'))});
      main(['check', process.argv[1], '--json'], { out: () => {}, err: (s) => console.error(s) }).then((code) => {
        const loaded = Object.keys(require.cache).map((p) => p.split(require('path').sep).join('/'));
        console.log(JSON.stringify({ code, loaded }));
      });`;
    const res = spawnSync(process.execPath, ['-e', script, f], { encoding: 'utf8', timeout: 30_000 });
    expect(res.stderr).toBe('');
    const { code, loaded } = JSON.parse(res.stdout) as { code: number; loaded: string[] };
    expect([0, 1]).toContain(code);
    expect(loaded.some((p) => p.endsWith('/lib/hosts/xlsx/pipeline-reader.js'))).toBe(true);
    expect(loaded.filter((p) => /\/node_modules\/(exceljs|jszip|unzipper)\//.test(p))).toEqual([]);
    expect(
      loaded.filter((p) => /\/lib\/(workbook\/(?!types\.js)|hosts\/memory\/|hosts\/xlsx\/(import|export)\.js)/.test(p)),
    ).toEqual([]);
  }, 60_000);
});
