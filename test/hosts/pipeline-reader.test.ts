/**
 * The direct .xlsx reader (src/hosts/xlsx/pipeline-reader): the same snapshot and the same analysis as
 * the ExcelJS path on the add-in's own files, files from other tools (openpyxl's absolute targets, a
 * Total Row, a table to row 1,048,576, LibreOffice's cached values), and bad or hostile input refused
 * in one line (OLE containers, text, DOCTYPE, Excel's limits, zip bombs) with bounded memory.
 */
import { deflateRawSync, inflateRawSync } from 'zlib';
import { nodeInflate } from '../../src/cli/node-inflate';
import { analyze, Analysis } from '../../src/engine/analyze';
import { Lang } from '../../src/engine/i18n';
import { TABLES } from '../../src/engine/schema';
import { WorkbookSnapshot } from '../../src/engine/snapshot';
import { serialFromIso } from '../../src/engine/values';
import { MemoryWorkbook } from '../../src/hosts/memory';
import { exportXlsx, importXlsx } from '../../src/hosts/xlsx';
import { readPipelineXlsx, ReadPipelineOptions } from '../../src/hosts/xlsx/pipeline-reader';
import { XlsxReadError } from '../../src/hosts/xlsx/read-error';
import type { Inflater } from '../../src/hosts/xlsx/zip';
import { checkWorkbook, loadSample, setUp } from '../../src/workbook';
import { findTableNames, readTables } from '../../src/workbook/read';
import {
  minimalParts,
  MinimalOptions,
  partsOf,
  rawEntries,
  rawZip,
  repeatedDeflate,
  rewriteParts,
  zipParts,
} from '../support/xlsx-package';

const AS_OF = serialFromIso('2026-03-16')!;
const TODAY = serialFromIso('2026-03-01')!;

async function sample(lang: Lang, withSample = true): Promise<Buffer> {
  const wb = new MemoryWorkbook({ empty: true });
  const run = wb.run.bind(wb);
  await setUp(run, { lang });
  if (withSample) await loadSample(run, { lang, today: TODAY });
  return exportXlsx(wb);
}

/** The current path: ExcelJS builds the workbook model, the Office.js reader reads it. */
async function viaExcelJs(bytes: Uint8Array): Promise<{ snapshot: WorkbookSnapshot; analysis: Analysis }> {
  const wb = await importXlsx(bytes);
  const snapshot = await wb.run(
    async (ctx) => (await readTables(ctx, await findTableNames(ctx), { formulas: true })).snapshot,
  );
  return { snapshot, analysis: await checkWorkbook(wb.run.bind(wb), { asOf: AS_OF }) };
}

async function direct(
  bytes: Uint8Array,
  options?: ReadPipelineOptions,
): Promise<{ snapshot: WorkbookSnapshot; analysis: Analysis }> {
  const { snapshot } = await readPipelineXlsx(bytes, options);
  return { snapshot, analysis: analyze(snapshot, { asOf: AS_OF }) };
}

/** What `presales check` reports: per-project figures and findings. */
const outcome = (a: Analysis): unknown => ({
  lang: a.lang,
  asOf: a.asOf,
  projects: a.projects,
  findings: a.findings,
  counts: a.counts,
});

