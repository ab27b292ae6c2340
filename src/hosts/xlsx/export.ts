/**
 * .xlsx export through ExcelJS, plus zip post-processing for what ExcelJS cannot write:
 * table calculatedColumnFormula, defined names that are not plain ranges, and data validations
 * (written by hand so formulas such as "=PP_Min" survive for every rule type), and charts (charts.ts).
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { MAX_COLS, Rect, rectA1 } from '../memory/address';
import type { MemoryWorkbook } from '../memory';
import { isErrorValue } from '../memory/format';
import { Cell, CellStyle, DataValidationModel, SheetModel, TableModel, dataRect } from '../memory/model';
import { addChartParts, jszipParts } from './charts';
import { addXlfn, pointsToChars, sheetParts, xmlEscape } from './xml';

const argb = (hex: string): string => `FF${hex.replace('#', '').toUpperCase()}`;

function excelValue(cell: Cell): ExcelJS.CellValue {
  const v = cell.v;
  const plain = v === null || v === '' ? null : isErrorValue(v) ? ({ error: v.error } as ExcelJS.CellErrorValue) : v;
  if (cell.f !== undefined) {
    const result = plain === null ? undefined : plain;
    return { formula: addXlfn(cell.f.replace(/^=/, '')), result } as ExcelJS.CellFormulaValue;
  }
  return plain as ExcelJS.CellValue;
}

function styleOf(s: CellStyle): Partial<ExcelJS.Style> {
  const st: Partial<ExcelJS.Style> = {};
  if (s.nf) st.numFmt = s.nf;
  if (s.fill) st.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(s.fill) } };
  if (s.fontColor || s.bold || s.italic || s.fontName || s.fontSize) {
    const font: Partial<ExcelJS.Font> = { name: s.fontName ?? 'Calibri', size: s.fontSize ?? 11 };
    if (s.fontColor) font.color = { argb: argb(s.fontColor) };
    if (s.bold) font.bold = true;
    if (s.italic) font.italic = true;
    st.font = font;
  }
  if (s.wrap || s.hAlign || s.vAlign) {
    const al: Partial<ExcelJS.Alignment> = {};
    if (s.wrap) al.wrapText = true;
    if (s.hAlign)
      al.horizontal = (
        {
          Left: 'left',
          Center: 'center',
          Right: 'right',
          Fill: 'fill',
          Justify: 'justify',
          CenterAcrossSelection: 'centerContinuous',
          Distributed: 'distributed',
        } as Record<string, ExcelJS.Alignment['horizontal']>
      )[s.hAlign];
    if (s.vAlign)
      al.vertical = (
        { Top: 'top', Center: 'middle', Bottom: 'bottom', Justify: 'justify', Distributed: 'distributed' } as Record<
          string,
          ExcelJS.Alignment['vertical']
        >
      )[s.vAlign];
    st.alignment = al;
  }
  return st;
}

function hasStyle(s: CellStyle): boolean {
  return !!(
    s.nf ||
    s.fill ||
    s.fontColor ||
    s.bold ||
    s.italic ||
    s.fontName ||
    s.fontSize ||
    s.wrap ||
    s.hAlign ||
    s.vAlign
  );
}

function sqref(rect: Rect): string {
  return rectA1(rect);
}

const OPS: Record<string, string> = {
  Between: 'between',
  NotBetween: 'notBetween',
  EqualTo: 'equal',
  NotEqualTo: 'notEqual',
  GreaterThan: 'greaterThan',
  LessThan: 'lessThan',
  GreaterThanOrEqualTo: 'greaterThanOrEqual',
  LessThanOrEqualTo: 'lessThanOrEqual',
};
const DV_TYPES: Record<string, string> = {
  wholeNumber: 'whole',
  decimal: 'decimal',
  date: 'date',
  time: 'time',
  textLength: 'textLength',
};

function dvFormula(f: string | number): string {
  if (typeof f === 'number') return String(f);
  return addXlfn(f.startsWith('=') ? f.slice(1) : f);
}

/** <dataValidation> element for one rule; null when there is no rule. */
function dvXml(dv: DataValidationModel): string | null {
  const r = dv.rule;
  const a: string[] = [];
  let formulas: string[] = [];
  if (r.list) {
    a.push('type="list"');
    const src = r.list.source;
    formulas = [src.startsWith('=') ? addXlfn(src.slice(1)) : `"${src}"`];
    if (!r.list.inCellDropDown) a.push('showDropDown="1"'); // the file flag means "hide the arrow"
  } else if (r.custom) {
    a.push('type="custom"');
    formulas = [dvFormula(r.custom.formula)];
  } else {
    const k = Object.keys(r)[0] as keyof typeof DV_TYPES | undefined;
    if (!k) return null;
    const b = (r as any)[k] as { formula1: string | number; formula2?: string | number; operator: string };
    a.push(`type="${DV_TYPES[k]}"`);
    if (b.operator !== 'Between') a.push(`operator="${OPS[b.operator]}"`);
    formulas = [dvFormula(b.formula1)];
    if (b.formula2 !== undefined) formulas.push(dvFormula(b.formula2));
  }
  if (dv.ignoreBlanks) a.push('allowBlank="1"');
  if (dv.prompt.showPrompt) a.push('showInputMessage="1"');
  if (dv.prompt.title) a.push(`promptTitle="${xmlEscape(dv.prompt.title)}"`);
  if (dv.prompt.message) a.push(`prompt="${xmlEscape(dv.prompt.message)}"`);
  if (dv.errorAlert.showAlert) a.push('showErrorMessage="1"');
  if (dv.errorAlert.style && dv.errorAlert.style !== 'Stop')
    a.push(`errorStyle="${dv.errorAlert.style.toLowerCase()}"`);
  if (dv.errorAlert.title) a.push(`errorTitle="${xmlEscape(dv.errorAlert.title)}"`);
  if (dv.errorAlert.message) a.push(`error="${xmlEscape(dv.errorAlert.message)}"`);
  a.push(`sqref="${sqref(dv.rect)}"`);
  return `<dataValidation ${a.join(' ')}>${formulas.map((f, i) => `<formula${i + 1}>${xmlEscape(f)}</formula${i + 1}>`).join('')}</dataValidation>`;
}

