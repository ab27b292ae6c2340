/**
 * .xlsx export written straight as SpreadsheetML, for a workbook of values: cells (no formulas), their
 * number formats and fonts, column widths, frozen panes, tables and native charts (charts.ts) — what the
 * directors' roll-up holds. ExcelJS builds an object per cell and takes seconds on a roll-up of 10,000
 * projects; this writes each sheet as one string. A model with anything else (formulas, validation,
 * conditional formats, defined names, print settings…) is refused: export it with exportXlsx. The zip is
 * written here too, with Node's zlib (JSZip's JavaScript deflate took most of the time). CLI only.
 */
import * as zlib from 'zlib';
import { colLetters, rectA1 } from '../memory/address';
import type { MemoryWorkbook } from '../memory';
import { isErrorValue } from '../memory/format';
import { Cell, SheetModel, TableModel, WorkbookModel } from '../memory/model';
import { decimalDigits } from '../../engine/json-size';
import { addChartParts, PartStore } from './charts';
import { NS_R, pointsToChars, relationshipsXml, XML_PROLOG as PROLOG, xmlEscape } from './xml';

const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_CT = 'http://schemas.openxmlformats.org/package/2006/content-types';
const CT = 'application/vnd.openxmlformats-officedocument.spreadsheetml';

/** What this writer cannot write, in one line; null when it can write the whole model. */
export function plainExportRefusal(model: WorkbookModel): string | null {
  if (model.names.length) return 'defined names';
  for (const sheet of model.sheets) {
    const at = `sheet ${sheet.name}`;
    if (sheet.dvs.length) return `${at}: data validation`;
    if (sheet.cfs.length) return `${at}: conditional formats`;
    if (sheet.colStyle.size) return `${at}: column formats`;
    if (sheet.rowHeight.size) return `${at}: row heights`;
    if (sheet.visibility !== 'Visible' || sheet.tabColor) return `${at}: visibility or tab colour`;
    const p = sheet.page;
    if (p.orientation !== 'Portrait' || p.paperSize !== 'Letter' || p.printTitleRows || !('scale' in p.zoom))
      return `${at}: print settings`;
    if (p.zoom.scale !== 100) return `${at}: print settings`;
    let refusal = '';
    sheet.cells.someCell((cell) => {
      if (cell.f !== undefined) refusal = 'formulas';
      else if (cell.fontName || cell.fontSize || cell.wrap || cell.hAlign || cell.vAlign) refusal = 'cell layout';
      return refusal !== '';
    });
    if (refusal) return `${at}: ${refusal}`;
  }
  for (const t of model.tables) if (!t.showHeaders || t.showTotals) return `table ${t.name}: header or total row`;
  return null;
}

/** Text as XML character data: escaped, and characters XML 1.0 cannot hold written as Excel's _xHHHH_. */
function xmlText(s: string): string {
  let out = xmlEscape(s);
  // A literal _xHHHH_ in the text is itself escaped (its underscore as _x005F_), as Excel does.
  if (out.includes('_x')) out = out.replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(out))
    // eslint-disable-next-line no-control-regex
    out = out.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, (c) => {
      return `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`;
    });
  return out;
}

/** Built-in number formats (ECMA-376 §18.8.30) that need no <numFmt>. */
const BUILTIN_FORMATS: Record<string, number> = {
  General: 0,
  '0': 1,
  '0.00': 2,
  '#,##0': 3,
  '#,##0.00': 4,
  '0%': 9,
  '0.00%': 10,
  '0.00E+00': 11,
  '@': 49,
};

/** The styles part, built as cells ask for their formats and fonts. */
class Styles {
  private readonly formats = new Map<string, number>();
  private readonly fonts = new Map<string, number>([['', 0]]);
  private readonly fills = new Map<string, number>([
    ['none', 0],
    ['gray125', 1],
  ]);
  private readonly xfs = new Map<string, number>([['0|0|0', 0]]);
  private readonly xfList: string[] = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'];
  /** Style index of a cell, cached per distinct style (a roll-up has a handful). */
  private readonly byKey = new Map<string, number>();
  /** The same for a cell whose only style is its number format (most cells), found without a key. */
  private readonly byFormat = new Map<string, number>();