/** A refusal: an XlsxReadError with one line in each language, matching `pattern` in English. */
async function refused(bytes: Uint8Array, pattern: RegExp, options?: ReadPipelineOptions): Promise<XlsxReadError> {
  let error: unknown;
  try {
    await readPipelineXlsx(bytes, options);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(XlsxReadError);
  const e = error as XlsxReadError;
  expect(e.text.en).toMatch(pattern);
  for (const line of [e.text.en, e.text.zh]) expect(line.split('\n')).toHaveLength(1);
  expect(e.text.zh).toMatch(/[\u4e00-\u9fff]/);
  return e;
}

/** The table part and sheet part of a table in a package (by the table's name). */
function locate(
  parts: Record<string, string>,
  table: string,
): { tablePath: string; sheetPath: string; relsPath: string } {
  const tablePath = Object.keys(parts).find(
    (p) => /^xl\/tables\/[^/]+\.xml$/.test(p) && new RegExp(`\\bdisplayName="${table}"`).test(parts[p]),
  )!;
  const file = tablePath.split('/').pop()!;
  const relsPath = Object.keys(parts).find(
    (p) => /^xl\/worksheets\/_rels\//.test(p) && parts[p].includes(`../tables/${file}"`),
  )!;
  const sheetPath = relsPath.replace('_rels/', '').replace(/\.rels$/, '');
  return { tablePath, sheetPath, relsPath };
}

let zh: Buffer;
let en: Buffer;
beforeAll(async () => {
  zh = await sample('zh');
  en = await sample('en');
}, 60_000);

describe("the same as the ExcelJS path on the add-in's own files", () => {
  test.each([
    ['zh sample', () => zh],
    ['en sample', () => en],
  ])(
    '%s: identical snapshot (headers, values, formulas) and identical findings and project rows',
    async (_label, bytes) => {
      const old = await viaExcelJs(bytes());
      const neu = await direct(bytes());
      expect(Object.keys(neu.snapshot.tables).sort()).toEqual(Object.keys(old.snapshot.tables).sort());
      for (const [name, t] of Object.entries(old.snapshot.tables)) {
        const n = neu.snapshot.tables[name]!;
        expect({ name, sheet: n.sheet, topLeft: n.topLeft, headers: n.headers }).toEqual({
          name,
          sheet: t!.sheet,
          topLeft: t!.topLeft,
          headers: t!.headers,
        });
        // The old path keeps the table's trailing blank rows; the direct reader leaves them out.
        const blank = (r: unknown[]): boolean => r.every((v) => v === '' || v === null);
        let count = t!.rows.length;
        while (count > 0 && blank(t!.rows[count - 1])) count--;
        expect({ name, rows: n.rows }).toEqual({ name, rows: t!.rows.slice(0, count) });
        expect({ name, formulas: n.formulas }).toEqual({ name, formulas: t!.formulas!.slice(0, count) });
      }
      expect(outcome(neu.analysis)).toEqual(outcome(old.analysis));
      expect(neu.analysis.projects.length).toBeGreaterThanOrEqual(15);
      expect(neu.analysis.findings.some((f) => f.code === 'formula-overwritten')).toBe(true);
    },
  );

  test('an empty set-up workbook: every table found, no rows', async () => {
    const r = await readPipelineXlsx(await sample('en', false));
    expect(r.tables.map((t) => t.table).sort()).toEqual(TABLES.map((t) => t.name).sort());
    expect(r.snapshot.tables.Projects!.rows).toEqual([]);
    expect(r.snapshot.tables.Markets!.rows.length).toBeGreaterThan(0);
  });

  test('takes an ArrayBuffer as well as a Uint8Array, and `only` reads just those tables', async () => {
    const ab = new Uint8Array(zh).buffer;
    const r = await readPipelineXlsx(ab, { only: ['Projects'] });
    expect(Object.keys(r.snapshot.tables)).toEqual(['Projects']);
    expect(r.snapshot.tables.Projects!.rows).toEqual((await readPipelineXlsx(zh)).snapshot.tables.Projects!.rows);
    expect(r.snapshot.tables.Projects!.rows.length).toBeGreaterThanOrEqual(15);
  });

  test('a shared formula (Excel writes <f t="shared" si=".."/> in the other cells) is a formula; an empty <f/> is not', async () => {
    const parts = await partsOf(zh);
    const { sheetPath } = locate(parts, 'TaskBook');
    const base = outcome((await direct(zh)).analysis);
    const shared = await rewriteParts(zh, {
      [sheetPath]: (xml) => xml.replace(/<f>[^<]*<\/f>/g, '<f t="shared" si="0"/>'),
    });
    expect(outcome((await direct(shared)).analysis)).toEqual(base);
    const empty = await rewriteParts(zh, { [sheetPath]: (xml) => xml.replace(/<f>[^<]*<\/f>/g, '<f></f>') });
    const overwritten = (await direct(empty)).analysis.findings.filter(
      (f) => f.code === 'formula-overwritten' && f.table === 'TaskBook',
    );
    expect(overwritten.length).toBeGreaterThan(10);
  });

  test('shared strings read before the sheets (a small part) or after them (a large one): the same snapshot', async () => {
    for (const bytes of [zh, en]) {
      const first = (await readPipelineXlsx(bytes)).snapshot;
      const after = (await readPipelineXlsx(bytes, { limits: { sharedStringsFirst: 0 } })).snapshot;
      expect(after).toEqual(first);
      expect(JSON.stringify(first.tables.Projects!.rows)).toMatch(/[\u4e00-\u9fff]|[A-Za-z]{4}/);
    }
    // A part that inflates to more than its directory entry says is read after the sheets all the same.
    const parts = await partsOf(zh);
    const entries = rawEntries(parts);
    const sst = entries.find((e) => e.name === 'xl/sharedStrings.xml')!;
    expect(sst.data.length).toBeGreaterThan(2000);
    sst.size = 100;
    const lying = rawZip(entries);
    expect((await readPipelineXlsx(lying, { limits: { sharedStringsFirst: 1000 } })).snapshot).toEqual(
      (await readPipelineXlsx(zh)).snapshot,
    );
  });

  test('shared strings read first or after: a cut-off last entry is left out, long and empty entries read alike', async () => {
    const o = policyTable([
      ['MarginTier5', 1],
      ['MarginTier4', 2],
    ]);
    const parts = minimalParts(o);
    const sst = parts['xl/sharedStrings.xml'] as string;
    // The part ends inside its last entry (MarginTier4's key): that entry is empty text, whenever it is read.
    const cut = await zipParts({ ...parts, 'xl/sharedStrings.xml': sst.slice(0, sst.lastIndexOf('MarginTier4') + 6) });
    const policy = async (bytes: Uint8Array, limits: object): Promise<unknown> =>
      (await readPipelineXlsx(bytes, { limits })).snapshot.tables.Policy!.rows;
    for (const limits of [{}, { sharedStringsFirst: 0 }])
      expect(await policy(cut, limits)).toEqual([
        ['MarginTier5', 1, ''],
        ['', 2, ''],
      ]);
    // A long entry (a header of 20,000 characters, 60,000 bytes) and an empty one (<si/>), read the same either way.
    const long = await zipParts({
      ...parts,
      'xl/sharedStrings.xml': sst
        .replace('>Description<', `>${'长'.repeat(20_000)}<`)
        .replace(/<si><t[^>]*>MarginTier4<\/t><\/si>/, '<si/>'),
    });
    const first = (await readPipelineXlsx(long)).snapshot.tables.Policy!;
    expect(first.headers[2]).toBe('长'.repeat(20_000));
    expect(first.rows).toEqual([
      ['MarginTier5', 1, ''],
      ['', 2, ''],
    ]);
    expect((await readPipelineXlsx(long, { limits: { sharedStringsFirst: 0 } })).snapshot.tables.Policy).toEqual(first);
  });

  test('a cell met twice keeps its last value, shared string or number, whenever the strings are read', async () => {
    const o = policyTable([['MarginTier5', 1]]);
    const twice = (first: string, second: string): Promise<Uint8Array> =>
      zipParts(
        minimalParts({
          ...o,
          sheetData: o.sheetData.replace('<c r="B2"><v>1</v></c>', `${first}${second}`),
          sharedStrings: [...o.sharedStrings!, 'eight'],
        }),
      );
    for (const limits of [{}, { sharedStringsFirst: 0 }]) {
      const numberLast = await twice('<c r="B2" t="s"><v>4</v></c>', '<c r="B2"><v>7</v></c>');
      expect((await readPipelineXlsx(numberLast, { limits })).snapshot.tables.Policy!.rows[0][1]).toBe(7);
      const textLast = await twice('<c r="B2"><v>7</v></c>', '<c r="B2" t="s"><v>4</v></c>');
      expect((await readPipelineXlsx(textLast, { limits })).snapshot.tables.Policy!.rows[0][1]).toBe('eight');
    }
  });
});

describe('files from other tools', () => {
  test('openpyxl: absolute relationship targets (/xl/tables/table1.xml) are resolved from the package root', async () => {
    const parts = await partsOf(zh);
    const edits: Record<string, (xml: string) => string> = {
      '_rels/.rels': (x) => x.replace(/Target="(?!\/)([^"]+)"/g, 'Target="/$1"'),
      'xl/_rels/workbook.xml.rels': (x) => x.replace(/Target="(?!\/)([^"]+)"/g, 'Target="/xl/$1"'),
    };
    for (const p of Object.keys(parts).filter((p) => /^xl\/worksheets\/_rels\/.+\.rels$/.test(p)))
      edits[p] = (x) => x.replace(/Target="\.\.\/([^"]+)"/g, 'Target="/xl/$1"');
    const abs = await rewriteParts(zh, edits);
    const after = await partsOf(abs);
    expect(after['xl/worksheets/_rels/sheet2.xml.rels'] ?? Object.values(after).join('')).toMatch(
      /Target="\/xl\/tables\/table\d+\.xml"/,
    );
    expect(after['xl/_rels/workbook.xml.rels']).toMatch(/Target="\/xl\/worksheets\/sheet\d+\.xml"/);
    expect(outcome((await direct(abs)).analysis)).toEqual(outcome((await direct(zh)).analysis));
  });

  test('a minimal openpyxl-style package with absolute targets reads its table', async () => {
    const bytes = await zipParts(minimalParts({ ...policyTable([['AsOfDate', 46000]]), absoluteTargets: true }));
    expect((await readPipelineXlsx(bytes)).snapshot.tables.Policy!.rows).toEqual([['AsOfDate', 46000, '']]);
  });

  test('a Total Row (totalsRowCount) is left out: no project named "Total" with the totals as its figures', async () => {
    const parts = await partsOf(zh);
    const { tablePath, sheetPath } = locate(parts, 'Projects');
    const ref = /\bref="A1:([A-Z]+)(\d+)"/.exec(parts[tablePath])!;
    const last = Number(ref[2]);
    const total = `<row r="${last + 1}"><c r="A${last + 1}" t="inlineStr"><is><t>合计</t></is></c><c r="J${last + 1}"><f>SUBTOTAL(109,Projects[预计合同额])</f><v>99999999</v></c></row>`;
    const withTotal = await rewriteParts(zh, {
      [tablePath]: (x) => x.replace(`ref="A1:${ref[1]}${last}"`, `ref="A1:${ref[1]}${last + 1}" totalsRowCount="1"`),
      [sheetPath]: (x) => x.replace(new RegExp(`(<row r="${last}"[^>]*>.*?</row>)`), `$1${total}`),
    });
    expect((await partsOf(withTotal))[sheetPath]).toContain('合计');
    const r = await direct(withTotal);
    expect(r.analysis.projects.map((p) => p.projectId)).not.toContain('合计');
    expect(outcome(r.analysis)).toEqual(outcome((await direct(zh)).analysis));
    // Without totalsRowCount the same row is data (that is what the attribute is for).
    const asData = await rewriteParts(withTotal, { [tablePath]: (x) => x.replace(' totalsRowCount="1"', '') });
    expect((await direct(asData)).analysis.projects.map((p) => p.projectId)).toContain('合计');
  });

  test('a minimal table with a Total Row: the total is not a data row', async () => {
    const o = policyTable([
      ['MarginTier5', 1],
      ['MarginTier4', 2],
    ]);
    o.ref = 'A1:C4';
    o.tableAttrs = 'totalsRowCount="1"';
    o.sheetData +=
      '<row r="4"><c r="A4" t="inlineStr"><is><t>Total</t></is></c><c r="B4"><f>SUBTOTAL(109,Policy[Value])</f><v>3</v></c></row>';
    expect((await readPipelineXlsx(await zipParts(minimalParts(o)))).snapshot.tables.Policy!.rows).toEqual([
      ['MarginTier5', 1, ''],
      ['MarginTier4', 2, ''],
    ]);
  });

  test('a table whose range runs to row 1,048,576 is read up to its last non-empty row', async () => {
    const parts = await partsOf(zh);
    const { tablePath } = locate(parts, 'Projects');
    const huge = await rewriteParts(zh, {
      [tablePath]: (x) => x.replace(/\bref="A1:([A-Z]+)\d+"/g, 'ref="A1:$11048576"'),
    });
    expect((await partsOf(huge))[tablePath]).toMatch(/ref="A1:[A-Z]+1048576"/);
    const r = await readPipelineXlsx(huge);
    expect(r.snapshot.tables.Projects!.rows).toEqual((await readPipelineXlsx(zh)).snapshot.tables.Projects!.rows);
    expect(r.tables.find((t) => t.table === 'Projects')!.ref).toMatch(/1048576$/);
    expect(outcome(analyze(r.snapshot, { asOf: AS_OF }))).toEqual(outcome((await direct(zh)).analysis));
  });

  test('a namespace prefix on every element (x:worksheet, x:c) as the Open XML SDK writes', async () => {
    const parts = minimalParts(policyTable([['MarginTier5', 7]]));
    const prefixed = (x: string): string =>
      x.replace(/<(\/?)(?!\?)([A-Za-z]+)([\s>/])/g, '<$1x:$2$3').replace(/xmlns="/, 'xmlns:x="');
    parts['xl/worksheets/sheet1.xml'] = prefixed(parts['xl/worksheets/sheet1.xml']).replace(
      '<x:tableParts',
      '<x:tableParts',
    );
    parts['xl/sharedStrings.xml'] = prefixed(parts['xl/sharedStrings.xml']);
    expect(parts['xl/worksheets/sheet1.xml']).toContain('<x:c r="A2"');
    expect((await readPipelineXlsx(await zipParts(parts))).snapshot.tables.Policy!.rows).toEqual([
      ['MarginTier5', 7, ''],
    ]);
  });
});

