/**
 * Native Excel charts in the .xlsx package. ExcelJS writes none, so every chart of the memory model
 * becomes a DrawingML chart part, a drawing part anchoring it on its sheet, their relationships and
 * content types (ISO/IEC 29500-1 §21.2 and §20.5). Series point at the sheet's cells and carry a cache
 * of their values, so a reader that does not recalculate (LibreOffice, a viewer) still draws them.
 */
import type JSZip from 'jszip';
import { colLetters, quoteSheet, Rect } from '../memory/address';
import { isErrorValue } from '../memory/format';
import { ChartModel, DEFAULT_COLUMN_WIDTH, DEFAULT_ROW_HEIGHT, SheetModel, WorkbookModel } from '../memory/model';
import { NS_R, relationshipsXml, XML_PROLOG, xmlEscape } from './xml';

const NS_C = 'http://schemas.openxmlformats.org/drawingml/2006/chart';
const NS_A = 'http://schemas.openxmlformats.org/drawingml/2006/main';
const NS_XDR = 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing';
const REL_DRAWING = `${NS_R}/drawing`;
const REL_CHART = `${NS_R}/chart`;
const CT_DRAWING = 'application/vnd.openxmlformats-officedocument.drawing+xml';
const CT_CHART = 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml';
const EMU_PER_POINT = 12700;

/** Series colours, in order: distinct from the table styles' blues so a rendered chart is easy to tell. */
export const SERIES_COLORS = ['C0392B', 'E67E22', '27AE60', '8E44AD', '16A085', 'D4AC0D', '7F8C8D', '2C3E50'];

interface Series {
  name: { ref: string; value: string } | null;
  cat: { ref: string; values: string[] };
  val: { ref: string; values: (number | null)[] };
}

function cellText(sheet: SheetModel, r: number, c: number): string {
  const v = sheet.get(r, c)?.v;
  if (v === null || v === undefined || isErrorValue(v)) return '';
  return String(v);
}

function cellNumber(sheet: SheetModel, r: number, c: number): number | null {
  const v = sheet.get(r, c)?.v;
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

const absRange = (sheet: SheetModel, r0: number, c0: number, r1: number, c1: number): string =>
  `${quoteSheet(sheet.name)}!$${colLetters(c0)}$${r0 + 1}` +
  (r0 === r1 && c0 === c1 ? '' : `:$${colLetters(c1)}$${r1 + 1}`);

/**
 * The series of a chart as Excel reads its source range: a header row and a label column when the
 * top-left cell is empty or text; by columns when asked, or on Auto when the range is taller than wide.
 */
export function chartSeries(sheet: SheetModel, chart: ChartModel): Series[] {
  const s: Rect = chart.source;
  const rows = s.r1 - s.r0 + 1;
  const cols = s.c1 - s.c0 + 1;
  const byColumns = chart.seriesBy === 'Columns' || (chart.seriesBy !== 'Rows' && rows >= cols);
  const out: Series[] = [];
  if (byColumns) {
    for (let c = s.c0 + 1; c <= s.c1; c++) {
      const cats: string[] = [];
      const vals: (number | null)[] = [];
      for (let r = s.r0 + 1; r <= s.r1; r++) {
        cats.push(cellText(sheet, r, s.c0));
        vals.push(cellNumber(sheet, r, c));
      }
      out.push({
        name: { ref: absRange(sheet, s.r0, c, s.r0, c), value: cellText(sheet, s.r0, c) },
        cat: { ref: absRange(sheet, s.r0 + 1, s.c0, s.r1, s.c0), values: cats },
        val: { ref: absRange(sheet, s.r0 + 1, c, s.r1, c), values: vals },
      });
    }
  } else {
    for (let r = s.r0 + 1; r <= s.r1; r++) {
      const cats: string[] = [];
      const vals: (number | null)[] = [];
      for (let c = s.c0 + 1; c <= s.c1; c++) {
        cats.push(cellText(sheet, s.r0, c));
        vals.push(cellNumber(sheet, r, c));
      }
      out.push({
        name: { ref: absRange(sheet, r, s.c0, r, s.c0), value: cellText(sheet, r, s.c0) },
        cat: { ref: absRange(sheet, s.r0, s.c0 + 1, s.r0, s.c1), values: cats },
        val: { ref: absRange(sheet, r, s.c0 + 1, r, s.c1), values: vals },
      });
    }
  }
  return out;
}

const numText = (n: number): string => (Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(15))));