  of(cell: Cell): number {
    const plain = !cell.bold && !cell.italic && !cell.fill && !cell.fontColor;
    if (plain) {
      if (!cell.nf) return 0;
      const s = this.byFormat.get(cell.nf);
      if (s !== undefined) return s;
    }
    const key = `${cell.nf ?? ''}\u0000${cell.bold ? 1 : 0}${cell.italic ? 1 : 0}\u0000${cell.fill ?? ''}\u0000${cell.fontColor ?? ''}`;
    let s = this.byKey.get(key);
    if (s !== undefined) return s;
    const nf = cell.nf && cell.nf !== 'General' ? this.formatId(cell.nf) : 0;
    const fontKey = `${cell.bold ? 'b' : ''}${cell.italic ? 'i' : ''}|${cell.fontColor ?? ''}`;
    const font = fontKey === '|' ? 0 : this.index(this.fonts, fontKey);
    const fill = cell.fill ? this.index(this.fills, cell.fill) : 0;
    const xfKey = `${nf}|${font}|${fill}`;
    s = this.xfs.get(xfKey);
    if (s === undefined) {
      s = this.xfList.length;
      this.xfs.set(xfKey, s);
      this.xfList.push(
        `<xf numFmtId="${nf}" fontId="${font}" fillId="${fill}" borderId="0" xfId="0"` +
          `${nf ? ' applyNumberFormat="1"' : ''}${font ? ' applyFont="1"' : ''}${fill ? ' applyFill="1"' : ''}/>`,
      );
    }
    this.byKey.set(key, s);
    if (plain) this.byFormat.set(cell.nf!, s);
    return s;
  }

  private formatId(code: string): number {
    const builtin = BUILTIN_FORMATS[code];
    if (builtin !== undefined) return builtin;
    let id = this.formats.get(code);
    if (id === undefined) this.formats.set(code, (id = 164 + this.formats.size));
    return id;
  }

  private index(map: Map<string, number>, key: string): number {
    let i = map.get(key);
    if (i === undefined) map.set(key, (i = map.size));
    return i;
  }