function cellOrNull(sheet: SheetModel, r: number, c: number): ExcelJS.CellValue {
  const cell = sheet.get(r, c);
  return cell ? excelValue(cell) : null;
}

function addTable(ws: ExcelJS.Worksheet, t: TableModel): void {
  const body = dataRect(t)!;
  const rows: ExcelJS.CellValue[][] = [];
  for (let r = body.r0; r <= body.r1; r++) {
    const row: ExcelJS.CellValue[] = [];
    for (let c = body.c0; c <= body.c1; c++) row.push(cellOrNull(t.sheet, r, c));
    rows.push(row);
  }
  ws.addTable({
    name: t.name,
    displayName: t.name,
    ref: rectA1({ r0: t.rect.r0, c0: t.rect.c0, r1: t.rect.r0, c1: t.rect.c0 }),
    headerRow: true,
    totalsRow: false,
    style: { theme: t.style as ExcelJS.TableStyleProperties['theme'], showRowStripes: true },
    columns: t.columns.map((c) => ({ name: c.name, filterButton: true })),
    rows,
  } as ExcelJS.TableProperties);
}

/** OOXML paperSize codes of the paper sizes we write (ECMA-376 §18.3.1.63). */
const PAPER_CODES: Record<string, number> = { Letter: 1, Legal: 5, A3: 8, A4: 9, A5: 11, B4: 12, B5: 13 };

