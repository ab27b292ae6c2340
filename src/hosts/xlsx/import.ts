/**
 * .xlsx import through ExcelJS. Parts ExcelJS handles badly are read from the zip directly:
 * data validations (ExcelJS expands every sqref into one entry per cell, which hangs on
 * whole-column rules), defined names (ExcelJS only keeps plain ranges) and table
 * calculatedColumnFormula (ExcelJS ignores it). Those parts are stripped before ExcelJS parses.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { MemoryWorkbook } from '../memory';
import { MAX_COLS, Rect, tryParseRect } from '../memory/address';
import { CellValue, dateToSerial } from '../memory/format';
import { Cell, CellStyle, DataValidationModel, SheetModel } from '../memory/model';
import { attrs, charsToPoints, sheetParts, stripXlfn, xmlUnescape } from './xml';

/** Blank-but-formatted cells kept at most (huge sparse formatted sheets must not blow up memory). */
const BLANK_FORMAT_BUDGET = 200_000;

function fail(msg: string): never {
  throw new Error(msg);
}

function hex(color: Partial<ExcelJS.Color> | undefined): string | undefined {
  const a = color?.argb;
  if (!a || typeof a !== 'string') return undefined;
  const h = a.length === 8 ? a.slice(2) : a;
  return /^[0-9a-fA-F]{6}$/.test(h) ? `#${h.toUpperCase()}` : undefined;
}

function plain(v: unknown): CellValue {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return dateToSerial(v);
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'string') return v;
  if (typeof v === 'object') {
    const o = v as any;
    if (typeof o.error === 'string') return { error: o.error };
    if (Array.isArray(o.richText)) return o.richText.map((p: { text: string }) => p.text).join('');
    if (o.text !== undefined && o.hyperlink !== undefined) return typeof o.text === 'string' ? o.text : plain(o.text);
    if ('result' in o) return plain(o.result);
  }
  return String(v);
}

function styleFrom(st: Partial<ExcelJS.Style> | undefined): CellStyle {
  const s: CellStyle = {};
  if (!st) return s;
  if (st.numFmt && st.numFmt !== 'General') s.nf = st.numFmt;
  const fill = st.fill as ExcelJS.FillPattern | undefined;
  if (fill && fill.type === 'pattern' && fill.pattern === 'solid') {
    const c = hex(fill.fgColor);
    if (c) s.fill = c;
  }
  const f = st.font;
  if (f) {
    const c = hex(f.color);
    if (c && c !== '#000000') s.fontColor = c;
    if (f.bold) s.bold = true;
    if (f.italic) s.italic = true;
    if (f.name && f.name !== 'Calibri') s.fontName = f.name;
    if (f.size && f.size !== 11) s.fontSize = f.size;
  }
  const al = st.alignment;
  if (al) {
    if (al.wrapText) s.wrap = true;
    const h = (
      {
        left: 'Left',
        center: 'Center',
        right: 'Right',
        fill: 'Fill',
        justify: 'Justify',
        centerContinuous: 'CenterAcrossSelection',
        distributed: 'Distributed',
      } as Record<string, string>
    )[al.horizontal ?? ''];
    if (h) s.hAlign = h;
    const v = (
      { top: 'Top', middle: 'Center', justify: 'Justify', distributed: 'Distributed' } as Record<string, string>
    )[al.vertical ?? ''];
    if (v) s.vAlign = v;
  }
  return s;
}

const OPS: Record<string, string> = {
  between: 'Between',
  notBetween: 'NotBetween',
  equal: 'EqualTo',
  notEqual: 'NotEqualTo',
  greaterThan: 'GreaterThan',
  lessThan: 'LessThan',
  greaterThanOrEqual: 'GreaterThanOrEqualTo',
  lessThanOrEqual: 'LessThanOrEqualTo',
};
const DV_KINDS: Record<string, string> = {
  whole: 'wholeNumber',
  decimal: 'decimal',
  date: 'date',
  time: 'time',
  textLength: 'textLength',
};

function dvFormulaIn(f: string): string | number {
  const t = f.trim();
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number(t);
  return `=${stripXlfn(t)}`;
}

