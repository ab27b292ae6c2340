/**
 * The direct reader: the pipeline's tables straight from the .xlsx parts into the engine's snapshot,
 * without building a workbook model. Used by `presales check` and, in the browser, by the directors'
 * roll-up (bytes in, no Node API).
 *
 * How: the zip directory gives the parts; workbook.xml and the relationships give the sheets and
 * their table parts (targets resolved as OPC says, absolute or relative); each table part gives its
 * range, header and total rows. Only the sheets holding our tables are streamed, cell by cell, and
 * only up to the last table row; cells inside a table are kept, the rest skipped. Shared strings are
 * read last, keeping only the entries a kept cell refers to. Memory stays bounded whatever the input:
 * every part is inflated in chunks, and the limits below refuse, in one line, what Excel itself could
 * not hold or what no pipeline needs.
 */
import { cellA1 } from '../../engine/address';
import { headerMatches, matchRenamedTables } from '../../engine/model';
import { TABLES, TableName, TableSchema } from '../../engine/schema';
import { TableSnapshot, WorkbookSnapshot } from '../../engine/snapshot';
import { CellValue } from '../../engine/values';
import { isDateFormat } from './number-formats';
import { readError, XlsxReadError } from './read-error';
import {
  ByteFeed,
  bytesOf,
  concatBytes,
  decimalAt,
  digitsAt,
  endsNameByte,
  find,
  headText,
  indexOfSeq,
  seqAfterText,
  startsAt,
  textOf,
} from './xml-bytes';
import { attrLocal, attrsOf, endsName, readProlog, stringItemText, unescapeExcel, unescapeXml } from './xml-text';
import { Inflater, StopReading, ZipArchive, ZipEntry } from './zip';

/** Excel's own limits. */
export const EXCEL_MAX_ROWS = 1_048_576;
export const EXCEL_MAX_COLS = 16_384;
export const EXCEL_MAX_CELL_CHARS = 32_767;

export interface ReadLimits {
  /** Cells of our tables kept (rows × columns). */
  cells: number;
  /** Characters of text kept. */
  textChars: number;
  /** Shared-string entries a kept cell may refer to (entry numbers above are refused). */
  sharedStrings: number;
  /**
   * A shared-strings part of at most this many bytes of XML is read whole before the sheets (its text is
   * then at hand for every cell); a larger one after them, only as far as and only the entries needed.
   */
  sharedStringsFirst: number;
  /** Cell elements scanned in the sheets holding our tables, inside the tables or not. */
  scannedCells: number;
  /** Characters of XML inflated, all parts together. */
  xmlChars: number;
  /** A part may inflate to this many times the compressed bytes read so far (beyond `ratioFloor` bytes). */
  ratio: number;
  ratioFloor: number;
  /** One element (a cell, a shared string) or a small part read whole (workbook, styles, a table). */
  elementChars: number;
  partChars: number;
}

export const DEFAULT_LIMITS: ReadLimits = {
  cells: 5_000_000,
  textChars: 50_000_000,
  sharedStrings: 5_000_000,
  sharedStringsFirst: 16 * 1024 * 1024,
  scannedCells: 12_000_000,
  xmlChars: 1_000_000_000,
  ratio: 250,
  ratioFloor: 16 * 1024 * 1024,
  elementChars: 4 * 1024 * 1024,
  partChars: 32 * 1024 * 1024,
};

export interface ReadPipelineOptions {
  /** Read only these tables (default: every table of the schema). */
  only?: readonly TableName[];
  /** Lower limits (tests); never raise them above what memory allows. */
  limits?: Partial<ReadLimits>;
  /**
   * Also read these tables, which are not in the pipeline schema (a roll-up's `Lessons`, §9), matched by
   * name ignoring case. Each lands in `snapshot.tables` under the name given, values as stored, no formulas.
   */
  extraTables?: readonly string[];
  /** A faster inflater where the host has one (the CLI passes Node's zlib); pako's by default. */
  inflate?: Inflater;
}

export interface ReadTableInfo {
  table: TableName;
  /** The table's name as the file spells it. */
  displayName: string;
  sheet: string;
  /** The table's range as stored in the file (header and total rows included). */
  ref: string;
  /** Data rows read (trailing blank rows left out). */
  rows: number;
}

export interface PipelineRead {
  snapshot: WorkbookSnapshot;
  tables: ReadTableInfo[];
  /** Sheet names in workbook order. */
  sheets: string[];
  /** The workbook counts dates from 1904; date cells were moved onto the 1900 system. */
  date1904: boolean;
}

/** Bytes of an old binary .xls and of an encrypted (password-protected) .xlsx: an OLE compound file. */
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const REL = {
  officeDocument: '/officeDocument',
  worksheet: '/worksheet',
  sharedStrings: '/sharedStrings',
  styles: '/styles',
  table: '/table',
};

const notWorkbook = (): XlsxReadError =>
  readError('the zip holds no workbook part (not an Excel workbook)', '压缩包中没有工作簿部件（不是 Excel 工作簿）');

const tooBig = (what: string, zhWhat: string): XlsxReadError =>
  readError(`the workbook is too large to check: ${what}`, `工作簿过大，无法检查：${zhWhat}`);

/** Checks the first bytes: empty, OLE (old .xls or password-protected), text, or not a zip at all. */
function sniff(b: Uint8Array): void {
  if (b.length === 0) throw readError('the file is empty (0 bytes)', '文件是空的（0 字节）');
  if (OLE_MAGIC.every((x, i) => b[i] === x)) {
    throw readError(
      'old .xls or password-protected workbook: open it in Excel and save as .xlsx without a password',
      '旧版 .xls 或设置了密码的工作簿：请在 Excel 中打开，另存为不带密码的 .xlsx',
    );
  }
  if (b[0] === 0x50 && b[1] === 0x4b) return;
  const head = new TextDecoder('utf-8', { fatal: false }).decode(b.subarray(0, 4096));
  // eslint-disable-next-line no-control-regex
  const printable = head.replace(/[\u0000-\u0008\u000e-\u001f\ufffd]/g, '').length >= head.length * 0.95;
  if (printable && /^\s*</.test(head)) {
    throw readError(
      'not an .xlsx file (it is XML or HTML text, e.g. an "Excel 2003 XML" or web page saved as .xlsx): open it in Excel and save as .xlsx',
      '不是 .xlsx 文件（它是 XML 或 HTML 文本）：请在 Excel 中打开，另存为 .xlsx',
    );
  }
  if (printable) {
    throw readError(
      'not an .xlsx file (it is plain text, e.g. a .csv renamed): open it in Excel and save as .xlsx',
      '不是 .xlsx 文件（它是纯文本，例如改了扩展名的 .csv）：请在 Excel 中打开，另存为 .xlsx',
    );
  }
  throw readError(
    'not an .xlsx file (not a zip package): open it in Excel and save as .xlsx',
    '不是 .xlsx 文件（不是 zip 包）：请在 Excel 中打开，另存为 .xlsx',
  );
}

/** Part name of a relationship target: absolute (`/xl/...`) from the package root, else relative to the source part's folder. */
export function resolveTarget(source: string, target: string): string {
  let t = target.replace(/\\/g, '/');
  const hash = t.indexOf('#');
  if (hash >= 0) t = t.slice(0, hash);
  try {
    t = decodeURIComponent(t);
  } catch {
    /* keep it as written */
  }
  const base = t.startsWith('/') ? [] : source.split('/').slice(0, -1);
  for (const seg of t.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') base.pop();
    else base.push(seg);
  }
  return base.join('/');
}

