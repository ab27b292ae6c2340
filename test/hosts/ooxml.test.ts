/**
 * Files Excel opens without a repair prompt: every XML part that `presales template` writes (both
 * languages, with and without --sample) validates against the ISO/IEC 29500-4 schemas, and passes the
 * checks Excel applies on open that the schema cannot express (test/support/ooxml.ts). The checks are
 * generic over the parts in the zip, so parts written later are covered as they appear.
 */
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import JSZip from 'jszip';
import { tmpdir } from 'os';
import { join } from 'path';
import { main } from '../../src/cli/main';
import { dropIgnorable, parseXml, readParts, repairProblems, schemaErrors, serialize } from '../support/ooxml';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'presales-ooxml-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const made = new Map<string, Buffer>();
/** The file `presales template OUT --lang L [--sample]` writes (made once per variant). */
async function template(lang: 'zh' | 'en', sample: boolean): Promise<Buffer> {
  const key = `${lang}-${sample}`;
  if (!made.has(key)) {
    const out = join(dir, `t-${key}.xlsx`);
    const err: string[] = [];
    const code = await main(['template', out, '--lang', lang, ...(sample ? ['--sample'] : [])], {
      out: () => undefined,
      err: (s) => err.push(s),
    });
    expect({ code, err }).toEqual({ code: 0, err: [] });
    made.set(key, readFileSync(out));
  }
  return made.get(key)!;
}

const CASES = [
  ['zh', false],
  ['zh', true],
  ['en', false],
  ['en', true],
] as const;

describe('presales template writes what Excel opens without repair', () => {
  test.each(CASES)(
    'every XML part validates against the ISO/IEC 29500 schemas (%s, sample %s)',
    async (lang, sample) => {
      const buf = await template(lang, sample);
      const { errors, validated } = await schemaErrors(buf);
      expect(errors).toEqual([]);
      // It really validated the workbook, every sheet, every table, styles and shared strings.
      const sml = validated.get('sml.xsd') ?? [];
      expect(sml).toEqual(expect.arrayContaining(['xl/workbook.xml', 'xl/styles.xml', 'xl/sharedStrings.xml']));
      expect(sml.filter((p) => p.startsWith('xl/worksheets/sheet')).length).toBeGreaterThanOrEqual(8);
      expect(sml.filter((p) => p.startsWith('xl/tables/')).length).toBeGreaterThanOrEqual(9);
    },
    60_000,
  );

  test.each(CASES)(
    'no rule Excel repairs is broken: header cells equal column names, unique table and defined names… (%s, sample %s)',
    async (lang, sample) => {
      const buf = await template(lang, sample);
      expect(await repairProblems(buf)).toEqual([]);
    },
  );
});

describe('the checks themselves', () => {
  test('a part the schema rejects is reported with its path; Markup Compatibility extensions are not', async () => {
    const buf = await template('en', false);
    const zip = await JSZip.loadAsync(buf);
    const path = 'xl/tables/table1.xml';
    const xml = await zip.file(path)!.async('string');
    // An element out of order (tableStyleInfo must follow tableColumns): Excel would repair it.
    const broken = xml
      .replace(/(<tableStyleInfo\b[^>]*\/>)([\s\S]*)(<\/table>)/, '$2$3')
      .replace('<tableColumns', `${/<tableStyleInfo\b[^>]*\/>/.exec(xml)![0]}<tableColumns`);
    expect(broken).not.toBe(xml);
    zip.file(path, broken);
    const { errors } = await schemaErrors(await zip.generateAsync({ type: 'nodebuffer' }));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.startsWith(`${path} (sml.xsd)`))).toBe(true);
  });

  test('a part of an unknown content type fails until it is mapped to a schema', async () => {
    const zip = await JSZip.loadAsync(await template('en', false));
    zip.file('xl/custom/thing.xml', '<thing/>');
    let types = await zip.file('[Content_Types].xml')!.async('string');
    types = types.replace(
      '</Types>',
      '<Override PartName="/xl/custom/thing.xml" ContentType="application/vnd.example.thing+xml"/></Types>',
    );
    zip.file('[Content_Types].xml', types);
    const { errors } = await schemaErrors(await zip.generateAsync({ type: 'nodebuffer' }));
    expect(errors).toEqual([
      'xl/custom/thing.xml: no schema is mapped for content type application/vnd.example.thing+xml (add it to schemaFor)',
    ]);
  });

  test('header cells that differ from the column names, repeated table and defined names are reported', async () => {
    const zip = await JSZip.loadAsync(await template('en', false));
    const parts = (await readParts(await zip.generateAsync({ type: 'nodebuffer' }))).parts;
    const t2 = parts.find((p) => /<table\b[^>]*name="SalesPlan"/.test(p.xml))!;
    zip.file(
      t2.path,
      t2.xml.replace(
        /(<table\b[^>]*?)name="SalesPlan" displayName="SalesPlan"/,
        '$1name="Projects" displayName="Projects"',
      ),
    );
    const t1 = parts.find((p) => /<table\b[^>]*name="Projects"/.test(p.xml))!;
    zip.file(t1.path, t1.xml.replace('name="Project ID"', 'name="Project No"'));
    let wb = await zip.file('xl/workbook.xml')!.async('string');
    wb = wb.replace(/(<definedName [^>]*>[^<]*<\/definedName>)/, '$1$1');
    zip.file('xl/workbook.xml', wb);
    const problems = await repairProblems(await zip.generateAsync({ type: 'nodebuffer' }));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/the name projects is used by another table/),
        expect.stringMatching(/header cell A1 holds "Project ID" \(s\), not the column name "Project No"/),
        expect.stringMatching(/defined name \S+ repeats/),
      ]),
    );
  });

  test('mc:Ignorable namespaces and extLst content are dropped before validation, nothing else', () => {
    const xml =
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" ' +
      'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" mc:Ignorable="x14ac">' +
      '<sheetFormatPr defaultRowHeight="15" x14ac:dyDescent="0.25"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t xml:space="preserve"> a &amp; b </t></is></c></row></sheetData>' +
      '<x14ac:thing/><extLst><ext uri="{X}"><x14ac:more/></ext></extLst></worksheet>';
    const out = serialize(dropIgnorable(parseXml(xml)));
    expect(out).not.toMatch(/Ignorable|x14ac:dyDescent|x14ac:thing|<ext\b/);
    expect(out).toContain('<t xml:space="preserve"> a &amp; b </t>');
    expect(out).toContain('<extLst/>');
    expect(out).toContain('xmlns:r=');
  });
});