function parseDataValidations(xml: string): DataValidationModel[] {
  const out: DataValidationModel[] = [];
  for (const m of xml.matchAll(/<dataValidation\b([^>]*?)(\/>|>([\s\S]*?)<\/dataValidation>)/g)) {
    const a = attrs(`<x ${m[1]}>`);
    const inner = m[3] ?? '';
    const f1 = /<formula1>([\s\S]*?)<\/formula1>/.exec(inner)?.[1];
    const f2 = /<formula2>([\s\S]*?)<\/formula2>/.exec(inner)?.[1];
    const type = a.type ?? 'none';
    let rule: DataValidationModel['rule'] = {};
    if (type === 'list' && f1 !== undefined) {
      const src = xmlUnescape(f1);
      rule = {
        list: {
          inCellDropDown: a.showDropDown !== '1' && a.showDropDown !== 'true',
          source: src.startsWith('"') ? src.slice(1, -1) : `=${stripXlfn(src)}`,
        },
      };
    } else if (type === 'custom' && f1 !== undefined) {
      rule = { custom: { formula: `=${stripXlfn(xmlUnescape(f1))}` } };
    } else if (DV_KINDS[type] && f1 !== undefined) {
      const body: any = { formula1: dvFormulaIn(xmlUnescape(f1)), operator: OPS[a.operator ?? 'between'] ?? 'Between' };
      if (f2 !== undefined) body.formula2 = dvFormulaIn(xmlUnescape(f2));
      rule = { [DV_KINDS[type]]: body } as DataValidationModel['rule'];
    }
    const base = {
      rule,
      errorAlert: {
        showAlert: a.showErrorMessage === '1' || a.showErrorMessage === 'true',
        style:
          ({ warning: 'Warning', information: 'Information' } as Record<string, string>)[a.errorStyle ?? ''] ?? 'Stop',
        title: a.errorTitle ?? '',
        message: a.error ?? '',
      },
      prompt: {
        showPrompt: a.showInputMessage === '1' || a.showInputMessage === 'true',
        title: a.promptTitle ?? '',
        message: a.prompt ?? '',
      },
      ignoreBlanks: a.allowBlank === '1' || a.allowBlank === 'true',
    };
    for (const ref of (a.sqref ?? '').split(/\s+/).filter(Boolean)) {
      const rect = tryParseRect(ref);
      if (rect) out.push({ ...base, rect, errorAlert: { ...base.errorAlert }, prompt: { ...base.prompt } });
    }
  }
  return out;
}

function parseDefinedNames(
  xml: string,
): { name: string; formula: string; localSheetId?: number; comment: string; hidden: boolean }[] {
  const out: { name: string; formula: string; localSheetId?: number; comment: string; hidden: boolean }[] = [];
  for (const m of xml.matchAll(/<definedName\b([^>]*)>([\s\S]*?)<\/definedName>/g)) {
    const a = attrs(`<x ${m[1]}>`);
    if (!a.name || a.name.startsWith('_xlnm.')) continue;
    out.push({
      name: a.name,
      formula: `=${stripXlfn(xmlUnescape(m[2]))}`,
      localSheetId: a.localSheetId !== undefined ? Number(a.localSheetId) : undefined,
      comment: a.comment ?? '',
      hidden: a.hidden === '1' || a.hidden === 'true',
    });
  }
  return out;
}

/** Print title rows by sheet index, from `_xlnm.Print_Titles` (which may also name columns). */
function parsePrintTitleRows(xml: string): Map<number, { r0: number; r1: number }> {
  const out = new Map<number, { r0: number; r1: number }>();
  for (const m of xml.matchAll(/<definedName\b([^>]*)>([\s\S]*?)<\/definedName>/g)) {
    const a = attrs(`<x ${m[1]}>`);
    if (a.name !== '_xlnm.Print_Titles' || a.localSheetId === undefined) continue;
    for (const part of xmlUnescape(m[2]).split(',')) {
      const rows = /!\$?(\d+):\$?(\d+)$/.exec(part.trim());
      if (rows) out.set(Number(a.localSheetId), { r0: Number(rows[1]) - 1, r1: Number(rows[2]) - 1 });
    }
  }
  return out;
}

function parseCalcFormulas(xml: string): { name: string; calc: Map<string, string> } | null {
  const name = /<table\b[^>]*\bname="([^"]*)"/.exec(xml)?.[1];
  if (!name) return null;
  const calc = new Map<string, string>();
  for (const m of xml.matchAll(/<tableColumn\b([^>]*?)(?:\/>|>([\s\S]*?)<\/tableColumn>)/g)) {
    const f = /<calculatedColumnFormula[^>]*>([\s\S]*?)<\/calculatedColumnFormula>/.exec(m[2] ?? '');
    if (f) calc.set(attrs(`<x ${m[1]}>`).name ?? '', `=${stripXlfn(xmlUnescape(f[1]))}`);
  }
  return { name: xmlUnescape(name), calc };
}

function rangeRect(ref: string): Rect | null {
  return tryParseRect(ref.replace(/\$/g, ''));
}