/** A Policy table (Key, Value, Description) with the given rows, keys as shared strings. */
function policyTable(rows: [string, number | string][]): MinimalOptions {
  const sst = ['Key', 'Value', 'Description', ...rows.map((r) => String(r[0]))];
  const cells = rows
    .map(([, v], i) => {
      const r = i + 2;
      const value =
        typeof v === 'number' ? `<c r="B${r}"><v>${v}</v></c>` : `<c r="B${r}" t="inlineStr"><is><t>${v}</t></is></c>`;
      return `<row r="${r}"><c r="A${r}" t="s"><v>${3 + i}</v></c>${value}</row>`;
    })
    .join('');
  return {
    ref: `A1:C${rows.length + 1}`,
    columns: ['Key', 'Value', 'Description'],
    sharedStrings: sst,
    sheetData: `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>${cells}`,
  };
}

describe('cell values as Office.js gives them', () => {
  const header =
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Key</t></is></c><c r="B1" t="inlineStr"><is><t>Value</t></is></c><c r="C1" t="inlineStr"><is><t>Description</t></is></c></row>';
  const cell = (r: number, xml: string): string =>
    `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>k${r}</t></is></c>${xml}</row>`;
  const body = [
    cell(2, '<c r="B2"><f>1-1</f><v>0</v></c>'), // cached 0
    cell(3, '<c r="B3" t="str"><f>""</f><v></v></c>'), // cached ""
    cell(4, '<c r="B4" t="b"><f>1=2</f><v>0</v></c>'), // cached FALSE
    cell(5, '<c r="B5" t="e"><f>1/0</f><v>#DIV/0!</v></c>'),
    cell(6, '<c r="B6" s="1"><v>45292</v></c>'), // built-in date format 14
    cell(7, '<c r="B7" s="2"><v>45292.5</v></c>'), // custom date format
    cell(8, '<c r="B8" s="3"><v>1234.5</v></c>'), // letters only inside quotes: not a date
    cell(
      9,
      '<c r="B9" t="inlineStr"><is><r><t xml:space="preserve">rich </t></r><r><rPr><b/></rPr><t>text</t></r><rPh sb="0" eb="1"><t>ルビ</t></rPh></is></c>',
    ),
    cell(10, '<c r="B10" t="s"><v>0</v></c>'),
    cell(11, '<c r="B11" t="b"><v>1</v></c>'),
    cell(12, '<c r="B12" t="d"><v>2024-01-01T12:00:00</v></c>'),
    cell(13, '<c r="B13" t="str"><f>A1&amp;"x"</f><v>a &lt;b&gt; &amp; &#20013;&#x6587;</v></c>'),
    cell(14, '<c r="B14" s="4"><v>45292</v></c>'), // zh-CN built-in 31 (yyyy"年"m"月"d"日")
    cell(15, '<c r="B15"/>'),
  ].join('');
  const options = (workbookPr = ''): MinimalOptions => ({
    ref: 'A1:C15',
    columns: ['Key', 'Value', 'Description'],
    sheetData: header + body,
    sharedStrings: [],
    workbookPr,
    numFmts:
      '<numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/><numFmt numFmtId="165" formatCode="0.00 &quot;days&quot;"/>',
    cellXfs:
      '<xf numFmtId="0" xfId="0"/><xf numFmtId="14" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" xfId="0" applyNumberFormat="1"/>' +
      '<xf numFmtId="165" xfId="0" applyNumberFormat="1"/><xf numFmtId="31" xfId="0" applyNumberFormat="1"/>',
  });
  const withSst = (o: MinimalOptions): Record<string, string> => {
    const parts = minimalParts(o);
    parts['xl/sharedStrings.xml'] = parts['xl/sharedStrings.xml'].replace(
      /<sst([^>]*)>.*<\/sst>/,
      '<sst$1><si><r><t>line</t></r><r><t>_x000D_two_x005F_x000D_</t></r><rPh sb="0" eb="1"><t>phonetic</t></rPh></si></sst>',
    );
    return parts;
  };

  test('cached formula results 0, "" and FALSE, errors, rich and inline text, booleans, ISO dates', async () => {
    const rows = (await readPipelineXlsx(await zipParts(withSst(options())))).snapshot.tables.Policy!.rows.map(
      (r) => r[1],
    );
    expect(rows).toEqual([
      0,
      '',
      false,
      '#DIV/0!',
      45292,
      45292.5,
      1234.5,
      'rich text',
      'line\rtwo_x000D_',
      true,
      45292.5,
      'a <b> & 中文',
      45292,
      '',
    ]);
  });

  test("attributes and string items in other writers' layouts read as in Excel's own", async () => {
    // Excel writes ` r="B2" s="1" t="s"` and `<t>text</t>`; the reader has a short way for that layout
    // and must read every other layout the XML allows to the same values.
    const sheetData =
      header +
      [
        cell(2, '<c r="B2" t="s"><v>0</v></c>'),
        cell(3, `<c t='s'  r = 'B3' ><v>1</v></c>`),
        cell(4, '<c r="B4"\n\tt="s"\n><v>2</v></c>'),
        cell(5, '<c r="B5" t="s"/>'),
        cell(6, '<c r="B6" s="0" t="s" ><v>3</v></c>'),
        cell(7, `<c r="B7" t="n" s='0'><v>12.5</v></c>`),
        cell(8, '<c r="B8" t="s" x="a>b"><v>4</v></c>'),
        cell(9, '<c r="B9" t="s" ><v>5</v></c>'),
        cell(10, '<c t="s" r="B10"><v>6</v></c>'),
        cell(11, '<c r="B11" t="s"><v>7</v></c>'),
      ].join('');
    const parts = minimalParts({ ref: 'A1:C11', columns: ['Key', 'Value', 'Description'], sheetData });
    parts['xl/sharedStrings.xml'] = parts['xl/sharedStrings.xml'].replace(
      /<sst([^>]*)>.*<\/sst>/,
      '<sst$1><si><t>plain</t></si><si><t xml:space="preserve"> spaced </t></si><si><t>a &amp; b_x000D_c</t></si>' +
        '<si><t/></si><si><t>x</t><rPh sb="0" eb="1"><t>ph</t></rPh></si><si><t>&lt;tag&gt;</t></si>' +
        '<si><r><t>ri</t></r><r><t>ch</t></r></si><si><t></t></si></sst>',
    );
    const bytes = await zipParts(parts);
    // Read before the sheets (a small part, decoded whole) and after them (scanned as bytes).
    for (const limits of [{}, { sharedStringsFirst: 0 }]) {
      const rows = (await readPipelineXlsx(bytes, { limits })).snapshot.tables.Policy!.rows;
      expect(rows.map((r) => r[1])).toEqual(['plain', ' spaced ', 'a & b\rc', '', '', 12.5, 'x', '<tag>', 'rich', '']);
      expect(rows.map((r) => r[0])).toEqual(['k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8', 'k9', 'k10', 'k11']);
    }
  });

  test('a 1904 workbook: date-formatted cells move onto the 1900 system, other numbers do not', async () => {
    const rows = (
      await readPipelineXlsx(await zipParts(withSst(options('<workbookPr date1904="1"/>'))))
    ).snapshot.tables.Policy!.rows.map((r) => r[1]);
    expect(rows.slice(4, 8)).toEqual([45292 + 1462, 45292.5 + 1462, 1234.5, 'rich text']);
    expect(rows[12]).toBe(45292 + 1462);
    expect(rows[0]).toBe(0);
  });

  test('the same cells through the ExcelJS path give the same values (where ExcelJS reads them)', async () => {
    // Inline rich text (row 9) derails ExcelJS's parser for the cells after it: left out here.
    const o = options();
    o.sheetData = o.sheetData.replace(/<row r="9">.*?<\/row>/, '');
    const bytes = await zipParts(withSst(o));
    const old = (await viaExcelJs(bytes)).snapshot.tables.Policy!.rows.map((r) => r[1]);
    const neu = (await readPipelineXlsx(bytes)).snapshot.tables.Policy!.rows.map((r) => r[1]);
    // ExcelJS reads t="d" as parseFloat("2024-01-01T12:00:00") = 2024, decodes _x005F_ differently and knows
    // no zh-CN built-in date ids; the rest agree.
    expect(neu[7]).toBe('');
    for (const i of [0, 1, 2, 3, 4, 5, 6, 7, 9, 11, 13]) expect({ i, v: neu[i] }).toEqual({ i, v: old[i] });
  });
});