/** The relationships part of a part: `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`; the package's is `_rels/.rels`. */
const relsPath = (part: string): string => {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
};

interface Rel {
  id: string;
  type: string;
  target: string;
}

interface TableRead {
  /** Null for an extra table (not in the schema). */
  schema: TableSchema | null;
  /** Its key in the snapshot: the schema's name, or the extra table's name as asked. */
  key: string;
  displayName: string;
  sheet: string;
  ref: string;
  r0: number;
  c0: number;
  r1: number;
  c1: number;
  /** Sheet rows (0-based) of the header (-1 when the table shows none) and of the data body. */
  headerRow: number;
  body0: number;
  body1: number;
  width: number;
  columnNames: string[];
  /**
   * The header row, then the data rows (body row i at i + 1; holes are blank rows): one array, so that
   * the header row and the data rows go through the same code.
   */
  lines: CellValue[][];
  /**
   * Per cell of a line given marks (with its first formula or shared string): FORMULA where it holds a
   * formula, SHARED while it holds the number of a shared-string entry not yet read. The marks of line l
   * are markPool[markAt[l] + c]: one buffer per table, not a typed array per line.
   */
  markAt: number[];
  markPool: Uint8Array;
  markUsed: number;
}

/** Where a line's marks start in its table's markPool, given them (all clear) on first use. */
function markOffset(t: TableRead, line: number): number {
  let at = t.markAt[line];
  if (at === undefined) {
    at = t.markUsed;
    t.markUsed = at + t.width;
    if (t.markUsed > t.markPool.length) {
      const more = new Uint8Array(Math.max(t.markUsed, 2 * t.markPool.length, 64 * t.width));
      more.set(t.markPool);
      t.markPool = more;
    }
    t.markAt[line] = at;
  }
  return at;
}

/** Bits of TableRead's marks. */
const FORMULA = 1;
const SHARED = 2;

/**
 * Where the scan of one worksheet stands, between the chunks of its bytes. Every field keeps one type
 * from the start (no null turned into an object, one `active` array refilled), so that the optimized
 * scan made for the first sheet still fits the next.
 */
class SheetScan {
  /** The first and last sheet rows (0-based) any of its tables covers. */
  readonly firstRow: number;
  readonly lastRow: number;
  /** The part's element names (known once its prolog is read). */
  tok: ByteTokens = NO_TOKENS;
  started = false;
  inData = false;
  row = -1;
  col = -1;
  /** The tables the current row runs through (an array made to hold objects from the start). */
  readonly active: TableRead[];

  constructor(
    readonly path: string,
    readonly tables: TableRead[],
  ) {
    this.active = [tables[0]];
    this.active.length = 0;
    this.firstRow = Math.min(...tables.map((t) => (t.headerRow >= 0 ? t.headerRow : t.body0)));
    this.lastRow = Math.max(...tables.map((t) => t.body1));
  }
}

class Reader {
  private readonly zip: ZipArchive;
  private readonly limits: ReadLimits;
  private xmlChars = 0;
  private textChars = 0;
  private cells = 0;
  private scanned = 0;
  private dateStyles: Uint8Array = new Uint8Array(0);
  private date1904 = false;
  /**
   * Shared strings are read after the sheets, only the entries kept cells refer to: a cell holds its
   * entry number meanwhile (marked SHARED). `need` flags those entries (below the limit); `maxShared` is
   * the highest number referred to, -1 when none.
   */
  private need: Uint8Array = new Uint8Array(0);
  private maxShared = -1;
  /**
   * The shared strings when the part is small enough to read first (limits.sharedStringsFirst), so that cells
   * take their text as they are read; null when they are read after the sheets. `counted`: the entries
   * whose text a kept cell took (each counts once against the text budget).
   */
  private sst: string[] | null = null;
  private counted: Uint8Array = new Uint8Array(0);
  /** The cell being read (one at a time; no allocation per cell). */
  private readonly scan = newCellScan();

  constructor(bytes: Uint8Array, limits: ReadLimits, inflate?: Inflater) {
    sniff(bytes);
    this.zip = new ZipArchive(bytes, { inflate });
    this.limits = limits;
  }

  /** Streams a part as text chunks; `onText` may throw StopReading. Missing part → false. */
  private async streamPart(path: string, onText: (text: string) => void): Promise<boolean> {
    const entry = this.zip.get(path);
    if (!entry) return false;
    let decoder: TextDecoder | null = null;
    let inflated = 0;
    let stopped = false;
    const give = (text: string): void => {
      try {
        onText(text);
      } catch (e) {
        if (e instanceof StopReading) stopped = true;
        throw e;
      }
    };
    /** A first piece of one byte, held until the next shows whether a UTF-16 byte-order mark starts the part. */
    let head: Uint8Array | null = null;
    const decode = (chunk: Uint8Array): void => {
      const text = (decoder as TextDecoder).decode(chunk, { stream: true });
      this.countXml(text.length);
      give(text);
    };
    await this.zip.stream(entry, (chunk, consumed) => {
      // A zip bomb shows early: far more text out than any workbook's XML gives for the bytes read so far.
      inflated += chunk.length;
      if (inflated > this.limits.ratioFloor && inflated > consumed * this.limits.ratio) throw this.bomb(entry);
      if (!decoder) {
        if (head) {
          chunk = concatBytes(head, chunk);
          head = null;
        }
        if (chunk.length < 2) {
          head = chunk.slice();
          return;
        }
        const le = chunk[0] === 0xff && chunk[1] === 0xfe;
        const be = chunk[0] === 0xfe && chunk[1] === 0xff;
        decoder = new TextDecoder(le ? 'utf-16le' : be ? 'utf-16be' : 'utf-8');
      }
      decode(chunk);
    });
    if (stopped) return true;
    try {
      if (head) {
        // A part of one byte.
        decoder = new TextDecoder('utf-8');
        decode(head);
      }
      if (decoder) {
        const rest = (decoder as TextDecoder).decode();
        if (rest) onText(rest);
      }
    } catch (e) {
      if (!(e instanceof StopReading)) throw e;
    }
    return true;
  }

  /**
   * Streams a part as UTF-8 bytes (a UTF-16 part is re-encoded; a byte-order mark is dropped); `onBytes`
   * may throw StopReading. Missing part → false.
   */
  private async streamBytes(path: string, onBytes: (bytes: Uint8Array) => void): Promise<boolean> {
    const entry = this.zip.get(path);
    if (!entry) return false;
    /** The first bytes, held until they show whether a byte-order mark starts the part. */
    let head: Uint8Array | null = new Uint8Array(0);
    let utf16: TextDecoder | null = null;
    let inflated = 0;
    let stopped = false;
    const give = (bytes: Uint8Array, last = false): void => {
      if (head) {
        bytes = concatBytes(head, bytes);
        if (bytes.length < 3 && !last) {
          head = bytes;
          return;
        }
        head = null;
        if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
          utf16 = new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be');
        else if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
      }
      try {
        onBytes(utf16 ? bytesOf((utf16 as TextDecoder).decode(bytes, { stream: true })) : bytes);
      } catch (e) {
        if (e instanceof StopReading) stopped = true;
        throw e;
      }
    };
    await this.zip.stream(entry, (chunk, consumed) => {
      // A zip bomb shows early: far more text out than any workbook's XML gives for the bytes read so far.
      inflated += chunk.length;
      if (inflated > this.limits.ratioFloor && inflated > consumed * this.limits.ratio) throw this.bomb(entry);
      this.countXml(chunk.length);
      give(chunk);
    });
    if (stopped) return true;
    // A part of fewer than 3 bytes.
    if (head && (head as Uint8Array).length > 0) {
      try {
        give(new Uint8Array(0), true);
      } catch (e) {
        if (e instanceof StopReading) return true;
        throw e;
      }
    }
    if (utf16 && !stopped) {
      const rest = (utf16 as TextDecoder).decode();
      if (rest) onBytes(bytesOf(rest));
    }
    return true;
  }