  xml(): string {
    const argb = (hex: string): string => `FF${hex.replace('#', '').toUpperCase()}`;
    const fonts = [...this.fonts.keys()].map((k) => {
      const [flags, color] = k.split('|');
      return (
        `<font>${flags.includes('b') ? '<b/>' : ''}${flags.includes('i') ? '<i/>' : ''}<sz val="11"/>` +
        `${color ? `<color rgb="${argb(color)}"/>` : '<color theme="1"/>'}<name val="Calibri"/><family val="2"/><scheme val="minor"/></font>`
      );
    });
    const fills = [...this.fills.keys()].map((k) =>
      k === 'none' || k === 'gray125'
        ? `<fill><patternFill patternType="${k}"/></fill>`
        : `<fill><patternFill patternType="solid"><fgColor rgb="${argb(k)}"/><bgColor indexed="64"/></patternFill></fill>`,
    );
    const numFmts = [...this.formats].map(([code, id]) => `<numFmt numFmtId="${id}" formatCode="${xmlEscape(code)}"/>`);
    return (
      `${PROLOG}<styleSheet xmlns="${NS_MAIN}">` +
      (numFmts.length ? `<numFmts count="${numFmts.length}">${numFmts.join('')}</numFmts>` : '') +
      `<fonts count="${fonts.length}">${fonts.join('')}</fonts>` +
      `<fills count="${fills.length}">${fills.join('')}</fills>` +
      `<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
      `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
      `<cellXfs count="${this.xfList.length}">${this.xfList.join('')}</cellXfs>` +
      `<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
      `<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>` +
      `</styleSheet>`
    );
  }
}

/** The shared strings part: each distinct text once. */
class SharedStrings {
  private readonly index = new Map<string, number>();
  private readonly items: string[] = [];
  count = 0;

  /** A reference to the text of index i again. */
  again(i: number): number {
    this.count++;
    return i;
  }

  of(s: string): number {
    this.count++;
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.items.length;
      this.index.set(s, i);
      // No xml:space="preserve": ISO/IEC 29500-4 gives <t> no attributes (an XML parser keeps the spaces anyway).
      this.items.push(`<si><t>${xmlText(s)}</t></si>`);
    }
    return i;
  }

  xml(): string {
    return `${PROLOG}<sst xmlns="${NS_MAIN}" count="${this.count}" uniqueCount="${this.items.length}">${this.items.join('')}</sst>`;
  }
}

/**
 * A growing buffer of bytes for a sheet's cells. The cells' markup is ASCII (references, style and
 * shared-string indexes, numbers), so it is written byte by byte, without a string per cell.
 */
class AsciiBytes {
  buf: Uint8Array;
  n = 0;

  /** `front` bytes are left free at the start, for what is known only after the rest (a sheet's head). */
  constructor(size: number, front = 0) {
    this.buf = new Uint8Array(Math.max(1024, front + size));
    this.n = front;
  }

  room(k: number): void {
    if (this.n + k <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.n + k));
    next.set(this.buf.subarray(0, this.n));
    this.buf = next;
  }

  /** ASCII text (markup, or a number as JavaScript writes it). */
  text(s: string): void {
    this.room(s.length);
    const b = this.buf;
    let n = this.n;
    for (let i = 0; i < s.length; i++) b[n++] = s.charCodeAt(i);
    this.n = n;
  }

  /** The first k bytes of x. */
  some(x: Uint8Array, k: number): void {
    this.room(k);
    const b = this.buf;
    let n = this.n;
    for (let i = 0; i < k; i++) b[n++] = x[i];
    this.n = n;
  }

  bytes(x: Uint8Array): void {
    this.room(x.length);
    // A loop: most pieces are a few bytes, where TypedArray.set costs more than it copies.
    const b = this.buf;
    let n = this.n;
    for (let i = 0; i < x.length; i++) b[n++] = x[i];
    this.n = n;
  }

  /** A whole number ≥ 0 below 2^53, in decimal: what `${n}` gives, without the string. */
  natural(v: number): void {
    if (v < 10) {
      this.room(1);
      this.buf[this.n++] = 48 + v;
      return;
    }
    const digits = decimalDigits(v);
    this.room(digits);
    const b = this.buf;
    let x = v;
    for (let i = this.n + digits - 1; i >= this.n; i--) {
      const d = x % 10;
      b[i] = 48 + d;
      x = (x - d) / 10;
    }
    this.n += digits;
  }

  /** A finite number as `${v}` writes it (-0 as "0"). */
  number(v: number): void {
    if (!Number.isSafeInteger(v)) this.text(String(v));
    else if (v >= 0) this.natural(v);
    else {
      this.text('-');
      this.natural(-v);
    }
  }

  /** Text that may be other than ASCII, as UTF-8. */
  utf8(s: string): void {
    this.bytes(Buffer.from(s, 'utf8'));
  }
}

const ascii = (s: string): Uint8Array => Buffer.from(s, 'latin1');

/** A whole number ≥ 1 below 2^31 (a row's number) in decimal digits at the start of `into`; their count. */
function decimal(v: number, into: Uint8Array): number {
  const k = decimalDigits(v);
  for (let i = k - 1, x = v; i >= 0; i--, x = (x / 10) | 0) into[i] = 48 + (x % 10);
  return k;
}
const C_EMPTY = ascii('"/>');
const C_NUM_ERROR = ascii('" t="e"><v>#NUM!</v></c>');
const C_BOOL = ascii('" t="b"><v>');
const C_ERROR = ascii('" t="e"><v>');
const C_CLOSE = ascii('</v></c>');
const ROW_OPEN = ascii('<row r="');
const ROW_CLOSE = ascii('</row>');
const TAG_END = ascii('">');

/**
 * The pieces of a sheet's cell elements that repeat, made once: `<c r="` with a column's letters, a
 * row's number, and per style index the rest of the start tag of a number or shared-string cell.
 */
class CellPieces {
  private readonly columns: Uint8Array[] = [];
  private readonly styles: Uint8Array[] = [];
  private readonly numbers: Uint8Array[] = [];
  private readonly strings: Uint8Array[] = [];
  /** Per column, the last text written and its shared-string index (a third of a roll-up's texts repeat the one above). */
  readonly lastText: (string | undefined)[] = [];
  readonly lastIndex: number[] = [];

  /** `<c r="` and the column's letters. */
  column(c: number): Uint8Array {
    return (this.columns[c] ??= ascii(`<c r="${colLetters(c)}`));
  }

  /** What follows the reference when the cell's style index is s: `" s="s` (nothing for 0). */
  style(s: number): Uint8Array {
    return (this.styles[s] ??= ascii(s ? `" s="${s}` : ''));
  }

  /** The rest of a number cell's start tag, to `<v>`. */
  number(s: number): Uint8Array {
    return (this.numbers[s] ??= ascii(`${s ? `" s="${s}` : ''}"><v>`));
  }

  /** The rest of a shared-string cell's start tag, to `<v>`. */
  string(s: number): Uint8Array {
    return (this.strings[s] ??= ascii(`${s ? `" s="${s}` : ''}" t="s"><v>`));
  }
}

/**
 * One cell element (ECMA-376 §18.3.1.4) of a non-empty value or a styled cell, after its `<c r="A1`:
 * value by type, style index `s` when styled.
 */
function cellXml(
  out: AsciiBytes,
  c: number,
  v: Cell['v'],
  s: number,
  pieces: CellPieces,
  strings: SharedStrings,
): void {
  if (typeof v === 'number') {
    if (Number.isFinite(v)) {
      out.bytes(pieces.number(s));
      out.number(v);
      out.bytes(C_CLOSE);
    } else {
      out.bytes(pieces.style(s));
      out.bytes(C_NUM_ERROR);
    }
  } else if (v === null || v === '') {
    out.bytes(pieces.style(s));
    out.bytes(C_EMPTY);
  } else if (typeof v === 'boolean') {
    out.bytes(pieces.style(s));
    out.bytes(C_BOOL);
    out.natural(v ? 1 : 0);
    out.bytes(C_CLOSE);
  } else if (isErrorValue(v)) {
    out.bytes(pieces.style(s));
    out.bytes(C_ERROR);
    out.utf8(xmlEscape(v.error));
    out.bytes(C_CLOSE);
  } else {
    out.bytes(pieces.string(s));
    const text = String(v);
    let i: number;
    if (text === pieces.lastText[c]) i = strings.again(pieces.lastIndex[c]);
    else {
      i = strings.of(text);
      pieces.lastText[c] = text;
      pieces.lastIndex[c] = i;
    }
    out.natural(i);
    out.bytes(C_CLOSE);
  }
}

/** A worksheet part: its markup around the cells as text, the cells (most of its bytes) as bytes. */
function sheetXml(
  sheet: SheetModel,
  tables: TableModel[],
  tableIds: number[],
  active: boolean,
  styles: Styles,
  strings: SharedStrings,
): Uint8Array {
  const cells = sheet.cells;
  // Room for the head (its <col> elements are ~60 bytes each) before the cells, ~30 bytes each: one
  // buffer, never grown nor copied (a roll-up's sheet is 11 MB).
  const front = 1024 + 100 * sheet.colWidth.size;
  const out = new AsciiBytes(cells.size * 40, front);
  let r0 = Infinity;
  let c0 = Infinity;
  let r1 = -1;
  let c1 = -1;
  const pieces = new CellPieces();
  // The store gives rows in order and each row's cells in column order; a cell with neither value nor
  // style is left out, and a row with none of those too.
  // A row's number once in digits, copied into each of its cells' references.
  const digits = new Uint8Array(16);
  cells.forEachRow((row, r) => {
    let n = 0;
    for (let c = 0; c < row.length; c++) {
      const cell = row[c];
      if (cell === undefined) continue;
      const s = styles.of(cell);
      const v = cell.v;
      if ((v === null || v === '') && !s) continue;
      if (n === 0) {
        n = decimal(r + 1, digits);
        out.bytes(ROW_OPEN);
        out.some(digits, n);
        out.bytes(TAG_END);
      }
      out.bytes(pieces.column(c));
      out.some(digits, n);
      cellXml(out, c, v, s, pieces, strings);
      if (c < c0) c0 = c;
      if (c > c1) c1 = c;
    }
    if (n !== 0) {
      out.bytes(ROW_CLOSE);
      if (r < r0) r0 = r;
      r1 = r;
    }
  });
  const dimension = r1 >= 0 ? rectA1({ r0, c0, r1, c1 }) : 'A1';
  const { rows: fr, cols: fc } = sheet.freeze;
  let pane = '';
  if (fr || fc) {
    const activePane = fr && fc ? 'bottomRight' : fr ? 'bottomLeft' : 'topRight';
    pane =
      `<pane${fc ? ` xSplit="${fc}"` : ''}${fr ? ` ySplit="${fr}"` : ''} topLeftCell="${colLetters(fc)}${fr + 1}"` +
      ` activePane="${activePane}" state="frozen"/><selection pane="${activePane}"/>`;
  }
  const widths = [...sheet.colWidth].sort((a, b) => a[0] - b[0]);
  const cols = widths.length
    ? `<cols>${widths.map(([c, w]) => `<col min="${c + 1}" max="${c + 1}" width="${pointsToChars(w)}" customWidth="1"/>`).join('')}</cols>`
    : '';
  const tableParts = tables.length
    ? `<tableParts count="${tables.length}">${tableIds.map((_, i) => `<tablePart r:id="rIdTable${i + 1}"/>`).join('')}</tableParts>`
    : '';
  const head = Buffer.from(
    `${PROLOG}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_R}"><dimension ref="${dimension}"/>` +
      `<sheetViews><sheetView${active ? ' tabSelected="1"' : ''} workbookViewId="0">${pane}</sheetView></sheetViews>` +
      `<sheetFormatPr defaultRowHeight="15"/>${cols}<sheetData>`,
    'utf8',
  );
  const tail = Buffer.from(
    `</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>${tableParts}</worksheet>`,
    'utf8',
  );
  out.bytes(tail);
  if (head.length <= front) {
    out.buf.set(head, front - head.length);
    return out.buf.subarray(front - head.length, out.n);
  }
  const part = new Uint8Array(head.length + out.n - front);
  part.set(head, 0);
  part.set(out.buf.subarray(front, out.n), head.length);
  return part;
}

function tableXml(t: TableModel, id: number): string {
  const ref = rectA1(t.rect);
  const columns = t.columns.map((c, i) => `<tableColumn id="${i + 1}" name="${xmlEscape(c.name)}"/>`).join('');
  return (
    `${PROLOG}<table xmlns="${NS_MAIN}" id="${id}" name="${xmlEscape(t.name)}" displayName="${xmlEscape(t.name)}" ref="${ref}" totalsRowShown="0">` +
    `<autoFilter ref="${ref}"/><tableColumns count="${t.columns.length}">${columns}</tableColumns>` +
    `<tableStyleInfo name="${xmlEscape(t.style || 'TableStyleMedium2')}" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/></table>`
  );
}

/** A .rels part whose relationship types are Office document ones, named by their last segment (`worksheet`). */
const rels = (items: { id: string; type: string; target: string }[]): string =>
  relationshipsXml(items.map((r) => ({ ...r, type: `${NS_R}/${r.type}` })));

/** CRC-32 of the zip format (zlib.crc32 from Node 20.15; a table otherwise). */
const crc32: (data: Uint8Array) => number =
  typeof (zlib as { crc32?: unknown }).crc32 === 'function'
    ? (data) => zlib.crc32(data) >>> 0
    : (() => {
        const table = new Uint32Array(256);
        for (let n = 0; n < 256; n++) {
          let c = n;
          for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
          table[n] = c >>> 0;
        }
        return (data: Uint8Array): number => {
          let c = 0xffffffff;
          for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]) & 0xff] ^ (c >>> 8);
          return (c ^ 0xffffffff) >>> 0;
        };
      })();