/** Print settings that differ from a new sheet's: orientation, paper, fit to pages, title rows. */
function pageSetupOf(page: MemoryWorkbook['model']['sheets'][number]['page']): Partial<ExcelJS.PageSetup> | null {
  const out: Partial<ExcelJS.PageSetup> = {};
  if (page.orientation === 'Landscape') out.orientation = 'landscape';
  if (page.paperSize !== 'Letter' && PAPER_CODES[page.paperSize])
    out.paperSize = PAPER_CODES[page.paperSize] as ExcelJS.PageSetup['paperSize'];
  if ('horizontalFitToPages' in page.zoom) {
    out.fitToPage = true;
    out.fitToWidth = page.zoom.horizontalFitToPages;
    out.fitToHeight = page.zoom.verticalFitToPages;
  } else if (page.zoom.scale !== 100) out.scale = page.zoom.scale;
  if (page.printTitleRows) out.printTitlesRow = `${page.printTitleRows.r0 + 1}:${page.printTitleRows.r1 + 1}`;
  return Object.keys(out).length ? out : null;
}

export async function exportXlsx(wb: MemoryWorkbook): Promise<Buffer> {
  const model = wb.model;
  const x = new ExcelJS.Workbook();
  x.calcProperties.fullCalcOnLoad = true; // cached results may be missing; let Excel recalc on open
  for (const sheet of model.sheets) {
    const freeze =
      sheet.freeze.rows || sheet.freeze.cols
        ? [
            {
              state: 'frozen' as const,
              xSplit: sheet.freeze.cols,
              ySplit: sheet.freeze.rows,
              topLeftCell: rectA1({
                r0: sheet.freeze.rows,
                c0: sheet.freeze.cols,
                r1: sheet.freeze.rows,
                c1: sheet.freeze.cols,
              }),
            },
          ]
        : [];
    const ws = x.addWorksheet(sheet.name, {
      state: sheet.visibility === 'Hidden' ? 'hidden' : sheet.visibility === 'VeryHidden' ? 'veryHidden' : 'visible',
      properties: sheet.tabColor
        ? ({ tabColor: { argb: argb(sheet.tabColor) } } as Partial<ExcelJS.WorksheetProperties>)
        : {},
      views: freeze,
    });
    const setup = pageSetupOf(sheet.page);
    if (setup) ws.pageSetup = { ...ws.pageSetup, ...setup };
    const cols = new Set<number>([...sheet.colWidth.keys(), ...sheet.colStyle.keys()]);
    for (const c of [...cols].sort((a, b) => a - b)) {
      const col = ws.getColumn(c + 1);
      const w = sheet.colWidth.get(c);
      if (w !== undefined) col.width = pointsToChars(w);
      const cs = sheet.colStyle.get(c);
      if (cs && hasStyle(cs)) col.style = styleOf(cs) as ExcelJS.Style;
    }
    for (const [r, h] of sheet.rowHeight) ws.getRow(r + 1).height = h;
    for (const t of model.tables) if (t.sheet === sheet) addTable(ws, t);
    for (const [k, cell] of sheet.cells) {
      const r = Math.floor(k / MAX_COLS),
        c = k % MAX_COLS;
      const xc = ws.getCell(r + 1, c + 1);
      xc.value = excelValue(cell);
      const merged: CellStyle = { ...(sheet.colStyle.get(c) ?? {}) };
      for (const key of Object.keys(cell) as (keyof Cell)[])
        if (key !== 'v' && key !== 'f' && cell[key] !== undefined) (merged as any)[key] = cell[key];
      if (hasStyle(merged)) xc.style = styleOf(merged) as ExcelJS.Style;
    }
    // Conditional formats: sheet.cfs[0] has the highest priority.
    sheet.cfs.forEach((cf, i) => {
      if (!cf.formula) return;
      const style: Partial<ExcelJS.Style> = {};
      if (cf.fill) style.fill = { type: 'pattern', pattern: 'solid', bgColor: { argb: argb(cf.fill) } } as ExcelJS.Fill;
      if (cf.fontColor || cf.bold || cf.italic)
        style.font = {
          ...(cf.fontColor ? { color: { argb: argb(cf.fontColor) } } : {}),
          ...(cf.bold ? { bold: true } : {}),
          ...(cf.italic ? { italic: true } : {}),
        };
      ws.addConditionalFormatting({
        ref: sqref(cf.rect),
        rules: [
          {
            type: 'expression',
            priority: i + 1,
            formulae: [addXlfn(cf.formula.replace(/^=/, ''))],
            style,
            ...(cf.stopIfTrue ? { stopIfTrue: true } : {}),
          } as ExcelJS.ConditionalFormattingRule,
        ],
      });
    });
  }

  const written = (await x.xlsx.writeBuffer()) as ArrayBuffer;
  const zip = await JSZip.loadAsync(written);
  const parts = await sheetParts(zip);

  // data validations (hand-written; see header comment)
  for (const sheet of model.sheets) {
    const items = sheet.dvs.map(dvXml).filter((s): s is string => !!s);
    if (!items.length) continue;
    const part = parts.find((p) => p.name === sheet.name);
    if (!part) continue;
    let xml = await zip.file(part.path)!.async('string');
    const block = `<dataValidations count="${items.length}">${items.join('')}</dataValidations>`;
    const anchor =
      /<(hyperlinks|printOptions|pageMargins|pageSetup|headerFooter|rowBreaks|colBreaks|drawing|legacyDrawing|tableParts|extLst)\b|<\/worksheet>/.exec(
        xml,
      );
    xml = anchor ? xml.slice(0, anchor.index) + block + xml.slice(anchor.index) : xml;
    zip.file(part.path, xml);
  }

  // calculated column formulas
  const tableFiles = Object.keys(zip.files).filter((p) => /^xl\/tables\/table\d+\.xml$/.test(p));
  for (const path of tableFiles) {
    let xml = await zip.file(path)!.async('string');
    const nameM = /<table\b[^>]*\bname="([^"]*)"/.exec(xml);
    const t = nameM ? model.findTable(nameM[1].replace(/&amp;/g, '&')) : undefined;
    if (!t) continue;
    for (const col of t.columns) {
      if (!col.calc) continue;
      const f = `<calculatedColumnFormula>${xmlEscape(addXlfn(col.calc.replace(/^=/, '')))}</calculatedColumnFormula>`;
      const re = new RegExp(
        `<tableColumn\\b([^>]*\\bname="${xmlEscape(col.name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*?)(/>|>)`,
      );
      xml = xml.replace(re, (_m, at: string, close: string) =>
        close === '/>' ? `<tableColumn${at}>${f}</tableColumn>` : `<tableColumn${at}>${f}`,
      );
    }
    zip.file(path, xml);
  }

  // defined names (all of them; ExcelJS only understands plain ranges)
  if (model.names.length) {
    let wbXml = await zip.file('xl/workbook.xml')!.async('string');
    const entries = model.names
      .map((n) => {
        const a = [`name="${xmlEscape(n.name)}"`];
        if (n.sheet) a.push(`localSheetId="${model.sheets.indexOf(n.sheet)}"`);
        if (n.comment) a.push(`comment="${xmlEscape(n.comment)}"`);
        if (!n.visible) a.push('hidden="1"');
        return `<definedName ${a.join(' ')}>${xmlEscape(addXlfn(n.formula.replace(/^=/, '')))}</definedName>`;
      })
      .join('');
    if (/<definedNames>/.test(wbXml)) wbXml = wbXml.replace('</definedNames>', `${entries}</definedNames>`);
    else if (/<definedNames\/>/.test(wbXml))
      wbXml = wbXml.replace('<definedNames/>', `<definedNames>${entries}</definedNames>`);
    else wbXml = wbXml.replace('</sheets>', `</sheets><definedNames>${entries}</definedNames>`);
    zip.file('xl/workbook.xml', wbXml);
  }

  await addChartParts(jszipParts(zip), model, parts);

  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