  /**
   * Streams a part through `run`, which scans the bytes it is given and returns where their unread end
   * (an element a chunk boundary cut) begins; that end is given again with the next chunk. `stitch`: the
   * end is finished with the next chunk's first bytes only (ByteFeed.stitch), for a `run` that counts
   * no bytes (it may see some twice).
   */
  private async scanPart(path: string, run: (s: Uint8Array) => number, stitch = false): Promise<boolean> {
    const feed = new ByteFeed();
    return this.streamBytes(path, (chunk) => {
      const s = feed.next(stitch ? feed.stitch(chunk, run) : chunk);
      if (feed.leave(s, run(s)) > this.limits.elementChars) throw oversized(path, this.limits.elementChars);
    });
  }

  private countXml(n: number): void {
    this.xmlChars += n;
    if (this.xmlChars > this.limits.xmlChars) {
      throw tooBig(
        `more than ${fmt(this.limits.xmlChars)} characters of XML to read`,
        `需要读取的 XML 超过 ${fmt(this.limits.xmlChars)} 个字符`,
      );
    }
  }

  private bomb(entry: ZipEntry): XlsxReadError {
    return readError(
      `the workbook's part ${entry.name} inflates to more than ${this.limits.ratio} times the compressed bytes read, which no workbook Excel writes does (a "zip bomb"); it is refused`,
      `工作簿的部件 ${entry.name} 解压后超过所读压缩数据的 ${this.limits.ratio} 倍（Excel 写的工作簿不会如此，疑为“压缩炸弹”），拒绝读取`,
    );
  }

  /** A small part read whole (workbook, relationships, styles, a table), prolog checked. */
  private async readPart(path: string): Promise<string | null> {
    const parts: string[] = [];
    let n = 0;
    const found = await this.streamPart(path, (t) => {
      n += t.length;
      if (n > this.limits.partChars)
        throw tooBig(
          `its part ${path} holds more than ${fmt(this.limits.partChars)} characters`,
          `部件 ${path} 超过 ${fmt(this.limits.partChars)} 个字符`,
        );
      parts.push(t);
    });
    if (!found) return null;
    const s = parts.join('');
    if (s.trim() !== '' && !readProlog(s, path)) throw damagedPart(path);
    return s;
  }

  private async rels(source: string): Promise<Rel[]> {
    const xml = await this.readPart(source === '' ? '_rels/.rels' : relsPath(source));
    if (!xml) return [];
    const out: Rel[] = [];
    for (const m of xml.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
      const a = attrsOf(m[0]);
      if (!a.Id || !a.Target || a.TargetMode === 'External') continue;
      out.push({ id: a.Id, type: a.Type ?? '', target: resolveTarget(source, a.Target) });
    }
    return out;
  }

  async read(only: readonly TableName[] | undefined, extra: readonly string[] = []): Promise<PipelineRead> {
    const root = await this.rels('');
    let wbPath = root.find((r) => r.type.endsWith(REL.officeDocument))?.target ?? 'xl/workbook.xml';
    if (!this.zip.get(wbPath)) {
      if (this.zip.get('xl/workbook.bin')) {
        throw readError(
          'an .xlsb binary workbook: open it in Excel and save as .xlsx',
          '.xlsb 二进制工作簿：请在 Excel 中打开，另存为 .xlsx',
        );
      }
      if (this.zip.get('content.xml') && this.zip.get('mimetype')) {
        throw readError(
          'an OpenDocument spreadsheet (.ods): open it and save as .xlsx',
          'OpenDocument 电子表格（.ods）：请打开后另存为 .xlsx',
        );
      }
      if (!this.zip.get('xl/workbook.xml')) throw notWorkbook();
      wbPath = 'xl/workbook.xml';
    }
    const wbXml = (await this.readPart(wbPath))!;
    const wbRels = await this.rels(wbPath);
    const pr = /<(?:\w+:)?workbookPr\b[^>]*>/.exec(wbXml);
    const d1904 = pr ? attrsOf(pr[0]).date1904 : undefined;
    this.date1904 = d1904 === '1' || d1904 === 'true';
    const sheets: { name: string; path: string | undefined }[] = [];
    for (const m of wbXml.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
      const a = attrsOf(m[0]);
      const rid = attrLocal(a, 'id');
      const rel = wbRels.find((r) => r.id === rid);
      sheets.push({ name: a.name ?? '', path: rel && rel.type.endsWith(REL.worksheet) ? rel.target : undefined });
    }
    const stylesPath = wbRels.find((r) => r.type.endsWith(REL.styles))?.target;
    const sstPath = wbRels.find((r) => r.type.endsWith(REL.sharedStrings))?.target;

    // Table parts of every worksheet, matched to the schema by name (Excel's table names ignore case), or,
    // for one of ours renamed (Projects → Table1), by its headers as the Office.js reader does.
    const parts: { sheet: string; path: string; xml: string; name: string; columns: string[] }[] = [];
    for (const sh of sheets) {
      if (!sh.path || !this.zip.get(sh.path)) continue;
      for (const rel of await this.rels(sh.path)) {
        if (!rel.type.endsWith(REL.table)) continue;
        const xml = await this.readPart(rel.target);
        const head = xml && tableHead(xml);
        if (head) parts.push({ sheet: sh.name, path: sh.path, xml: xml!, ...head });
      }
    }
    const schemas = TABLES.filter((s) => !only || only.includes(s.name));
    const chosen = new Map<TableName, (typeof parts)[number]>();
    for (const schema of schemas) {
      const part = parts.find((p) => p.name.toLowerCase() === schema.name.toLowerCase());
      if (part) chosen.set(schema.name, part);
    }
    if (chosen.size < schemas.length) {
      for (const [name, actual] of matchRenamedTables(parts.map((p) => ({ name: p.name, headers: p.columns })))) {
        const part = parts.find((p) => p.name === actual);
        if (part && !chosen.has(name) && schemas.some((s) => s.name === name)) chosen.set(name, part);
      }
    }
    const bySheet = new Map<string, TableRead[]>();
    const found: TableRead[] = [];
    for (const schema of schemas) {
      const part = chosen.get(schema.name);
      if (!part) continue;
      const t = this.tablePart(part.xml, part.columns, part.sheet, schema, schema.name);
      found.push(t);
      const list = bySheet.get(part.path) ?? [];
      list.push(t);
      bySheet.set(part.path, list);
    }
    const taken = new Set(chosen.values());
    for (const name of extra) {
      if (TABLES.some((s) => s.name.toLowerCase() === name.toLowerCase())) continue;
      const part = parts.find((p) => !taken.has(p) && p.name.toLowerCase() === name.toLowerCase());
      if (!part) continue;
      taken.add(part);
      const t = this.tablePart(part.xml, part.columns, part.sheet, null, name);
      found.push(t);
      bySheet.set(part.path, [...(bySheet.get(part.path) ?? []), t]);
    }
    if (found.length > 0 && stylesPath) await this.styles(stylesPath);
    if (found.length > 0 && sstPath) await this.sharedStringsFirst(sstPath);
    for (const [path, tables] of bySheet) await this.sheet(path, tables);
    if (this.maxShared >= 0) await this.sharedStrings(sstPath, found);

    const snapshot: WorkbookSnapshot = { tables: {} };
    const infos: ReadTableInfo[] = [];
    for (const t of found) {
      snapshot.tables[t.key] = this.snapshotOf(t);
      if (t.schema)
        infos.push({
          table: t.schema.name,
          displayName: t.displayName,
          sheet: t.sheet,
          ref: t.ref,
          rows: t.lines.length - 1,
        });
    }
    return { snapshot, tables: infos, sheets: sheets.map((s) => s.name), date1904: this.date1904 };
  }