function strCache(values: string[]): string {
  return `<c:strCache><c:ptCount val="${values.length}"/>${values.map((v, i) => `<c:pt idx="${i}"><c:v>${xmlEscape(v)}</c:v></c:pt>`).join('')}</c:strCache>`;
}

function numCache(values: (number | null)[]): string {
  const pts = values.map((v, i) => (v === null ? '' : `<c:pt idx="${i}"><c:v>${numText(v)}</c:v></c:pt>`)).join('');
  return `<c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="${values.length}"/>${pts}</c:numCache>`;
}

const solid = (hex: string): string => `<c:spPr><a:solidFill><a:srgbClr val="${hex}"/></a:solidFill></c:spPr>`;

function seriesXml(s: Series, i: number, kind: 'bar' | 'line' | 'pie'): string {
  const color = SERIES_COLORS[i % SERIES_COLORS.length];
  const tx = s.name
    ? `<c:tx><c:strRef><c:f>${xmlEscape(s.name.ref)}</c:f>${strCache([s.name.value])}</c:strRef></c:tx>`
    : '';
  const look =
    kind === 'line'
      ? `<c:spPr><a:ln w="28575"><a:solidFill><a:srgbClr val="${color}"/></a:solidFill></a:ln></c:spPr><c:marker><c:symbol val="none"/></c:marker>`
      : kind === 'bar'
        ? `${solid(color)}<c:invertIfNegative val="0"/>`
        : '';
  const cat = `<c:cat><c:strRef><c:f>${xmlEscape(s.cat.ref)}</c:f>${strCache(s.cat.values)}</c:strRef></c:cat>`;
  const val = `<c:val><c:numRef><c:f>${xmlEscape(s.val.ref)}</c:f>${numCache(s.val.values)}</c:numRef></c:val>`;
  const smooth = kind === 'line' ? '<c:smooth val="0"/>' : '';
  return `<c:ser><c:idx val="${i}"/><c:order val="${i}"/>${tx}${look}${cat}${val}${smooth}</c:ser>`;
}

function richText(text: string, size: number, bold: boolean): string {
  return (
    `<c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="${size}" b="${bold ? 1 : 0}"/></a:pPr>` +
    `<a:r><a:rPr lang="zh-CN" sz="${size}" b="${bold ? 1 : 0}"/><a:t>${xmlEscape(text)}</a:t></a:r></a:p></c:rich></c:tx>`
  );
}

const CAT_AX = 500000001;
const VAL_AX = 500000002;

function axesXml(horizontalBars: boolean): string {
  const catPos = horizontalBars ? 'l' : 'b';
  const valPos = horizontalBars ? 'b' : 'l';
  return (
    `<c:catAx><c:axId val="${CAT_AX}"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>` +
    `<c:axPos val="${catPos}"/><c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/>` +
    `<c:tickLblPos val="nextTo"/><c:crossAx val="${VAL_AX}"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/>` +
    `<c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>` +
    `<c:valAx><c:axId val="${VAL_AX}"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>` +
    `<c:axPos val="${valPos}"/><c:majorGridlines/><c:numFmt formatCode="#,##0" sourceLinked="0"/><c:majorTickMark val="out"/>` +
    `<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/><c:crossAx val="${CAT_AX}"/><c:crosses val="autoZero"/>` +
    `<c:crossBetween val="between"/></c:valAx>`
  );
}