export async function importXlsx(buf: Buffer | ArrayBuffer | Uint8Array): Promise<MemoryWorkbook> {
  const size = buf instanceof ArrayBuffer ? buf.byteLength : buf.length;
  if (!size) fail('Cannot open workbook: the file is empty.');
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(buf);
  } catch (e) {
    fail(`Cannot open workbook: not an .xlsx file (${(e as Error).message.split('\n')[0]}).`);
  }
  if (!zip.file('xl/workbook.xml'))
    fail('Cannot open workbook: the zip has no xl/workbook.xml (not an Excel workbook).');

  // Read and strip the parts we parse ourselves.
  const parts = await sheetParts(zip);
  const dvBySheet = new Map<string, DataValidationModel[]>();
  for (const p of parts) {
    const f = p.path && zip.file(p.path);
    if (!f) continue;
    const xml = await f.async('string');
    const block = /<dataValidations\b[\s\S]*?<\/dataValidations>/.exec(xml);
    if (block) {
      dvBySheet.set(p.name, parseDataValidations(block[0]));
      zip.file(p.path, xml.replace(block[0], ''));
    }
  }
  let wbXml = await zip.file('xl/workbook.xml')!.async('string');
  const names = parseDefinedNames(wbXml);
  const printTitleRows = parsePrintTitleRows(wbXml);
  wbXml = wbXml.replace(/<definedNames>[\s\S]*?<\/definedNames>|<definedNames\/>/, '');
  zip.file('xl/workbook.xml', wbXml);
  const calcByTable = new Map<string, Map<string, string>>();
  for (const path of Object.keys(zip.files).filter((p) => /^xl\/tables\/[^/]+\.xml$/.test(p))) {
    const xml = await zip.file(path)!.async('string');
    const parsed = parseCalcFormulas(xml);
    if (parsed) calcByTable.set(parsed.name.toLowerCase(), parsed.calc);
    // ExcelJS loses the column (and then fails on its autoFilter) when a tableColumn has child formulas.
    zip.file(
      path,
      xml.replace(
        /<(calculatedColumnFormula|totalsRowFormula)\b[^>]*\/>|<(calculatedColumnFormula|totalsRowFormula)\b[^>]*>[\s\S]*?<\/\2>/g,
        '',
      ),
    );
  }

  const x = new ExcelJS.Workbook();
  try {
    await x.xlsx.load((await zip.generateAsync({ type: 'nodebuffer' })) as any);
  } catch (e) {
    fail(`Cannot open workbook: ${(e as Error).message.split('\n')[0]}`);
  }

  const wb = new MemoryWorkbook({ empty: true });
  const model = wb.model;
  let blankBudget = BLANK_FORMAT_BUDGET;
  const ordered = parts.map((p) => x.getWorksheet(p.name)).filter((w): w is ExcelJS.Worksheet => !!w);
  for (const ws of ordered.length ? ordered : x.worksheets) {
    const sheet = model.addSheet(ws.name);
    sheet.visibility = ws.state === 'hidden' ? 'Hidden' : ws.state === 'veryHidden' ? 'VeryHidden' : 'Visible';
    const tab = hex((ws.properties as any)?.tabColor);
    if (tab) sheet.tabColor = tab;
    const view = ws.views?.[0] as any;
    if (view?.state === 'frozen') sheet.freeze = { rows: view.ySplit ?? 0, cols: view.xSplit ?? 0 };
    readPageSetup(sheet, ws.pageSetup);

    const columns = ((ws as any)._columns ?? []) as ExcelJS.Column[];
    columns.forEach((col, i) => {
      if (!col) return;
      if ((col as any)._width !== undefined || (col.width !== undefined && col.width !== 9)) {
        if (col.width !== undefined) sheet.colWidth.set(i, charsToPoints(col.width));
      }
      const st = styleFrom(col.style);
      if (Object.keys(st).length) sheet.colStyle.set(i, st);
    });

    const rows = ((ws as any)._rows ?? []) as ExcelJS.Row[];
    for (const row of rows) {
      if (!row) continue;
      const r = row.number - 1;
      if (row.height && (row as any).customHeight !== false && row.height !== 15) sheet.rowHeight.set(r, row.height);
      const cells = ((row as any)._cells ?? []) as ExcelJS.Cell[];
      for (const xc of cells) {
        if (!xc) continue;
        const c = Number(xc.col) - 1;
        const t = xc.type;
        let cell: Cell | undefined;
        if (t === ExcelJS.ValueType.Formula) {
          const formula = xc.formula;
          // cell.result, not cell.value.result: the latter drops a cached 0, "" or false
          cell = { v: plain((xc as any).result), f: formula ? `=${stripXlfn(formula)}` : undefined };
          if (cell.f === undefined) delete cell.f;
        } else if (t === ExcelJS.ValueType.Merge) {
          continue;
        } else if (t !== ExcelJS.ValueType.Null) {
          cell = { v: plain(xc.value) };
        }
        const st = styleFrom(xc.style);
        const colSt = sheet.colStyle.get(c);
        if (colSt) for (const k of Object.keys(st) as (keyof CellStyle)[]) if (colSt[k] === st[k]) delete st[k];
        const styled = Object.keys(st).length > 0;
        if (!cell) {
          if (!styled || blankBudget <= 0) continue;
          blankBudget--;
          cell = { v: null };
        }
        Object.assign(cell, st);
        sheet.cells.set(r * MAX_COLS + c, cell);
      }
    }

    // conditional formats (ExcelJS: ws.conditionalFormattings); keep "expression" rules only
    const cfs = ((ws as any).conditionalFormattings ?? []) as { ref: string; rules: any[] }[];
    const collected: { prio: number; add: () => void }[] = [];
    for (const cfb of cfs) {
      for (const ref of String(cfb.ref).split(/\s+/)) {
        const rect = rangeRect(ref);
        if (!rect) continue;
        for (const rule of cfb.rules ?? []) {
          if (rule.type !== 'expression' || !rule.formulae?.length) continue;
          collected.push({
            prio: rule.priority ?? 0,
            add: () => {
              const cf = model.addCf(sheet, rect, 'Custom');
              cf.formula = `=${stripXlfn(String(rule.formulae[0]))}`;
              const fill = hex(rule.style?.fill?.bgColor) ?? hex(rule.style?.fill?.fgColor);
              if (fill) cf.fill = fill;
              const fc = hex(rule.style?.font?.color);
              if (fc) cf.fontColor = fc;
              if (rule.style?.font?.bold) cf.bold = true;
              if (rule.style?.font?.italic) cf.italic = true;
              if (rule.stopIfTrue) cf.stopIfTrue = true;
            },
          });
        }
      }
    }
    // addCf puts each new rule first, so add from lowest to highest priority
    collected.sort((a, b) => b.prio - a.prio).forEach((c) => c.add());

    sheet.dvs = dvBySheet.get(ws.name) ?? [];

    // tables
    const tables = (ws as any).tables ? Object.values((ws as any).tables) : [];
    for (const tbl of tables as any[]) {
      const tm = tbl.table ?? tbl.model ?? tbl;
      const ref: string = tm.tableRef ?? tm.ref;
      const rect = rangeRect(ref);
      if (!rect) continue;
      const t = model.addTable(sheet, rect, true);
      const nm = tm.displayName ?? tm.name;
      if (nm) {
        model.validateTableName(nm, t);
        t.name = nm;
      }
      if (tm.style?.theme) t.style = tm.style.theme;
      const calc = calcByTable.get(t.name.toLowerCase());
      if (calc)
        for (const col of t.columns) {
          const f = calc.get(col.name);
          if (f) col.calc = f;
        }
    }
  }

  for (const n of names) {
    const sheet: SheetModel | undefined = n.localSheetId !== undefined ? model.sheets[n.localSheetId] : undefined;
    try {
      const nm = model.addName(n.name, n.formula, n.comment, sheet);
      nm.visible = !n.hidden;
    } catch {
      /* skip names we cannot represent (e.g. duplicates of table names) */
    }
  }
  for (const [i, rows] of printTitleRows) if (model.sheets[i]) model.sheets[i].page.printTitleRows = rows;
  if (!model.sheets.length) fail('Cannot open workbook: it contains no worksheets.');
  model.activeSheet = model.sheets.find((s) => s.visibility === 'Visible') ?? model.sheets[0];
  model.selection = { sheet: model.activeSheet, rect: { r0: 0, c0: 0, r1: 0, c1: 0 } };
  wb.resetStats();
  return wb;
}