  /** A table part read (`columnNames`: its columns' names, as tableHead gives them). */
  private tablePart(
    xml: string,
    columnNames: string[],
    sheet: string,
    schema: TableSchema | null,
    key: string,
  ): TableRead {
    const a = attrsOf(/<(?:\w+:)?table\b[^>]*>/.exec(xml)![0]);
    const displayName = a.displayName ?? a.name ?? '';
    const ref = a.ref ?? '';
    const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})(?::\$?([A-Za-z]{1,3})\$?(\d{1,7}))?$/.exec(ref.trim());
    if (!m) throw damagedPart(`table ${displayName} (ref "${ref}")`);
    const r0 = Number(m[2]) - 1;
    const r1 = Number(m[4] ?? m[2]) - 1;
    const c0 = colOf(m[1]);
    const c1 = colOf(m[3] ?? m[1]);
    if (r1 >= EXCEL_MAX_ROWS || c1 >= EXCEL_MAX_COLS || r0 < 0 || r0 > r1 || c0 > c1)
      throw beyondExcel(`table ${displayName} spans ${ref}`, `表 ${displayName} 的范围 ${ref}`);
    const headerRows = a.headerRowCount === undefined ? 1 : Math.min(1, Number(a.headerRowCount) || 0);
    const totals = a.totalsRowCount === undefined ? 0 : Math.max(0, Number(a.totalsRowCount) || 0);
    const width = c1 - c0 + 1;
    return {
      schema,
      key,
      displayName,
      sheet,
      ref,
      r0,
      c0,
      r1,
      c1,
      headerRow: headerRows ? r0 : -1,
      body0: r0 + headerRows,
      body1: r1 - totals,
      width,
      columnNames,
      lines: firstLine<CellValue[]>(headerRows ? blankRow(width) : namedRow(columnNames, width)),
      markAt: new Array<number>(1),
      markPool: new Uint8Array(0),
      markUsed: 0,
    };
  }

  private async styles(path: string): Promise<void> {
    const xml = await this.readPart(path);
    if (!xml) return;
    const custom = new Map<number, string>();
    for (const m of xml.matchAll(/<(?:\w+:)?numFmt\b[^>]*>/g)) {
      const a = attrsOf(m[0]);
      if (a.numFmtId !== undefined) custom.set(Number(a.numFmtId), a.formatCode ?? '');
    }
    const block = /<((?:\w+:)?)cellXfs\b[^>]*>([\s\S]*?)<\/\1cellXfs>/.exec(xml);
    const ids: number[] = [];
    if (block)
      for (const m of block[2].matchAll(/<(?:\w+:)?xf\b[^>]*>/g)) ids.push(Number(attrsOf(m[0]).numFmtId ?? 0));
    this.dateStyles = Uint8Array.from(ids, (id) => (isDateFormat(id, custom) ? 1 : 0));
  }

  /**
   * Streams one worksheet as bytes, keeping the cells of its tables, up to the last table row. Markup is
   * found by its bytes; only the values kept are decoded (src/hosts/xlsx/xml-bytes.ts).
   */
  private async sheet(path: string, tables: TableRead[]): Promise<void> {
    const st = new SheetScan(path, tables);
    await this.scanPart(
      path,
      (s) => {
        let at = 0;
        if (!st.inData) {
          at = this.sheetStart(st, s);
          if (!st.inData) return at;
        }
        at = this.scanSheet(st, s, at);
        if (at === STOP) throw new StopReading();
        return at;
      },
      true,
    );
  }

  /**
   * The start of a worksheet: its prolog (a DOCTYPE is refused) and `<sheetData>`. Returns where the
   * rows begin (st.inData set), or where to resume when more bytes are needed.
   */
  private sheetStart(st: SheetScan, s: Uint8Array): number {
    let pos = 0;
    if (!st.started) {
      const pro = prologOf(s, st.path, this.limits.elementChars);
      if (!pro) return 0;
      st.tok = byteTokens(pro.prefix);
      st.started = true;
      pos = pro.at;
    }
    const i = indexOfSeq(s, st.tok.sheetData, pos);
    if (i < 0) return Math.max(pos, s.length - 32);
    const gt = find(s, 62, i);
    if (gt < 0) return i;
    if (s[gt - 1] === 47) throw new StopReading();
    st.inData = true;
    return gt + 1;
  }

  private startRow(st: SheetScan, s: Uint8Array, from: number): void {
    const r = rowAttr(s, from);
    const row = (st.row = r >= 0 ? r : st.row + 1);
    if (!(row >= 0 && row < EXCEL_MAX_ROWS))
      throw beyondExcel(`row ${fmt(row + 1)} in ${st.path}`, `${st.path} 中的第 ${fmt(row + 1)} 行`);
    st.col = -1;
    st.active.length = 0;
    if (row < st.firstRow) return;
    for (const t of st.tables)
      if (row >= (t.headerRow >= 0 ? t.headerRow : t.body0) && row <= t.body1) st.active.push(t);
  }

  /**
   * Scans bytes of a worksheet; returns where their unread end (an element not yet complete) begins, or
   * STOP after the last row needed. A method, not a closure per sheet, so that its optimized code serves
   * every sheet; and STOP is returned, not thrown, as a throw not yet seen would undo that code.
   */
  private scanSheet(st: SheetScan, s: Uint8Array, from: number): number {
    const n = s.length;
    const limits = this.limits;
    const cell = this.scan;
    const k = st.tok;
    let pos = from;
    const pl = k.pl;
    for (;;) {
      const i = find(s, 60, pos);
      if (i < 0) return n;
      if (i + pl + 6 >= n) return i;
      const c1 = s[i + 1 + pl];
      if (c1 === 99 /* c */ && (pl === 0 || startsAt(s, i, k.c)) && endsNameByte(s[i + 2 + pl])) {
        if (!scanCell(s, i, k, cell)) return i;
        if (++this.scanned > limits.scannedCells) throw this.scanBudget();
        const c = cell.col >= 0 ? cell.col : cell.col === NO_REF ? st.col + 1 : -1;
        if (!(c >= 0 && c < EXCEL_MAX_COLS))
          throw beyondExcel(`a cell beyond column XFD in ${st.path}`, `${st.path} 中超出 XFD 列的单元格`);
        st.col = c;
        if (!cell.empty) {
          const active = st.active;
          for (let a = 0; a < active.length; a++) {
            const t = active[a];
            if (c >= t.c0 && c <= t.c1) this.cell(t, st.row, c - t.c0, s, k);
          }
        }
        pos = cell.end;
        continue;
      }
      if (c1 === 114 /* r */ && startsAt(s, i, k.row) && endsNameByte(s[i + k.row.length])) {
        const gt = find(s, 62, i);
        if (gt < 0) return i;
        this.startRow(st, s, i + k.row.length);
        if (st.row > st.lastRow) return STOP;
        pos = gt + 1;
        continue;
      }
      if (startsAt(s, i, k.sheetDataClose)) return STOP;
      if (s[i + 1] === 33 && s[i + 2] === 45 && s[i + 3] === 45) {
        // <!-- a comment -->
        const e = indexOfSeq(s, COMMENT_END, i + 4);
        if (e < 0) return i;
        pos = e + 3;
        continue;
      }
      const gt = find(s, 62, i);
      if (gt < 0) return i;
      pos = gt + 1;
    }
  }

  private scanBudget(): XlsxReadError {
    return tooBig(
      `more than ${fmt(this.limits.scannedCells)} cells to scan in the sheets holding the tables`,
      `表所在工作表中需要扫描的单元格超过 ${fmt(this.limits.scannedCells)} 个`,
    );
  }

  /**
   * One kept cell (just scanned into this.scan): the value as Office.js's Range.values gives it, and
   * whether the cell holds a formula.
   */
  private cell(t: TableRead, row: number, c: number, s: Uint8Array, k: ByteTokens): void {
    const { formula, v0, v1, is0, is1, type, style } = this.scan;
    // The header row is line 0 (it is the row before the body when there is one).
    const line = row - t.body0 + 1;
    let target = t.lines[line];
    if (!target) {
      this.cells += t.width;
      if (this.cells > this.limits.cells)
        throw tooBig(
          `its tables hold more than ${fmt(this.limits.cells)} cells`,
          `表中的单元格超过 ${fmt(this.limits.cells)} 个`,
        );
      target = t.lines[line] = blankRow(t.width);
    }
    const marked = t.markAt[line];
    // A cell met twice keeps its last value.
    if (marked !== undefined) t.markPool[marked + c] &= ~SHARED;
    if (formula) {
      const at = markOffset(t, line);
      t.markPool[at + c] |= FORMULA;
    }
    let v: CellValue = '';
    if (type === 'inlineStr') {
      v = is0 >= 0 ? stringItemText(textOf(s, is0, is1), k.prefix) : '';
      this.keepText(v);
    } else if (v0 >= 0) {
      switch (type) {
        case 's': {
          let idx = digitsAt(s, v0, v1);
          if (idx < 0) idx = Number(textOf(s, v0, v1));
          if (!(Number.isInteger(idx) && idx >= 0)) break;
          const sst = this.sst;
          if (sst !== null) {
            if (idx >= sst.length) {
              // No such entry: empty, as when read after the sheets (and refused there beyond the limit).
              if (idx > this.maxShared) this.maxShared = idx;
              break;
            }
            v = sst[idx];
            if (this.counted[idx] === 0) {
              this.counted[idx] = 1;
              this.keepText(v);
            }
          } else {
            const at = markOffset(t, line);
            t.markPool[at + c] |= SHARED;
            this.needShared(idx);
            v = idx;
          }
          break;
        }
        case 'str':
          v = unescapeExcel(unescapeXml(textOf(s, v0, v1)));
          this.keepText(v);
          break;
        case 'b': {
          const raw = textOf(s, v0, v1);
          v = raw === '' ? '' : parseInt(raw, 10) !== 0;
          break;
        }
        case 'e':
          v = unescapeXml(textOf(s, v0, v1)).trim();
          break;
        case 'd': {
          const raw = textOf(s, v0, v1).trim();
          v = serialFromIsoDateTime(raw) ?? raw;
          break;
        }
        default: {
          let n = decimalAt(s, v0, v1);
          if (n !== n) {
            const raw = textOf(s, v0, v1);
            if (raw.trim() === '') break;
            n = parseFloat(raw);
            if (!Number.isFinite(n)) {
              v = raw;
              break;
            }
          }
          v = this.date1904 && style >= 0 && this.dateStyles[style] === 1 ? n + 1462 : n;
        }
      }
    }
    target[c] = v;
  }

  /** Notes that a kept cell refers to shared-string entry `idx` (entries at or above the limit are refused later). */
  private needShared(idx: number): void {
    if (idx > this.maxShared) this.maxShared = idx;
    if (idx >= this.limits.sharedStrings) return;
    if (idx >= this.need.length) {
      const more = new Uint8Array(Math.min(this.limits.sharedStrings, Math.max(idx + 1, 2 * this.need.length, 1024)));
      more.set(this.need);
      this.need = more;
    }
    this.need[idx] = 1;
  }

  private keepText(s: string): void {
    if (s.length > EXCEL_MAX_CELL_CHARS)
      throw beyondExcel(`a cell holds ${fmt(s.length)} characters`, `某单元格包含 ${fmt(s.length)} 个字符`);
    this.textChars += s.length;
    if (this.textChars > this.limits.textChars)
      throw tooBig(
        `its tables hold more than ${fmt(this.limits.textChars)} characters of text`,
        `表中的文本超过 ${fmt(this.limits.textChars)} 个字符`,
      );
  }

  /**
   * Reads a small shared-strings part (limits.sharedStringsFirst) before the sheets, every entry up
   * to the reader's limit, so that cells take their text as they are read. A larger part (or one that
   * inflates beyond what its directory entry says) is left for sharedStrings(), after the sheets. A part
   * this small is decoded whole and split with the string's own searches: far less work than the byte
   * scan for code that has only just started (the scan pays off on a sheet's many megabytes).
   */
  private async sharedStringsFirst(path: string): Promise<void> {
    const entry = this.zip.get(path);
    const max = this.limits.sharedStringsFirst;
    if (!entry || entry.size > max) return;
    const parts: string[] = [];
    let chars = 0;
    let tooLarge = false;
    await this.streamPart(path, (text) => {
      chars += text.length;
      if (chars > max) {
        tooLarge = true;
        throw new StopReading();
      }
      parts.push(text);
    });
    if (tooLarge) return;
    const strings = stringItems(parts.join(''), path, this.limits.sharedStrings - 1);
    this.sst = strings;
    this.counted = new Uint8Array(strings.length);
  }

  /**
   * After the sheets: refuses a cell referring to an entry beyond the limit; when the shared strings were
   * not read first, streams them, keeping only the entries kept cells refer to and stopping after the
   * last, then puts each entry's text in the cells that refer to it.
   */
  private async sharedStrings(path: string | undefined, tables: TableRead[]): Promise<void> {
    const max = this.maxShared;
    if (max >= this.limits.sharedStrings) {
      throw tooBig(
        `a cell refers to shared string #${fmt(max + 1)}, beyond the ${fmt(this.limits.sharedStrings)} the reader holds`,
        `某单元格引用了第 ${fmt(max + 1)} 个共享字符串，超过可处理的 ${fmt(this.limits.sharedStrings)} 个`,
      );
    }
    if (this.sst !== null) return;
    const need = this.need;
    /** Entry number → text, for the entries needed (the others stay holes). */
    const strings: string[] = new Array<string>(max + 1);
    if (path)
      await this.scanStrings(
        path,
        max,
        Infinity,
        (n) => need[n] === 1,
        (n, text) => {
          this.keepText(text);
          strings[n] = text;
        },
      );
    fillShared(tables, strings);
    this.need = new Uint8Array(0);
    this.maxShared = -1;
  }

  /**
   * Streams a shared-strings part: the text of each entry n that `wanted(n)` goes to `put`, in order; stops
   * after entry `last`. False (and nothing more read) when the part holds more than `maxBytes` of XML.
   */
  private async scanStrings(
    path: string,
    last: number,
    maxBytes: number,
    wanted: (n: number) => boolean,
    put: (n: number, text: string) => void,
  ): Promise<boolean> {
    let prefix: string | null = null;
    let n = 0;
    let bytes = 0;
    let tooLarge = false;
    let open: Uint8Array = new Uint8Array(0);
    let close: Uint8Array = new Uint8Array(0);
    /** Scans s; returns where its unread end (an entry not yet complete) begins. */
    const run = (s: Uint8Array): number => {
      bytes += s.length;
      if (bytes > maxBytes) {
        tooLarge = true;
        throw new StopReading();
      }
      let pos = 0;
      if (prefix === null) {
        const pro = prologOf(s, path, this.limits.elementChars);
        if (!pro) return 0;
        prefix = pro.prefix;
        open = bytesOf(`<${prefix}si`);
        close = bytesOf(`</${prefix}si>`);
        pos = pro.at + 1;
      }
      for (;;) {
        const i = indexOfSeq(s, open, pos);
        if (i < 0) return Math.max(pos, s.length - open.length);
        if (i + open.length >= s.length) return i;
        if (!endsNameByte(s[i + open.length])) {
          pos = i + open.length;
          continue;
        }
        let end: number;
        let text = '';
        const gt = find(s, 62, i);
        if (gt < 0) return i;
        const want = wanted(n);
        if (s[gt - 1] === 47) end = gt + 1;
        else {
          const e = indexOfSeq(s, close, gt);
          if (e < 0) return i;
          end = e + close.length;
          if (want) text = stringItemText(textOf(s, gt + 1, e), prefix);
        }
        if (want) put(n, text);
        n++;
        pos = end;
        if (n > last) throw new StopReading();
      }
    };
    await this.scanPart(path, run);
    return !tooLarge;
  }

  private snapshotOf(t: TableRead): TableSnapshot {
    const header = t.lines[0];
    const n = t.lines.length - 1;
    // Trailing rows without a value are left out (a table may run to row 1,048,576).
    let last = -1;
    for (let r = n - 1; r >= 0; r--) {
      const row = t.lines[r + 1];
      if (row && row.some((v) => v !== '')) {
        last = r;
        break;
      }
    }
    const count = last + 1;
    if (count * t.width > this.limits.cells)
      throw tooBig(
        `table ${t.displayName} holds more than ${fmt(this.limits.cells)} cells`,
        `表 ${t.displayName} 的单元格超过 ${fmt(this.limits.cells)} 个`,
      );
    const rows = bodyRows(t.lines, count, t.width);
    const topRow = t.headerRow >= 0 ? t.headerRow : t.body0 - 1;
    const topLeft = cellA1(topRow, t.c0);
    if (!t.schema) return { name: t.displayName, sheet: t.sheet, topLeft, headers: header, rows };
    // Formulas as the Office.js reader reports them: for computed columns '=' or '', null elsewhere.
    const computed = t.schema.columns
      .filter((c) => c.type === 'computed')
      .map((c) => header.findIndex((h) => headerMatches(c, h) !== null))
      .filter((i) => i >= 0);
    const formulas = formulaLines(t, computed, count);
    return { name: t.displayName, sheet: t.sheet, topLeft, headers: header, rows, formulas };
  }
}

