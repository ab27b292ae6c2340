/**
 * Hand-made .xlsx packages for the reader's tests: a minimal workbook whose parts a test writes
 * itself (one sheet, one table), a way to rewrite parts of an existing file, and a raw zip writer
 * that stores already-deflated data (to build "zip bombs" in milliseconds).
 */
import JSZip from 'jszip';
import { Deflate } from 'pako';

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PR = 'http://schemas.openxmlformats.org/package/2006/relationships';

export const xmlEsc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface MinimalOptions {
  /** The <sheetData> content (rows and cells). */
  sheetData: string;
  tableName?: string;
  /** The table's ref, e.g. "A1:C4". */
  ref: string;
  columns: string[];
  /** Extra attributes on <table>, e.g. 'totalsRowCount="1"'. */
  tableAttrs?: string;
  sharedStrings?: string[];
  /** The <numFmts> and <cellXfs> content of styles.xml. */
  numFmts?: string;
  cellXfs?: string;
  workbookPr?: string;
  /** Relationship targets as openpyxl writes them: absolute from the package root. */
  absoluteTargets?: boolean;
  sheetName?: string;
}

export function minimalParts(o: MinimalOptions): Record<string, string> {
  const abs = o.absoluteTargets;
  const sst = o.sharedStrings ?? [];
  const tableCols = o.columns.map((c, i) => `<tableColumn id="${i + 1}" name="${xmlEsc(c)}"/>`).join('');
  return {
    '[Content_Types].xml':
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
      `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
      `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
      `<Override PartName="/xl/tables/table1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml"/>` +
      `<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>` +
      `<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`,
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PR}"><Relationship Id="rId1" Type="${R}/officeDocument" Target="${abs ? '/' : ''}xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml':
      `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${NS}" xmlns:r="${R}">${o.workbookPr ?? ''}` +
      `<sheets><sheet name="${xmlEsc(o.sheetName ?? 'Settings')}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels':
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PR}">` +
      `<Relationship Id="rId1" Type="${R}/worksheet" Target="${abs ? '/xl/' : ''}worksheets/sheet1.xml"/>` +
      `<Relationship Id="rId2" Type="${R}/sharedStrings" Target="${abs ? '/xl/' : ''}sharedStrings.xml"/>` +
      `<Relationship Id="rId3" Type="${R}/styles" Target="${abs ? '/xl/' : ''}styles.xml"/></Relationships>`,
    'xl/worksheets/sheet1.xml':
      `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${NS}" xmlns:r="${R}"><sheetData>${o.sheetData}</sheetData>` +
      `<tableParts count="1"><tablePart r:id="rId1"/></tableParts></worksheet>`,
    'xl/worksheets/_rels/sheet1.xml.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PR}"><Relationship Id="rId1" Type="${R}/table" Target="${abs ? '/xl/tables/table1.xml' : '../tables/table1.xml'}"/></Relationships>`,
    'xl/tables/table1.xml':
      `<?xml version="1.0" encoding="UTF-8"?><table xmlns="${NS}" id="1" name="${o.tableName ?? 'Policy'}" displayName="${o.tableName ?? 'Policy'}" ref="${o.ref}" ${o.tableAttrs ?? ''}>` +
      `<tableColumns count="${o.columns.length}">${tableCols}</tableColumns></table>`,
    'xl/sharedStrings.xml': `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${NS}" count="${sst.length}" uniqueCount="${sst.length}">${sst.map((s) => `<si><t xml:space="preserve">${xmlEsc(s)}</t></si>`).join('')}</sst>`,
    'xl/styles.xml':
      `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="${NS}">${o.numFmts ? `<numFmts>${o.numFmts}</numFmts>` : ''}` +
      `<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills>` +
      `<borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
      `<cellXfs>${o.cellXfs ?? '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'}</cellXfs></styleSheet>`,
  };
}

export async function zipParts(parts: Record<string, string | Uint8Array>): Promise<Buffer> {
  const zip = new JSZip();
  for (const [p, data] of Object.entries(parts)) zip.file(p, data);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** A copy of a package with some parts rewritten (a function gets the old text) or replaced. */
export async function rewriteParts(
  bytes: Uint8Array,
  edits: Record<string, ((xml: string) => string) | string | null>,
): Promise<Buffer> {
  const zip = await JSZip.loadAsync(bytes);
  for (const [p, e] of Object.entries(edits)) {
    if (e === null) zip.remove(p);
    else if (typeof e === 'string') zip.file(p, e);
    else {
      const f = zip.file(p);
      if (!f) throw new Error(`no part ${p}`);
      zip.file(p, e(await f.async('string')));
    }
  }
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** Every part of a package as text (for tests that look inside). */
export async function partsOf(bytes: Uint8Array): Promise<Record<string, string>> {
  const zip = await JSZip.loadAsync(bytes);
  const out: Record<string, string> = {};
  for (const p of Object.keys(zip.files)) if (!zip.files[p].dir) out[p] = await zip.file(p)!.async('string');
  return out;
}

const enc = new TextEncoder();

/**
 * Raw deflate data that inflates to head + body × times + tail, made in milliseconds: each piece is
 * deflated by its own compressor (so it refers to nothing before it) and ended with a sync flush
 * (byte-aligned), so the body's bytes can simply be repeated.
 */
export function repeatedDeflate(
  head: string,
  body: string,
  times: number,
  tail: string,
): { data: Uint8Array; size: number } {
  const piece = (s: string, finish: boolean): Uint8Array => {
    const d = new Deflate({ raw: true, level: 9 });
    const out: Uint8Array[] = [];
    d.onData = (c: Uint8Array) => out.push(c);
    d.push(enc.encode(s), finish ? 4 /* Z_FINISH */ : 2 /* Z_SYNC_FLUSH */);
    return concat(out);
  };
  const h = piece(head, false);
  const b = piece(body, false);
  const t = piece(tail, true);
  const data = new Uint8Array(h.length + b.length * times + t.length);
  data.set(h, 0);
  for (let i = 0; i < times; i++) data.set(b, h.length + i * b.length);
  data.set(t, h.length + b.length * times);
  return { data, size: enc.encode(head).length + enc.encode(body).length * times + enc.encode(tail).length };
}

function concat(xs: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(xs.reduce((a, x) => a + x.length, 0));
  let o = 0;
  for (const x of xs) {
    out.set(x, o);
    o += x.length;
  }
  return out;
}

export interface RawEntry {
  name: string;
  /** Deflated (method 8) or stored (method 0) bytes. */
  data: Uint8Array;
  method: 0 | 8;
  size: number;
}

/** A zip of entries whose data is given as stored in the file (CRC left 0: the reader does not check it). */
export function rawZip(entries: RawEntry[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = enc.encode(e.name);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(8, e.method, true);
    local.setUint32(18, e.data.length, true);
    local.setUint32(22, Math.min(e.size, 0xfffffffe), true);
    local.setUint16(26, name.length, true);
    chunks.push(new Uint8Array(local.buffer), name, e.data);
    const cd = new DataView(new ArrayBuffer(46));
    cd.setUint32(0, 0x02014b50, true);
    cd.setUint16(4, 20, true);
    cd.setUint16(6, 20, true);
    cd.setUint16(10, e.method, true);
    cd.setUint32(20, e.data.length, true);
    cd.setUint32(24, Math.min(e.size, 0xfffffffe), true);
    cd.setUint16(28, name.length, true);
    cd.setUint32(42, offset, true);
    central.push(new Uint8Array(cd.buffer), name);
    offset += 30 + name.length + e.data.length;
  }
  const cdSize = central.reduce((a, x) => a + x.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, cdSize, true);
  end.setUint32(16, offset, true);
  return concat([...chunks, ...central, new Uint8Array(end.buffer)]);
}

/** The entries of a package for rawZip, stored (to mix with crafted ones). */
export function rawEntries(parts: Record<string, string>): RawEntry[] {
  return Object.entries(parts).map(([name, text]) => {
    const bytes = enc.encode(text);
    return { name, data: bytes, method: 0 as const, size: bytes.length };
  });
}