/** The chart part (`c:chartSpace`) of one chart. */
export function chartSpaceXml(sheet: SheetModel, chart: ChartModel): string {
  const series = chartSeries(sheet, chart);
  const type = chart.type;
  let plot: string;
  if (type === 'Pie' || type === 'Doughnut') {
    const tag = type === 'Pie' ? 'c:pieChart' : 'c:doughnutChart';
    const hole = type === 'Doughnut' ? '<c:holeSize val="50"/>' : '';
    plot = `<${tag}><c:varyColors val="1"/>${series.map((s, i) => seriesXml(s, i, 'pie')).join('')}<c:firstSliceAng val="0"/>${hole}</${tag}>`;
  } else if (type === 'Line') {
    plot =
      `<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>${series.map((s, i) => seriesXml(s, i, 'line')).join('')}` +
      `<c:marker val="1"/><c:axId val="${CAT_AX}"/><c:axId val="${VAL_AX}"/></c:lineChart>` +
      axesXml(false);
  } else {
    const horizontal = /^Bar/.test(type);
    const stacked = /Stacked100$/.test(type) ? 'percentStacked' : /Stacked$/.test(type) ? 'stacked' : 'clustered';
    const overlap = stacked === 'clustered' ? '' : '<c:overlap val="100"/>';
    plot =
      `<c:barChart><c:barDir val="${horizontal ? 'bar' : 'col'}"/><c:grouping val="${stacked}"/><c:varyColors val="0"/>` +
      `${series.map((s, i) => seriesXml(s, i, 'bar')).join('')}<c:gapWidth val="80"/>${overlap}` +
      `<c:axId val="${CAT_AX}"/><c:axId val="${VAL_AX}"/></c:barChart>` +
      axesXml(horizontal);
  }
  const title = chart.title
    ? `<c:title>${richText(chart.title, 1200, true)}<c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>`
    : '<c:autoTitleDeleted val="1"/>';
  return (
    `${XML_PROLOG}` +
    `<c:chartSpace xmlns:c="${NS_C}" xmlns:a="${NS_A}" xmlns:r="${NS_R}"><c:roundedCorners val="0"/>` +
    `<c:chart>${title}<c:plotArea><c:layout/>${plot}</c:plotArea>` +
    `<c:legend><c:legendPos val="${type === 'Pie' || type === 'Doughnut' ? 'r' : 'b'}"/><c:overlay val="0"/></c:legend>` +
    `<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>` +
    `<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="900"/></a:pPr><a:endParaRPr lang="zh-CN"/></a:p></c:txPr>` +
    `</c:chartSpace>`
  );
}

/** The cell and offset (in EMU) at a position in points, from the sheet's column widths and row heights. */
function anchorAt(sizes: Map<number, number>, fallback: number, pos: number): { index: number; offset: number } {
  let index = 0;
  let at = 0;
  for (;;) {
    const size = sizes.get(index) ?? fallback;
    if (at + size > pos || index > 20000) return { index, offset: Math.round((pos - at) * EMU_PER_POINT) };
    at += size;
    index++;
  }
}