/**
 * The formulas lines of a table's first `count` rows, as the Office.js reader reports them: '=' or '' for
 * the `computed` columns, null elsewhere. A function of its own: its loop, compiled by V8 while it runs,
 * returns at once (the code after a loop V8 compiled while running it is what it has seen least).
 */
function formulaLines(t: TableRead, computed: number[], count: number): (string | null)[][] {
  const formulas: (string | null)[][] = new Array(count);
  const pool = t.markPool;
  /** The formulas line of a line whose marks start at `at` (undefined: none). */
  const formulaLine = (at: number | undefined): (string | null)[] => {
    const line: (string | null)[] = new Array(t.width).fill(null);
    for (const c of computed) line[c] = at !== undefined && (pool[at + c] & FORMULA) !== 0 ? '=' : '';
    return line;
  };
  // Rows whose computed cells hold formulas alike share one line (read only, as every snapshot is).
  const alike = new Map<number, (string | null)[]>();
  // Lines past the last one given marks have none (read as such, not beyond the array's end).
  const markAt = t.markAt;
  const marked = markAt.length;
  let lastKey = -1;
  let lastLine: (string | null)[] = [];
  for (let r = 0; r < count; r++) {
    const at = r + 1 < marked ? markAt[r + 1] : undefined;
    if (computed.length > 30) {
      formulas[r] = formulaLine(at);
      continue;
    }
    let key = 0;
    if (at !== undefined)
      for (let k = 0; k < computed.length; k++) if ((pool[at + computed[k]] & FORMULA) !== 0) key |= 1 << k;
    // Rows come in runs alike: the last line found serves the next row without a lookup.
    if (key !== lastKey) {
      let line = alike.get(key);
      if (line === undefined) alike.set(key, (line = formulaLine(at)));
      lastKey = key;
      lastLine = line;
    }
    formulas[r] = lastLine;
  }
  return formulas;
}