/**
 * zlib's options for a part: its output in one or two buffers (16 KiB ones by default: a roll-up's sheet
 * came back in 120 pieces, each a callback on this thread). The bytes do not depend on the buffer size.
 */
const deflateOptions = (data: Uint8Array, level: number): zlib.ZlibOptions => ({
  level,
  chunkSize: Math.max(zlib.constants.Z_DEFAULT_CHUNK, Math.min(data.length >> 1, 1 << 22)),
});

/** A part deflated on libuv's thread pool (the same bytes as deflateRawSync) while this thread goes on. */
function deflateAside(data: Uint8Array, level: number): Promise<Buffer> {
  const packed = new Promise<Buffer>((done, fail) =>
    zlib.deflateRaw(data, deflateOptions(data, level), (error, out) => (error ? fail(error) : done(out))),
  );
  packed.catch(() => undefined); // awaited by zipPackage; an export that fails before then leaves it
  return packed;
}

/**
 * A zip package of the parts (deflated, no zip64: a roll-up is far below 4 GB), in the order given;
 * `early` holds the parts already being deflated.
 */
async function zipPackage(
  parts: Map<string, string | Uint8Array>,
  level: number,
  early: Map<string, Promise<Buffer>>,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of parts) {
    const data = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    const aside = early.get(name);
    const packed = aside ? await aside : zlib.deflateRawSync(data, deflateOptions(data, level));
    const crc = crc32(data);
    const fileName = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0x0800, 6); // names in UTF-8
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(0, 10); // time
    local.writeUInt16LE(0x21, 12); // date: 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    local.writeUInt16LE(0, 28);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    local.copy(dir, 8, 6, 30); // flags, method, time, date, crc, sizes, name length, extra length
    dir.writeUInt32LE(offset, 42);
    central.push(dir, fileName);
    chunks.push(local, fileName, packed);
    offset += local.length + fileName.length + packed.length;
  }
  const dirBytes = central.reduce((a, b) => a + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.size, 8);
  end.writeUInt16LE(parts.size, 10);
  end.writeUInt32LE(dirBytes, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...central, end]);
}