function anchorXml(sheet: SheetModel, chart: ChartModel, id: number, rid: string): string {
  const from = {
    col: anchorAt(sheet.colWidth, DEFAULT_COLUMN_WIDTH, chart.left),
    row: anchorAt(sheet.rowHeight, DEFAULT_ROW_HEIGHT, chart.top),
  };
  const to = {
    col: anchorAt(sheet.colWidth, DEFAULT_COLUMN_WIDTH, chart.left + Math.max(chart.width, 1)),
    row: anchorAt(sheet.rowHeight, DEFAULT_ROW_HEIGHT, chart.top + Math.max(chart.height, 1)),
  };
  const marker = (tag: string, m: typeof from): string =>
    `<xdr:${tag}><xdr:col>${m.col.index}</xdr:col><xdr:colOff>${m.col.offset}</xdr:colOff>` +
    `<xdr:row>${m.row.index}</xdr:row><xdr:rowOff>${m.row.offset}</xdr:rowOff></xdr:${tag}>`;
  return (
    `<xdr:twoCellAnchor editAs="oneCell">${marker('from', from)}${marker('to', to)}` +
    `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${id + 1}" name="${xmlEscape(chart.name)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
    `<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>` +
    `<a:graphic><a:graphicData uri="${NS_C}"><c:chart xmlns:c="${NS_C}" r:id="${rid}"/></a:graphicData></a:graphic>` +
    `</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>`
  );
}

/** Elements that follow `<drawing>` in CT_Worksheet; it must be inserted before the first of them. */
const AFTER_DRAWING =
  /<(legacyDrawing|legacyDrawingHF|drawingHF|picture|oleObjects|controls|webPublishItems|tableParts|extLst)\b|<\/worksheet>/;

/** The package's parts as text, read and written by path: a JSZip (jszipParts), or the plain writer's map. */
export interface PartStore {
  read(path: string): Promise<string | null>;
  write(path: string, text: string): void;
}

export const jszipParts = (zip: JSZip): PartStore => ({
  read: async (path) => {
    const f = zip.file(path);
    return f ? f.async('string') : null;
  },
  write: (path, text) => {
    zip.file(path, text);
  },
});

/** Adds every chart of the model to the package; `parts` maps sheet names to their part paths. */
export async function addChartParts(
  zip: PartStore,
  model: WorkbookModel,
  parts: { name: string; path: string }[],
): Promise<number> {
  let drawingNo = 0;
  let chartNo = 0;
  const overrides: string[] = [];
  for (const sheet of model.sheets) {
    if (!sheet.charts.length) continue;
    const part = parts.find((p) => p.name === sheet.name);
    if (!part) continue;
    drawingNo++;
    const drawingPath = `xl/drawings/drawing${drawingNo}.xml`;
    const drawingRels: { id: string; type: string; target: string }[] = [];
    const anchors: string[] = [];
    sheet.charts.forEach((chart, i) => {
      chartNo++;
      const rid = `rId${i + 1}`;
      zip.write(`xl/charts/chart${chartNo}.xml`, chartSpaceXml(sheet, chart));
      overrides.push(`<Override PartName="/xl/charts/chart${chartNo}.xml" ContentType="${CT_CHART}"/>`);
      drawingRels.push({ id: rid, type: REL_CHART, target: `../charts/chart${chartNo}.xml` });
      anchors.push(anchorXml(sheet, chart, i + 1, rid));
    });
    zip.write(
      drawingPath,
      `${XML_PROLOG}<xdr:wsDr xmlns:xdr="${NS_XDR}" xmlns:a="${NS_A}" xmlns:r="${NS_R}">${anchors.join('')}</xdr:wsDr>`,
    );
    zip.write(`xl/drawings/_rels/drawing${drawingNo}.xml.rels`, relationshipsXml(drawingRels));
    overrides.push(`<Override PartName="/${drawingPath}" ContentType="${CT_DRAWING}"/>`);

    // The sheet's relationship to its drawing, and the <drawing> element in schema order.
    const slash = part.path.lastIndexOf('/');
    const relsPath = `${part.path.slice(0, slash)}/_rels/${part.path.slice(slash + 1)}.rels`;
    const existing = (await zip.read(relsPath)) ?? '';
    const ids = new Set([...existing.matchAll(/\bId="([^"]+)"/g)].map((m) => m[1]));
    let rid = 'rIdDrawing1';
    for (let k = 2; ids.has(rid); k++) rid = `rIdDrawing${k}`;
    const rel = `<Relationship Id="${rid}" Type="${REL_DRAWING}" Target="../drawings/drawing${drawingNo}.xml"/>`;
    zip.write(
      relsPath,
      existing
        ? existing.replace('</Relationships>', `${rel}</Relationships>`)
        : relationshipsXml([{ id: rid, type: REL_DRAWING, target: `../drawings/drawing${drawingNo}.xml` }]),
    );
    let xml = (await zip.read(part.path))!;
    if (!/<worksheet\b[^>]*\bxmlns:r=/.test(xml)) xml = xml.replace(/<worksheet\b/, `<worksheet xmlns:r="${NS_R}"`);
    const at = AFTER_DRAWING.exec(xml);
    if (at) xml = xml.slice(0, at.index) + `<drawing r:id="${rid}"/>` + xml.slice(at.index);
    zip.write(part.path, xml);
  }
  if (overrides.length) {
    const ct = (await zip.read('[Content_Types].xml'))!;
    zip.write('[Content_Types].xml', ct.replace('</Types>', `${overrides.join('')}</Types>`));
  }
  return chartNo;
}