/** Puts each shared-string entry's text in the cells marked SHARED (an entry the part lacks is empty text). */
function fillShared(tables: TableRead[], strings: string[]): void {
  for (const t of tables) {
    const { lines, markAt, markPool, width } = t;
    for (let l = 0; l < markAt.length; l++) {
      const at = markAt[l];
      if (at === undefined) continue;
      const line = lines[l];
      for (let c = 0; c < width; c++) {
        if ((markPool[at + c] & SHARED) === 0) continue;
        line[c] = strings[line[c] as number] ?? '';
        markPool[at + c] &= ~SHARED;
      }
    }
  }
}

/**
 * The text of each entry of a shared-strings part read whole, up to entry `last`; an entry cut off by the
 * part's end is left out, as by the byte scan. (The part is small: no element limit is needed to bound
 * memory, which the byte scan's cut elements need.)
 */
function stringItems(xml: string, part: string, last: number): string[] {
  const out: string[] = [];
  const pro = readProlog(xml, part);
  if (!pro) return out;
  const p = pro.prefix;
  const open = `<${p}si`;
  const close = `</${p}si>`;
  let pos = pro.at + 1;
  while (out.length <= last) {
    const i = xml.indexOf(open, pos);
    if (i < 0 || i + open.length >= xml.length) break;
    if (!endsName(xml, i + open.length)) {
      pos = i + open.length;
      continue;
    }
    const gt = xml.indexOf('>', i);
    if (gt < 0) break;
    if (xml.charCodeAt(gt - 1) === 47 /* / */) {
      out.push('');
      pos = gt + 1;
      continue;
    }
    const e = xml.indexOf(close, gt);
    if (e < 0) break;
    out.push(stringItemText(xml.slice(gt + 1, e), p));
    pos = e + close.length;
  }
  return out;
}