/**
 * Writes the model as an .xlsx package; throws when it holds what only exportXlsx writes. Deflate level 1
 * by default: a quarter of level 6's time on a roll-up of 10,000 projects, for a file a third larger.
 */
export async function exportPlainXlsx(wb: MemoryWorkbook, options: { level?: number } = {}): Promise<Buffer> {
  const model = wb.model;
  const refusal = plainExportRefusal(model);
  if (refusal) throw new Error(`exportPlainXlsx cannot write ${refusal}; use exportXlsx`);
  // Worksheets as bytes (sheetXml), the other parts as text.
  const files = new Map<string, string | Uint8Array>();
  const zip: PartStore = {
    read: (path) => {
      const part = files.get(path);
      return Promise.resolve(
        part === undefined ? null : typeof part === 'string' ? part : Buffer.from(part).toString('utf8'),
      );
    },
    write: (path, text) => {
      files.set(path, text);
    },
  };
  const level = options.level ?? 1;
  const early = new Map<string, Promise<Buffer>>();
  // [Content_Types].xml first, as Office writes it; its text is set once the charts are in.
  zip.write('[Content_Types].xml', '');
  const styles = new Styles();
  const strings = new SharedStrings();
  const overrides: string[] = [`<Override PartName="/xl/workbook.xml" ContentType="${CT}.sheet.main+xml"/>`];
  const wbRels: { id: string; type: string; target: string }[] = [];
  const sheetEntries: string[] = [];
  const parts: { name: string; path: string }[] = [];
  const activeIndex = Math.max(0, model.activeSheet ? model.sheets.indexOf(model.activeSheet) : 0);
  let tableNo = 0;
  model.sheets.forEach((sheet, i) => {
    const path = `xl/worksheets/sheet${i + 1}.xml`;
    const tables = model.tables.filter((t) => t.sheet === sheet);
    const ids = tables.map(() => ++tableNo);
    const part = sheetXml(sheet, tables, ids, i === activeIndex, styles, strings);
    files.set(path, part);
    // A sheet without charts is final now (addChartParts rewrites only the sheets that have some).
    if (!sheet.charts.length) early.set(path, deflateAside(part, level));
    if (tables.length) {
      zip.write(
        `xl/worksheets/_rels/sheet${i + 1}.xml.rels`,
        rels(ids.map((id, k) => ({ id: `rIdTable${k + 1}`, type: 'table', target: `../tables/table${id}.xml` }))),
      );
      tables.forEach((t, k) => {
        zip.write(`xl/tables/table${ids[k]}.xml`, tableXml(t, ids[k]));
        overrides.push(`<Override PartName="/xl/tables/table${ids[k]}.xml" ContentType="${CT}.table+xml"/>`);
      });
    }
    overrides.push(`<Override PartName="/${path}" ContentType="${CT}.worksheet+xml"/>`);
    wbRels.push({ id: `rId${i + 1}`, type: 'worksheet', target: `worksheets/sheet${i + 1}.xml` });
    sheetEntries.push(`<sheet name="${xmlEscape(sheet.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`);
    parts.push({ name: sheet.name, path });
  });
  const n = model.sheets.length;
  wbRels.push({ id: `rId${n + 1}`, type: 'styles', target: 'styles.xml' });
  wbRels.push({ id: `rId${n + 2}`, type: 'sharedStrings', target: 'sharedStrings.xml' });
  overrides.push(`<Override PartName="/xl/styles.xml" ContentType="${CT}.styles+xml"/>`);
  overrides.push(`<Override PartName="/xl/sharedStrings.xml" ContentType="${CT}.sharedStrings+xml"/>`);
  zip.write('xl/styles.xml', styles.xml());
  zip.write('xl/sharedStrings.xml', strings.xml());
  zip.write(
    'xl/workbook.xml',
    `${PROLOG}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_R}"><bookViews><workbookView activeTab="${activeIndex}"/></bookViews>` +
      `<sheets>${sheetEntries.join('')}</sheets><calcPr calcId="191029"/></workbook>`,
  );
  zip.write('xl/_rels/workbook.xml.rels', rels(wbRels));
  zip.write('_rels/.rels', rels([{ id: 'rId1', type: 'officeDocument', target: 'xl/workbook.xml' }]));
  zip.write(
    '[Content_Types].xml',
    `${PROLOG}<Types xmlns="${NS_CT}"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
      `<Default Extension="xml" ContentType="application/xml"/>${overrides.join('')}</Types>`,
  );
  await addChartParts(zip, model, parts);
  return zipPackage(files, level, early);
}