describe("bad input: one clear line, never a zip library's text", () => {
  test('an old .xls or a password-protected workbook (OLE container, D0 CF 11 E0)', async () => {
    const ole = new Uint8Array(4096);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const e = await refused(
      ole,
      /^old \.xls or password-protected workbook: open it in Excel and save as \.xlsx without a password$/,
    );
    expect(e.text.zh).toBe('旧版 .xls 或设置了密码的工作簿：请在 Excel 中打开，另存为不带密码的 .xlsx');
  });

  test('a .csv renamed .xlsx, an empty file, XML text, random bytes', async () => {
    await refused(
      new TextEncoder().encode('Project ID,Name\nP-1,测试\n'),
      /not an \.xlsx file \(it is plain text, e\.g\. a \.csv renamed\)/,
    );
    await refused(new Uint8Array(0), /the file is empty/);
    await refused(
      new TextEncoder().encode('<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>'),
      /not an \.xlsx file \(it is XML or HTML text/,
    );
    const noise = Uint8Array.from({ length: 2048 }, (_, i) => (i * 151 + 7) % 256);
    await refused(noise, /not an \.xlsx file \(not a zip package\)/);
  });

  test('a truncated file, a zip that is not a workbook, an .xlsb', async () => {
    await refused(zh.subarray(0, Math.floor(zh.length / 2)), /damaged or incomplete/);
    await refused(await zipParts({ 'hello.txt': 'hi' }), /not an Excel workbook/);
    await refused(
      await zipParts({ '[Content_Types].xml': '<Types/>', 'xl/workbook.bin': 'x' }),
      /\.xlsb binary workbook/,
    );
  });

  test.each([['xl/workbook.xml'], ['sheet'], ['xl/sharedStrings.xml'], ['table']])(
    'XML declaring a DOCTYPE or entities is refused (%s)',
    async (which) => {
      const parts = await partsOf(zh);
      const loc = locate(parts, 'Projects');
      const path = which === 'sheet' ? loc.sheetPath : which === 'table' ? loc.tablePath : which;
      const laughs =
        '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>';
      const bad = await rewriteParts(zh, { [path]: (x) => x.replace(/^(<\?xml[^>]*\?>)?/, `$1${laughs}`) });
      expect((await partsOf(bad))[path]).toContain('<!DOCTYPE');
      await refused(bad, /declares a DOCTYPE or entities/);
    },
  );
});

describe("Excel's own limits and the reader's budgets", () => {
  test('a row beyond 1,048,576, a cell beyond column XFD, a cell of more than 32,767 characters', async () => {
    const o = policyTable([['MarginTier5', 1]]);
    await refused(
      await zipParts(
        minimalParts({
          ...o,
          ref: 'A1:C1048576',
          sheetData: o.sheetData + '<row r="1048577"><c r="A1048577"><v>1</v></c></row>',
        }),
      ),
      /beyond Excel's own limits \(row 1,048,577/,
    );
    await refused(await zipParts(minimalParts({ ...o, ref: 'A1:C1048577' })), /beyond Excel's own limits/);
    await refused(
      await zipParts(
        minimalParts({ ...o, sheetData: o.sheetData.replace('<c r="B2">', '<c r="XFE2"><v>1</v></c><c r="B2">') }),
      ),
      /beyond Excel's own limits \(a cell beyond column XFD/,
    );
    const long = 'x'.repeat(40_000);
    await refused(await zipParts(minimalParts(policyTable([['MarginTier5', long]]))), /a cell holds 40,000 characters/);
    await refused(
      await zipParts(minimalParts({ ...o, sharedStrings: ['Key', 'Value', 'Description', long] })),
      /a cell holds 40,000 characters/,
    );
  });

  test('more table cells than the budget is refused in one line', async () => {
    await refused(zh, /too large to check: its tables hold more than 100 cells/, { limits: { cells: 100 } });
  });

  test('a cell referring to shared string #25,000,000 is refused at once (no scan of the strings)', async () => {
    const o = policyTable([['MarginTier5', 1]]);
    const bytes = await zipParts(
      minimalParts({
        ...o,
        sheetData: o.sheetData.replace('<c r="B2"><v>1</v></c>', '<c r="B2" t="s"><v>24999999</v></c>'),
      }),
    );
    await refused(bytes, /shared string #25,000,000, beyond the 5,000,000/);
  });

  /** The zh sample with its shared strings followed by 25 million more entries (the file stays about 1 MB). */
  function sstBomb(parts: Record<string, string>, lastRef: number | null): Uint8Array {
    const sst = parts['xl/sharedStrings.xml'];
    const head = sst.replace(/<\/sst>\s*$/, '');
    const block = '<si><t>x</t></si>'.repeat(100_000);
    const inflated = repeatedDeflate(head, block, 250, '</sst>');
    const entries = rawEntries(Object.fromEntries(Object.entries(parts).filter(([p]) => p !== 'xl/sharedStrings.xml')));
    if (lastRef !== null) {
      const { sheetPath } = locate(parts, 'Markets');
      const e = entries.find((x) => x.name === sheetPath)!;
      const xml = new TextDecoder()
        .decode(e.data)
        .replace(/(<c r="A2"[^>]*t="s"[^>]*>)<v>\d+<\/v>/, `$1<v>${lastRef}</v>`);
      e.data = new TextEncoder().encode(xml);
      e.size = e.data.length;
    }
    return rawZip([...entries, { name: 'xl/sharedStrings.xml', data: inflated.data, method: 8, size: inflated.size }]);
  }

  test('a 1 MB file whose shared strings expand to 25 million entries reads with bounded memory', async () => {
    const parts = await partsOf(zh);
    const bomb = sstBomb(parts, null);
    expect(bomb.length).toBeLessThan(2_000_000);
    const rss = process.memoryUsage().rss;
    const r = await direct(bomb);
    expect(outcome(r.analysis)).toEqual(outcome((await direct(zh)).analysis));
    expect(process.memoryUsage().rss - rss).toBeLessThan(500 * 1024 * 1024);
  });

  test('the same file with a cell referring to an entry near the end: refused, not scanned', async () => {
    const parts = await partsOf(zh);
    await refused(sstBomb(parts, 24_000_000), /too large to check: a cell refers to shared string #24,000,001/);
  });

  /** A Policy table to row 1,048,576 whose sheet data is `body` repeated (deflated once, stored `times` times). */
  function sheetBomb(body: string, times: number, ref = 'A1:C1048576'): { bomb: Uint8Array; size: number } {
    const o = policyTable([['MarginTier5', 1]]);
    const parts = minimalParts({ ...o, ref });
    const [head, tail] = parts['xl/worksheets/sheet1.xml'].split('</sheetData>');
    const inflated = repeatedDeflate(head, body, times, `</sheetData>${tail}`);
    const entries = rawEntries(
      Object.fromEntries(Object.entries(parts).filter(([p]) => p !== 'xl/worksheets/sheet1.xml')),
    );
    return {
      bomb: rawZip([
        ...entries,
        { name: 'xl/worksheets/sheet1.xml', data: inflated.data, method: 8, size: inflated.size },
      ]),
      size: inflated.size,
    };
  }

  test.each([
    [
      'a 2.5 MB file whose sheet inflates to 2.5 GB (rows between megabytes of blanks)',
      () => sheetBomb(`<row><c><v>1</v></c></row>${' '.repeat(1_000_000)}`, 2_500),
    ],
    [
      'a file whose sheet inflates to 300 MB of cells',
      () => sheetBomb('<row><c t="inlineStr"><is><t>MarginTier4</t></is></c><c><v>1</v></c></row>'.repeat(20_000), 200),
    ],
  ])('%s: refused in one line with bounded memory', async (_label, make) => {
    const { bomb, size } = make();
    expect(size).toBeGreaterThan(250_000_000);
    expect(bomb.length).toBeLessThan(3_000_000);
    const rss = process.memoryUsage().rss;
    await refused(bomb, /inflates to more than \d+ times the compressed bytes/);
    expect(process.memoryUsage().rss - rss).toBeLessThan(500 * 1024 * 1024);
  });

  test('a sheet bomb below the compression ratio still stops: at the last table row, or at the scan budget', async () => {
    // A million rows after a table of 1,000: the table's last row ends the scan.
    const row = '<row><c t="inlineStr"><is><t>MarginTier4</t></is></c><c><v>1</v></c></row>';
    const read = await readPipelineXlsx(sheetBomb(row, 1_000_000, 'A1:C1000').bomb, {
      limits: { ratio: 1e9, scannedCells: 10_000 },
    });
    expect(read.snapshot.tables.Policy!.rows).toHaveLength(999);
    // To row 1,048,576: the cell budget.
    const rows = sheetBomb(row, 1_100_000);
    await refused(rows.bomb, /too large to check: its tables hold more than 100,000 cells/, {
      limits: { ratio: 1e9, cells: 100_000 },
    });
    // Wide rows of cells outside the table: the scan budget.
    const wide = sheetBomb(`<row>${'<c><v>2</v></c>'.repeat(2_000)}</row>`, 2_000);
    await refused(wide.bomb, /too large to check: more than 100,000 cells to scan/, {
      limits: { ratio: 1e9, scannedCells: 100_000 },
    });
  });
});

describe('inflaters, chunk boundaries and encodings (the reader scans bytes)', () => {
  /** An inflater handing out the part in pieces of 1 to 17 bytes: every element is cut somewhere. */
  const crumbs: Inflater = async (data, onChunk) => {
    const all = inflateRawSync(data);
    for (let i = 0, k = 0; i < all.length; k++) {
      const n = 1 + (k % 17);
      onChunk(all.subarray(i, i + n), data.length);
      i += n;
    }
  };

  test('pieces of 1 to 17 bytes (elements, prologs and characters cut anywhere): the same snapshot', async () => {
    for (const bytes of [zh, en]) {
      const whole = await readPipelineXlsx(bytes);
      expect((await readPipelineXlsx(bytes, { inflate: crumbs })).snapshot).toEqual(whole.snapshot);
    }
  });

  test("Node's zlib (the CLI's inflater): the same snapshot, and the same refusals", async () => {
    expect((await readPipelineXlsx(zh, { inflate: nodeInflate })).snapshot).toEqual(
      (await readPipelineXlsx(zh)).snapshot,
    );
    // Broken deflate data: the reader's own line, not zlib's.
    const parts = await partsOf(zh);
    const { sheetPath } = locate(parts, 'Projects');
    const entries = rawEntries(parts).filter((e) => e.name !== sheetPath);
    const garbage = new Uint8Array(4096).map((_, i) => (i * 7919) % 251);
    const broken = rawZip([...entries, { name: sheetPath, data: garbage, method: 8, size: 100_000 }]);
    const deflated = deflateRawSync(new TextEncoder().encode(parts[sheetPath]));
    const cut = rawZip([
      ...entries,
      { name: sheetPath, data: deflated.subarray(0, deflated.length >> 1), method: 8, size: 100_000 },
    ]);
    for (const inflate of [undefined, nodeInflate]) {
      await refused(broken, /the file is damaged or incomplete/, { inflate });
      await refused(cut, /the file is damaged or incomplete/, { inflate });
    }
  });

  test("Node's zlib: a zip bomb refused with bounded memory, and a read that stops early stops zlib", async () => {
    const o = policyTable([['MarginTier5', 1]]);
    const parts = minimalParts({ ...o, ref: 'A1:C1000' });
    const [head, tail] = parts['xl/worksheets/sheet1.xml'].split('</sheetData>');
    const row = '<row><c t="inlineStr"><is><t>MarginTier4</t></is></c><c><v>1</v></c></row>';
    const sheet = (body: string, times: number): Uint8Array => {
      const inflated = repeatedDeflate(head, body, times, `</sheetData>${tail}`);
      return rawZip([
        ...rawEntries(Object.fromEntries(Object.entries(parts).filter(([p]) => p !== 'xl/worksheets/sheet1.xml'))),
        { name: 'xl/worksheets/sheet1.xml', data: inflated.data, method: 8, size: inflated.size },
      ]);
    };
    const rss = process.memoryUsage().rss;
    await refused(sheet(`<row><c><v>1</v></c></row>${' '.repeat(1_000_000)}`, 2_500), /inflates to more than/, {
      inflate: nodeInflate,
    });
    expect(process.memoryUsage().rss - rss).toBeLessThan(500 * 1024 * 1024);
    const read = await readPipelineXlsx(sheet(row, 1_000_000), { inflate: nodeInflate, limits: { ratio: 1e9 } });
    expect(read.snapshot.tables.Policy!.rows).toHaveLength(999);
  });

  test('parts in UTF-16 (with a byte-order mark) or with a UTF-8 byte-order mark read the same', async () => {
    const parts = await partsOf(zh);
    const { sheetPath } = locate(parts, 'Projects');
    const utf16 = (xml: string): Uint8Array => {
      const text = '\ufeff' + xml.replace(/encoding="UTF-8"/i, 'encoding="UTF-16"');
      const out = new Uint8Array(text.length * 2);
      for (let i = 0; i < text.length; i++) {
        out[2 * i] = text.charCodeAt(i) & 0xff;
        out[2 * i + 1] = text.charCodeAt(i) >> 8;
      }
      return out;
    };
    const whole = (await readPipelineXlsx(zh)).snapshot;
    const sixteen = await zipParts({
      ...parts,
      [sheetPath]: utf16(parts[sheetPath]),
      'xl/sharedStrings.xml': utf16(parts['xl/sharedStrings.xml']),
    });
    expect((await readPipelineXlsx(sixteen)).snapshot).toEqual(whole);
    expect((await readPipelineXlsx(sixteen, { inflate: crumbs })).snapshot).toEqual(whole);
    const bom = await zipParts({ ...parts, [sheetPath]: '\ufeff' + parts[sheetPath] });
    expect((await readPipelineXlsx(bom)).snapshot).toEqual(whole);
  });
});