/** A part's prolog from its first bytes (positions in bytes); null when more bytes are needed. */
function prologOf(s: Uint8Array, part: string, max: number): { prefix: string; at: number } | null {
  return readProlog(headText(s, 1024), part) ?? (s.length > 1024 ? readProlog(headText(s, max), part) : null);
}

/** Element names with the part's namespace prefix ('' or 'x:'), as bytes. */
interface ByteTokens {
  prefix: string;
  /** The prefix's length and bytes. */
  pl: number;
  p: Uint8Array;
  sheetData: Uint8Array;
  sheetDataClose: Uint8Array;
  row: Uint8Array;
  c: Uint8Array;
  fClose: Uint8Array;
  vClose: Uint8Array;
  isClose: Uint8Array;
}

const byteTokens = (p: string): ByteTokens => ({
  prefix: p,
  pl: p.length,
  p: bytesOf(p),
  sheetData: bytesOf(`<${p}sheetData`),
  sheetDataClose: bytesOf(`</${p}sheetData`),
  row: bytesOf(`<${p}row`),
  c: bytesOf(`<${p}c`),
  fClose: bytesOf(`</${p}f>`),
  vClose: bytesOf(`</${p}v>`),
  isClose: bytesOf(`</${p}is>`),
});

const NO_TOKENS = byteTokens('');
const COMMENT_END = bytesOf('-->');
/** scanSheet's answer when the rows needed are read. */
const STOP = -1;
const NO_REF = -2;

/** What scanCell found in one cell element: where it ends, its attributes and where its value lies. */
interface CellScan {
  /** Just past the cell's end tag (or its `/>`). */
  end: number;
  /** `<c .../>`: no content at all. */
  empty: boolean;
  /** From `r`: the column, NO_REF without `r`, -1 when `r` is no cell reference. */
  col: number;
  style: number;
  type: string;
  formula: boolean;
  /** The bytes of `<v>` and of `<is>` (-1 when absent). */
  v0: number;
  v1: number;
  is0: number;
  is1: number;
}

const newCellScan = (): CellScan => ({
  end: 0,
  empty: true,
  col: NO_REF,
  style: -1,
  type: '',
  formula: false,
  v0: -1,
  v1: -1,
  is0: -1,
  is1: -1,
});

/**
 * Scans the cell element starting at s[i] (`<c`) into `out`; false when it does not end within s (more
 * bytes are needed). Children in order: f, then v or is, then extLst; any other child is stepped over.
 */
function scanCell(s: Uint8Array, i: number, k: ByteTokens, out: CellScan): boolean {
  const gt = tagAttrs(s, i + k.c.length);
  if (gt < 0) return false;
  out.col = la.r0 < 0 ? NO_REF : colOfRef(s, la.r0, la.r1);
  out.style = la.s0 < 0 ? -1 : digitsAt(s, la.s0, la.s1);
  if (out.style < 0 && la.s0 >= 0) out.style = Number(textOf(s, la.s0, la.s1));
  out.type = la.t0 < 0 ? '' : typeOf(s, la.t0, la.t1);
  out.formula = false;
  out.v0 = out.v1 = out.is0 = out.is1 = -1;
  if (s[gt - 1] === 47 /* / */) {
    out.empty = true;
    out.end = gt + 1;
    return true;
  }
  out.empty = false;
  const pl = k.pl;
  let p = gt + 1;
  for (;;) {
    const lt = find(s, 60, p);
    if (lt < 0) return false;
    const g = find(s, 62, lt);
    if (g < 0) return false;
    if (s[lt + 1] === 47) {
      // An end tag: the cell's own ends it; a child's is stepped over.
      if (s[lt + 2 + pl] === 99 && (pl === 0 || startsAt(s, lt + 2, k.p)) && endsNameByte(s[lt + 3 + pl])) {
        out.end = g + 1;
        return true;
      }
      p = g + 1;
      continue;
    }
    const ours = pl === 0 || startsAt(s, lt + 1, k.p);
    const n1 = s[lt + 1 + pl];
    const self = s[g - 1] === 47;
    if (ours && n1 === 102 /* f */ && endsNameByte(s[lt + 2 + pl])) {
      // A shared formula's other cells hold only <f t="shared" si=".."/>; an empty <f/> is no formula.
      const typed = hasTypeAttr(s, lt + 2 + pl, g);
      if (self) {
        out.formula = out.formula || typed;
        p = g + 1;
      } else {
        // Half a sheet's bytes can be formula text: the native search skips it fastest.
        const e = seqAfterText(s, k.fClose, g + 1);
        if (e < 0) return false;
        out.formula = out.formula || typed || e > g + 1;
        p = e + k.fClose.length;
      }
    } else if (ours && n1 === 118 /* v */ && endsNameByte(s[lt + 2 + pl])) {
      if (self) p = g + 1;
      else {
        const e = indexOfSeq(s, k.vClose, g + 1);
        if (e < 0) return false;
        out.v0 = g + 1;
        out.v1 = e;
        p = e + k.vClose.length;
      }
    } else if (ours && n1 === 105 /* i */ && s[lt + 2 + pl] === 115 /* s */ && endsNameByte(s[lt + 3 + pl])) {
      if (self) {
        out.is0 = out.is1 = g + 1;
        p = g + 1;
      } else {
        const e = indexOfSeq(s, k.isClose, g + 1);
        if (e < 0) return false;
        out.is0 = g + 1;
        out.is1 = e;
        p = e + k.isClose.length;
      }
    } else p = g + 1;
  }
}

/** Value ranges of the one-letter attributes r, s and t of the start tag being read (-1 when absent). */
const la = { r0: -1, r1: -1, s0: -1, s1: -1, t0: -1, t1: -1 };

/**
 * One pass over a start tag from s[from] (just past its name): where its first `>` is (-1 when s ends
 * first), with the unprefixed one-letter attributes r, s and t read into `la`.
 */
function tagAttrs(s: Uint8Array, from: number): number {
  la.r0 = la.s0 = la.t0 = -1;
  const n = s.length;
  let i = from;
  let c = 0;
  // As Excel writes every tag: ` x="…"` attributes one after another, then `>` or `/>`. Read the
  // same as below, with fewer tests a byte; anything else goes on below from where this stopped.
  while (i + 4 < n) {
    c = s[i];
    if (c === 62) return i;
    if (c === 47 && s[i + 1] === 62) return i + 1;
    const one = s[i + 1];
    if (c !== 32 || s[i + 2] !== 61 || s[i + 3] !== 34 || one === 62 || one === 47 || one <= 32) break;
    let end = i + 4;
    while (end < n && (c = s[end]) !== 34 && c !== 62) end++;
    if (end >= n) return -1;
    if (c === 62) return end;
    keepAttr(one, i + 4, end);
    i = end + 1;
  }
  for (;;) {
    while (i < n && ((c = s[i]) === 32 || c === 9 || c === 10 || c === 13 || c === 47)) i++;
    if (i >= n) return -1;
    if (c === 62) return i;
    const nameStart = i;
    while (i < n && (c = s[i]) !== 61 && c !== 32 && c !== 9 && c !== 10 && c !== 13 && c !== 62) i++;
    if (i >= n) return -1;
    if (c === 62) return i;
    // Loaded whatever the name's length: this loop sees a one-letter name only in the rare tag the
    // loop above leaves to it, and a load V8 never saw run would throw the optimized code away then.
    const first = s[nameStart];
    const one = i - nameStart === 1 ? first : 0;
    while (i < n && (c = s[i]) !== 34 && c !== 39 && c !== 62) i++;
    if (i >= n) return -1;
    if (c === 62) return i;
    const quote = c;
    let end = i + 1;
    while (end < n && (c = s[end]) !== quote && c !== 62) end++;
    if (end >= n) return -1;
    // A `>` inside a value ends the tag there: the tag is read up to its first `>`.
    if (c === 62) return end;
    keepAttr(one, i + 1, end);
    i = end + 1;
  }
}