const PAPER_NAMES: Record<number, string> = { 1: 'Letter', 5: 'Legal', 8: 'A3', 9: 'A4', 11: 'A5', 12: 'B4', 13: 'B5' };

/** Orientation, paper, fit to pages and print title rows, as the memory host models them. */
function readPageSetup(sheet: SheetModel, ps: Partial<ExcelJS.PageSetup> | undefined): void {
  if (!ps) return;
  if (ps.orientation === 'landscape') sheet.page.orientation = 'Landscape';
  if (ps.paperSize !== undefined && PAPER_NAMES[ps.paperSize as number])
    sheet.page.paperSize = PAPER_NAMES[ps.paperSize as number];
  if (ps.fitToPage)
    sheet.page.zoom = { horizontalFitToPages: ps.fitToWidth ?? 1, verticalFitToPages: ps.fitToHeight ?? 1 };
  else if (typeof ps.scale === 'number' && ps.scale >= 10 && ps.scale <= 400) sheet.page.zoom = { scale: ps.scale };
  const m = typeof ps.printTitlesRow === 'string' ? /^\$?(\d+):\$?(\d+)$/.exec(ps.printTitlesRow) : null;
  if (m) sheet.page.printTitleRows = { r0: Number(m[1]) - 1, r1: Number(m[2]) - 1 };
}
