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
  attrLocal,
  attrsOf,
  eachAttr,
  endsName,
  readProlog,
  stringItemText,
  unescapeExcel,
  unescapeXml,
} from './xml-text';
import { StopReading, ZipArchive, ZipEntry } from './zip';

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
  header: CellValue[];
  /** Data rows by body index; holes are blank rows. */
  rows: CellValue[][];
  /** Per body row, 1 where a cell holds a formula. */
  formulas: Uint8Array[];
  lastNonBlank: number;
}

/** Pending shared-string lookups: the array and slot to fill, and the entry number. */
interface Fixups {
  target: CellValue[][];
  col: number[];
  index: number[];
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
  private readonly fix: Fixups = { target: [], col: [], index: [] };

  constructor(bytes: Uint8Array, limits: ReadLimits) {
    sniff(bytes);
    this.zip = new ZipArchive(bytes);
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
    await this.zip.stream(entry, (chunk, consumed) => {
      if (!decoder) {
        const le = chunk[0] === 0xff && chunk[1] === 0xfe;
        const be = chunk[0] === 0xfe && chunk[1] === 0xff;
        decoder = new TextDecoder(le ? 'utf-16le' : be ? 'utf-16be' : 'utf-8');
      }
      // A zip bomb shows early: far more text out than any workbook's XML gives for the bytes read so far.
      inflated += chunk.length;
      if (inflated > this.limits.ratioFloor && inflated > consumed * this.limits.ratio) throw this.bomb(entry);
      const text = decoder.decode(chunk, { stream: true });
      this.xmlChars += text.length;
      if (this.xmlChars > this.limits.xmlChars) {
        throw tooBig(
          `more than ${fmt(this.limits.xmlChars)} characters of XML to read`,
          `需要读取的 XML 超过 ${fmt(this.limits.xmlChars)} 个字符`,
        );
      }
      give(text);
    });
    if (decoder && !stopped) {
      const rest = (decoder as TextDecoder).decode();
      if (rest) onText(rest);
    }
    return true;
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
      const t = this.tablePart(part.xml, part.sheet, schema, schema.name);
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
      const t = this.tablePart(part.xml, part.sheet, null, name);
      found.push(t);
      bySheet.set(part.path, [...(bySheet.get(part.path) ?? []), t]);
    }
    if (found.length > 0 && stylesPath) await this.styles(stylesPath);
    for (const [path, tables] of bySheet) await this.sheet(path, tables);
    if (this.fix.index.length > 0) await this.sharedStrings(sstPath);

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
          rows: t.lastNonBlank + 1,
        });
    }
    return { snapshot, tables: infos, sheets: sheets.map((s) => s.name), date1904: this.date1904 };
  }

  private tablePart(xml: string, sheet: string, schema: TableSchema | null, key: string): TableRead {
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
    const columnNames = tableHead(xml)!.columns;
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
      header: headerRows
        ? new Array<CellValue>(width).fill('')
        : Array.from({ length: width }, (_, i) => columnNames[i] ?? ''),
      rows: [],
      formulas: [],
      lastNonBlank: -1,
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

  /** Streams one worksheet, keeping the cells of its tables, up to the last table row. */
  private async sheet(path: string, tables: TableRead[]): Promise<void> {
    const lastRow = Math.max(...tables.map((t) => t.body1));
    const firstRow = Math.min(...tables.map((t) => (t.headerRow >= 0 ? t.headerRow : t.body0)));
    const limits = this.limits;
    let buf = '';
    let pos = 0;
    let tok: Tokens | null = null;
    let inData = false;
    let row = -1;
    let col = -1;
    let active: TableRead[] = [];

    const startRow = (tag: string): void => {
      let r = -1;
      eachAttr(tag, (k, v) => {
        if (k === 'r') r = Number(v) - 1;
      });
      row = r >= 0 ? r : row + 1;
      if (!(row >= 0 && row < EXCEL_MAX_ROWS))
        throw beyondExcel(`row ${fmt(row + 1)} in ${path}`, `${path} 中的第 ${fmt(row + 1)} 行`);
      if (row > lastRow) throw new StopReading();
      col = -1;
      active =
        row < firstRow ? [] : tables.filter((t) => row >= (t.headerRow >= 0 ? t.headerRow : t.body0) && row <= t.body1);
    };

    const run = (): void => {
      const s = buf;
      if (tok === null) {
        const pro = readProlog(s, path);
        if (!pro) return;
        tok = tokens(pro.prefix);
        pos = pro.at;
      }
      const k = tok;
      if (!inData) {
        const i = s.indexOf(k.sheetData, pos);
        if (i < 0) {
          pos = Math.max(pos, s.length - 32);
          return;
        }
        const gt = s.indexOf('>', i);
        if (gt < 0) {
          pos = i;
          return;
        }
        if (s.charCodeAt(gt - 1) === 47) throw new StopReading();
        inData = true;
        pos = gt + 1;
      }
      const pl = k.prefix.length;
      for (;;) {
        const i = s.indexOf('<', pos);
        if (i < 0) {
          pos = s.length;
          return;
        }
        if (i + pl + 6 >= s.length) {
          pos = i;
          return;
        }
        const c1 = s.charCodeAt(i + 1 + pl);
        if (c1 === 99 /* c */ && (pl === 0 || s.startsWith(k.c, i)) && endsName(s, i + k.c.length)) {
          const gt = s.indexOf('>', i);
          if (gt < 0) {
            pos = i;
            return;
          }
          const selfClosing = s.charCodeAt(gt - 1) === 47;
          let close = gt + 1;
          if (!selfClosing) {
            const e = s.indexOf(k.cClose, gt);
            if (e < 0) {
              pos = i;
              return;
            }
            close = e + k.cClose.length;
          }
          if (++this.scanned > limits.scannedCells) {
            throw tooBig(
              `more than ${fmt(limits.scannedCells)} cells to scan in the sheets holding the tables`,
              `表所在工作表中需要扫描的单元格超过 ${fmt(limits.scannedCells)} 个`,
            );
          }
          cellAttrs(s, i + k.c.length, gt);
          const c = attr.col >= 0 ? attr.col : attr.col === NO_REF ? col + 1 : -1;
          if (!(c >= 0 && c < EXCEL_MAX_COLS))
            throw beyondExcel(`a cell beyond column XFD in ${path}`, `${path} 中超出 XFD 列的单元格`);
          col = c;
          if (!selfClosing) {
            for (const t of active) {
              if (c < t.c0 || c > t.c1) continue;
              this.cell(t, row, c - t.c0, s, gt + 1, close - k.cClose.length, attr.type, attr.style, k);
            }
          }
          pos = close;
          continue;
        }
        if (c1 === 114 /* r */ && s.startsWith(k.row, i) && endsName(s, i + k.row.length)) {
          const gt = s.indexOf('>', i);
          if (gt < 0) {
            pos = i;
            return;
          }
          startRow(s.slice(i, gt + 1));
          pos = gt + 1;
          continue;
        }
        if (s.startsWith(k.sheetDataClose, i)) throw new StopReading();
        if (s.startsWith('<!--', i)) {
          const e = s.indexOf('-->', i);
          if (e < 0) {
            pos = i;
            return;
          }
          pos = e + 3;
          continue;
        }
        const gt = s.indexOf('>', i);
        if (gt < 0) {
          pos = i;
          return;
        }
        pos = gt + 1;
      }
    };

    await this.streamPart(path, (text) => {
      buf = pos < buf.length ? buf.slice(pos) + text : text;
      pos = 0;
      run();
      if (buf.length - pos > limits.elementChars) throw oversized(path, limits.elementChars);
    });
  }

  /**
   * One kept cell, its content s[from, to): the value as Office.js's Range.values gives it, and whether
   * the cell holds a formula. Children in order: f, then v or is, then extLst.
   */
  private cell(
    t: TableRead,
    row: number,
    c: number,
    s: string,
    from: number,
    to: number,
    type: string,
    style: number,
    k: Tokens,
  ): void {
    let formula = false;
    let v0 = -1;
    let v1 = -1;
    let is0 = -1;
    let is1 = -1;
    let i = from;
    while (i < to) {
      const lt = s.indexOf('<', i);
      if (lt < 0 || lt >= to) break;
      const gt = s.indexOf('>', lt);
      if (gt < 0 || gt >= to) break;
      const self = s.charCodeAt(gt - 1) === 47;
      if (s.startsWith(k.f, lt) && endsName(s, lt + k.f.length)) {
        // A shared formula's other cells hold only <f t="shared" si=".."/>; an empty <f/> is no formula.
        const typed = /\st\s*=/.test(s.slice(lt, gt));
        if (self) {
          formula = formula || typed;
          i = gt + 1;
        } else {
          // The formula's text can be long: find its end from the back (only <v> and extLst follow).
          const e = s.lastIndexOf(k.fClose, to);
          formula = formula || typed || e > gt + 1;
          i = e < gt ? to : e + k.fClose.length;
        }
      } else if (s.startsWith(k.v, lt) && endsName(s, lt + k.v.length)) {
        if (self) i = gt + 1;
        else {
          const e = s.indexOf(k.vClose, gt);
          v0 = gt + 1;
          v1 = e < 0 || e > to ? to : e;
          i = v1 + k.vClose.length;
        }
      } else if (s.startsWith(k.is, lt) && endsName(s, lt + k.is.length)) {
        const e = self ? gt + 1 : s.indexOf(k.isClose, gt);
        is0 = gt + 1;
        is1 = e < 0 || e > to ? to : e;
        i = is1 + 1;
      } else i = gt + 1;
    }

    let target: CellValue[];
    if (row === t.headerRow) target = t.header;
    else {
      const bi = row - t.body0;
      target = t.rows[bi];
      if (!target) {
        this.cells += t.width;
        if (this.cells > this.limits.cells)
          throw tooBig(
            `its tables hold more than ${fmt(this.limits.cells)} cells`,
            `表中的单元格超过 ${fmt(this.limits.cells)} 个`,
          );
        target = t.rows[bi] = new Array<CellValue>(t.width).fill('');
      }
      if (formula) (t.formulas[bi] ??= new Uint8Array(t.width))[c] = 1;
      if (bi > t.lastNonBlank) t.lastNonBlank = bi;
    }
    let v: CellValue = '';
    if (type === 'inlineStr') {
      v = is0 >= 0 ? stringItemText(s.slice(is0, is1), k.prefix) : '';
      this.keepText(v);
    } else if (v0 >= 0) {
      const raw = s.slice(v0, v1);
      switch (type) {
        case 's': {
          const idx = Number(raw);
          if (Number.isInteger(idx) && idx >= 0) {
            this.fix.target.push(target);
            this.fix.col.push(c);
            this.fix.index.push(idx);
          }
          break;
        }
        case 'str':
          v = unescapeExcel(unescapeXml(raw));
          this.keepText(v);
          break;
        case 'b':
          v = raw === '' ? '' : parseInt(raw, 10) !== 0;
          break;
        case 'e':
          v = unescapeXml(raw).trim();
          break;
        case 'd':
          v = serialFromIsoDateTime(raw.trim()) ?? raw.trim();
          break;
        default: {
          if (raw.trim() === '') break;
          const n = parseFloat(raw);
          if (!Number.isFinite(n)) v = raw;
          else v = this.date1904 && style >= 0 && this.dateStyles[style] === 1 ? n + 1462 : n;
        }
      }
    }
    target[c] = v;
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

  /** Streams the shared strings, keeping only the entries kept cells refer to, and stops after the last. */
  private async sharedStrings(path: string | undefined): Promise<void> {
    const { target, col, index } = this.fix;
    let max = 0;
    for (const i of index) if (i > max) max = i;
    if (max >= this.limits.sharedStrings) {
      throw tooBig(
        `a cell refers to shared string #${fmt(max + 1)}, beyond the ${fmt(this.limits.sharedStrings)} the reader holds`,
        `某单元格引用了第 ${fmt(max + 1)} 个共享字符串，超过可处理的 ${fmt(this.limits.sharedStrings)} 个`,
      );
    }
    const need = new Uint8Array(max + 1);
    for (const i of index) need[i] = 1;
    const strings = new Map<number, string>();
    let buf = '';
    let pos = 0;
    let prefix: string | null = null;
    let n = 0;
    let open = '';
    let close = '';
    const run = (): void => {
      const s = buf;
      if (prefix === null) {
        const pro = readProlog(s, path!);
        if (!pro) return;
        prefix = pro.prefix;
        open = `<${prefix}si`;
        close = `</${prefix}si>`;
        pos = pro.at + 1;
      }
      for (;;) {
        const i = s.indexOf(open, pos);
        if (i < 0) {
          pos = Math.max(pos, s.length - open.length);
          return;
        }
        if (i + open.length >= s.length) {
          pos = i;
          return;
        }
        if (!endsName(s, i + open.length)) {
          pos = i + open.length;
          continue;
        }
        let end: number;
        let text = '';
        const gt = s.indexOf('>', i);
        if (gt < 0) {
          pos = i;
          return;
        }
        if (s.charCodeAt(gt - 1) === 47) end = gt + 1;
        else {
          const e = s.indexOf(close, gt);
          if (e < 0) {
            pos = i;
            return;
          }
          end = e + close.length;
          if (need[n] === 1) text = stringItemText(s.slice(gt + 1, e), prefix);
        }
        if (need[n] === 1) {
          this.keepText(text);
          strings.set(n, text);
        }
        n++;
        pos = end;
        if (n > max) throw new StopReading();
      }
    };
    if (path) {
      await this.streamPart(path, (text) => {
        buf = pos < buf.length ? buf.slice(pos) + text : text;
        pos = 0;
        run();
        if (buf.length - pos > this.limits.elementChars) throw oversized(path, this.limits.elementChars);
      });
    }
    for (let k = 0; k < index.length; k++) target[k][col[k]] = strings.get(index[k]) ?? '';
    this.fix.target = [];
    this.fix.col = [];
    this.fix.index = [];
  }

  private snapshotOf(t: TableRead): TableSnapshot {
    const n = t.lastNonBlank + 1;
    // Trailing rows without a value are left out (a table may run to row 1,048,576).
    let last = -1;
    for (let r = n - 1; r >= 0; r--) {
      const row = t.rows[r];
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
    const rows: CellValue[][] = new Array(count);
    for (let r = 0; r < count; r++) rows[r] = t.rows[r] ?? new Array<CellValue>(t.width).fill('');
    const topRow = t.headerRow >= 0 ? t.headerRow : t.body0 - 1;
    const topLeft = cellA1(topRow, t.c0);
    if (!t.schema) return { name: t.displayName, sheet: t.sheet, topLeft, headers: t.header, rows };
    // Formulas as the Office.js reader reports them: for computed columns '=' or '', null elsewhere.
    const computed = t.schema.columns
      .filter((c) => c.type === 'computed')
      .map((c) => t.header.findIndex((h) => headerMatches(c, h) !== null))
      .filter((i) => i >= 0);
    const formulas: (string | null)[][] = new Array(count);
    for (let r = 0; r < count; r++) {
      const f = t.formulas[r];
      const line: (string | null)[] = new Array(t.width).fill(null);
      for (const c of computed) line[c] = f && f[c] === 1 ? '=' : '';
      formulas[r] = line;
    }
    return { name: t.displayName, sheet: t.sheet, topLeft, headers: t.header, rows, formulas };
  }
}

/** Element names with the part's namespace prefix ('' or 'x:'). */
interface Tokens {
  prefix: string;
  sheetData: string;
  sheetDataClose: string;
  row: string;
  c: string;
  cClose: string;
  f: string;
  fClose: string;
  v: string;
  vClose: string;
  is: string;
  isClose: string;
}

const tokens = (p: string): Tokens => ({
  prefix: p,
  sheetData: `<${p}sheetData`,
  sheetDataClose: `</${p}sheetData`,
  row: `<${p}row`,
  c: `<${p}c`,
  cClose: `</${p}c>`,
  f: `<${p}f`,
  fClose: `</${p}f>`,
  v: `<${p}v`,
  vClose: `</${p}v>`,
  is: `<${p}is`,
  isClose: `</${p}is>`,
});

const NO_REF = -2;
/** The attributes of the cell start tag being read (one at a time; no allocation per cell). */
const attr = { col: NO_REF, style: -1, type: '' };

/** Reads r (its column), s and t from a cell's start tag s[from, gt). */
function cellAttrs(s: string, from: number, gt: number): void {
  attr.col = NO_REF;
  attr.style = -1;
  attr.type = '';
  let i = from;
  while (i < gt) {
    let c = s.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 47) {
      i++;
      continue;
    }
    const nameStart = i;
    while (i < gt && (c = s.charCodeAt(i)) !== 61 /* = */ && c !== 32 && c !== 9 && c !== 10 && c !== 13) i++;
    const nameLen = i - nameStart;
    const one = nameLen === 1 ? s.charCodeAt(nameStart) : 0;
    while (i < gt && s.charCodeAt(i) !== 34 && s.charCodeAt(i) !== 39) i++;
    const q = s.charCodeAt(i);
    const end = s.indexOf(q === 34 ? '"' : "'", i + 1);
    if (end < 0 || end > gt) return;
    if (one === 114 /* r */) attr.col = colOfRef(s, i + 1, end);
    else if (one === 115 /* s */) attr.style = Number(s.slice(i + 1, end));
    else if (one === 116 /* t */) attr.type = s.slice(i + 1, end);
    i = end + 1;
  }
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

const fmt = (n: number): string => n.toLocaleString('en-US');

function colOf(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + ((letters.charCodeAt(i) | 32) - 96);
  return n - 1;
}

/** The column of the cell reference s[from, to) ("AB12" → 27); -1 when it is not one, EXCEL_MAX_COLS past XFD. */
function colOfRef(s: string, from: number, to: number): number {
  let n = 0;
  let i = from;
  for (; i < to; i++) {
    const ch = s.charCodeAt(i) | 32;
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
  return new Reader(u, limits).read(options.only, options.extraTables);
}