/**
 * Notes where the value of attribute r, s or t (`one`, its name's byte; 0 for a longer name) lies. One
 * function for both of tagAttrs's loops, so that what V8 learns from the first serves the second.
 */
function keepAttr(one: number, from: number, to: number): void {
  if (one === 114 /* r */) {
    la.r0 = from;
    la.r1 = to;
  } else if (one === 115 /* s */) {
    la.s0 = from;
    la.s1 = to;
  } else if (one === 116 /* t */) {
    la.t0 = from;
    la.t1 = to;
  }
}

/** The row (0-based) from a `<row>` start tag's `r`; -1 when it has none (the row after the last). */
function rowAttr(s: Uint8Array, from: number): number {
  tagAttrs(s, from);
  if (la.r0 < 0) return -1;
  const d = digitsAt(s, la.r0, la.r1);
  return (d >= 0 ? d : Number(unescapeXml(textOf(s, la.r0, la.r1)))) - 1;
}

/** A cell's `t`: the one-letter types without building a string each time. */
function typeOf(s: Uint8Array, from: number, to: number): string {
  if (to - from === 1) {
    switch (s[from]) {
      case 115:
        return 's';
      case 110:
        return 'n';
      case 98:
        return 'b';
      case 101:
        return 'e';
      case 100:
        return 'd';
    }
  }
  return textOf(s, from, to);
}

/** Whether a start tag s[from, gt) has a `t` attribute (as /\st\s*=/ would find). */
function hasTypeAttr(s: Uint8Array, from: number, gt: number): boolean {
  for (let i = from; i + 1 < gt; i++) {
    const c = s[i];
    if ((c === 32 || c === 9 || c === 10 || c === 13) && s[i + 1] === 116) {
      let j = i + 2;
      while (j < gt && (s[j] === 32 || s[j] === 9 || s[j] === 10 || s[j] === 13)) j++;
      if (s[j] === 61) return true;
    }
  }
  return false;
}

/** A table part's name (as Excel shows it) and its columns' names; null when it is no table. */
function tableHead(xml: string): { name: string; columns: string[] } | null {
  const tag = /<(?:\w+:)?table\b[^>]*>/.exec(xml);
  if (!tag) return null;
  const a = attrsOf(tag[0]);
  const columns: string[] = [];
  for (const c of xml.matchAll(/<(?:\w+:)?tableColumn\b[^>]*>/g)) columns.push(unescapeExcel(attrsOf(c[0]).name ?? ''));
  return { name: a.displayName ?? a.name ?? '', columns };
}

/**
 * Rows and lists of rows are made alike (arrays V8 knows as holey from the start), so the code filling
 * them sees one kind of array and its optimized code is not undone by another table's.
 */
const blankRow = (n: number): CellValue[] => new Array<CellValue>(n).fill('');

/**
 * A table's first `count` data rows (a row absent from the sheet's XML blank). A function of its own: V8
 * compiles its loop alone, not with the rest of snapshotOf (a first check of a big workbook waits for it).
 */
function bodyRows(lines: CellValue[][], count: number, width: number): CellValue[][] {
  const rows: CellValue[][] = new Array(count);
  for (let r = 0; r < count; r++) rows[r] = lines[r + 1] ?? blankRow(width);
  return rows;
}

function namedRow(names: string[], n: number): CellValue[] {
  const row = blankRow(n);
  for (let i = 0; i < n; i++) row[i] = names[i] ?? '';
  return row;
}

/** A list of lines starting with `first`, holey from the start (lines are filled as rows come). */
function firstLine<T>(first: T): T[] {
  const lines = new Array<T>(1);
  lines[0] = first;
  return lines;
}

const fmt = (n: number): string => n.toLocaleString('en-US');

function colOf(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + ((letters.charCodeAt(i) | 32) - 96);
  return n - 1;
}

/** The column of the cell reference s[from, to) ("AB12" → 27); -1 when it is not one, EXCEL_MAX_COLS past XFD. */
function colOfRef(s: Uint8Array, from: number, to: number): number {
  let n = 0;
  let i = from;
  for (; i < to; i++) {
    const ch = s[i] | 32;
    if (ch < 97 || ch > 122) break;
    n = n * 26 + (ch - 96);
  }
  if (i === from) return -1;
  return i - from > 3 ? EXCEL_MAX_COLS : n - 1;
}

/** An ISO 8601 date or date-time (`t="d"` cells) as an Excel 1900-system serial. */
function serialFromIsoDateTime(s: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?)?Z?$/.exec(s);
  if (!m) return null;
  const ms =
    Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), 0) +
    Number(m[6] ?? 0) * 1000;
  return ms / 86_400_000 + 25_569;
}

const beyondExcel = (what: string, zhWhat: string): XlsxReadError =>
  readError(
    `the workbook goes beyond Excel's own limits (${what}; Excel allows ${fmt(EXCEL_MAX_ROWS)} rows, ${fmt(EXCEL_MAX_COLS)} columns and ${fmt(EXCEL_MAX_CELL_CHARS)} characters a cell)`,
    `工作簿超出了 Excel 自身的限制（${zhWhat}；Excel 最多 ${fmt(EXCEL_MAX_ROWS)} 行、${fmt(EXCEL_MAX_COLS)} 列、每个单元格 ${fmt(EXCEL_MAX_CELL_CHARS)} 个字符）`,
  );

const oversized = (part: string, limit: number): XlsxReadError =>
  readError(
    `the workbook's part ${part} holds one element of more than ${fmt(limit)} characters, beyond any cell Excel can hold`,
    `工作簿的部件 ${part} 中有一个元素超过 ${fmt(limit)} 个字符，超出 Excel 单元格所能容纳`,
  );

const damagedPart = (part: string): XlsxReadError =>
  readError(
    `the workbook is damaged (${part} cannot be read): open it in Excel and save it again`,
    `工作簿已损坏（无法读取 ${part}）：请在 Excel 中打开并重新保存`,
  );

/**
 * Reads the pipeline's tables from .xlsx bytes into the engine's snapshot. Throws XlsxReadError (one line,
 * both languages) for a file it cannot or will not read.
 */
export async function readPipelineXlsx(
  bytes: Uint8Array | ArrayBuffer,
  options: ReadPipelineOptions = {},
): Promise<PipelineRead> {
  const u = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  return new Reader(u, limits, options.inflate).read(options.only, options.extraTables);
}
