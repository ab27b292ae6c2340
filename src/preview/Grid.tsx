import * as React from 'react';
import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { colLetters, formatValue, MemoryWorkbook } from '../hosts/memory';
import type { SheetModel } from '../hosts/memory';
import { conditionalStyleAt, rulesIn } from './conditional';

const ROW_H = 22;
const HEADER_H = 24;
const ROWNUM_W = 44;
const MIN_ROWS = 40;
const MIN_COLS = 12;
const OVERSCAN = 8;

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    height: '100%',
    minHeight: 0,
    backgroundColor: '#ffffff',
    color: '#1f1f1f',
  },
  bar: {
    display: 'flex',
    alignItems: 'center',
    columnGap: '8px',
    padding: '4px 8px',
    borderBottom: '1px solid #d1d1d1',
    fontFamily: tokens.fontFamilyBase,
    fontSize: '12px',
  },
  nameBox: {
    fontFamily: tokens.fontFamilyMonospace,
    border: '1px solid #c8c8c8',
    padding: '1px 6px',
    minWidth: '72px',
    backgroundColor: '#fff',
  },
  formula: {
    flexGrow: 1,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    color: '#424242',
    fontFamily: tokens.fontFamilyMonospace,
  },
  scroller: {
    flexGrow: 1,
    overflow: 'auto',
    position: 'relative',
    minHeight: 0,
    outlineStyle: 'none',
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '-2px' },
  },
  row: { display: 'flex', position: 'absolute', left: 0, height: `${ROW_H}px` },
  headerRow: {
    display: 'flex',
    position: 'sticky',
    top: 0,
    zIndex: 2,
    height: `${HEADER_H}px`,
    backgroundColor: '#f3f3f3',
  },
  colHeader: {
    boxSizing: 'border-box',
    borderRight: '1px solid #d1d1d1',
    borderBottom: '1px solid #bdbdbd',
    textAlign: 'center',
    fontSize: '12px',
    lineHeight: `${HEADER_H - 1}px`,
    color: '#424242',
    backgroundColor: '#f3f3f3',
    flexShrink: 0,
  },
  corner: { position: 'sticky', left: 0, zIndex: 3 },
  rowHeader: {
    position: 'sticky',
    left: 0,
    zIndex: 1,
    boxSizing: 'border-box',
    width: `${ROWNUM_W}px`,
    flexShrink: 0,
    backgroundColor: '#f3f3f3',
    borderRight: '1px solid #bdbdbd',
    borderBottom: '1px solid #d1d1d1',
    textAlign: 'center',
    fontSize: '12px',
    lineHeight: `${ROW_H - 1}px`,
    color: '#424242',
  },
  cell: {
    boxSizing: 'border-box',
    flexShrink: 0,
    borderRight: '1px solid #e0e0e0',
    borderBottom: '1px solid #e0e0e0',
    padding: '0 4px',
    fontSize: '12px',
    lineHeight: `${ROW_H - 1}px`,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    cursor: 'cell',
    fontFamily: '"Segoe UI", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif',
  },
  number: { textAlign: 'right' },
  selected: { outline: '2px solid #107c41', outlineOffset: '-2px', position: 'relative', zIndex: 1 },
  tabs: {
    display: 'flex',
    flexWrap: 'nowrap',
    overflowX: 'auto',
    borderTop: '1px solid #d1d1d1',
    backgroundColor: '#f3f3f3',
    padding: '0 4px',
    flexShrink: 0,
  },
  tab: {
    border: 'none',
    borderRight: '1px solid #d1d1d1',
    background: 'transparent',
    padding: '4px 12px',
    fontSize: '12px',
    fontFamily: tokens.fontFamilyBase,
    color: '#242424',
    cursor: 'pointer',
    whiteSpace: 'nowrap',
    ':hover': { backgroundColor: '#e6e6e6' },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '-2px' },
  },
  tabActive: { backgroundColor: '#ffffff', color: '#0e5c2f', fontWeight: 600, borderBottom: '2px solid #107c41' },
});

const widthPx = (s: SheetModel, c: number): number => {
  const pt = s.colWidth.get(c);
  const px = pt === undefined ? 72 : Math.round(pt * 1.333);
  return Math.max(28, Math.min(320, px));
};

/** The in-memory workbook as a spreadsheet: sheet tabs, a virtualized grid, the selection outlined. */
export default function Grid({ wb }: { wb: MemoryWorkbook }): React.JSX.Element {
  const c = useStyles();
  const [, setVersion] = React.useState(0);
  const [scroll, setScroll] = React.useState({ top: 0, height: 600 });
  const scroller = React.useRef<HTMLDivElement>(null);

  React.useEffect(() => wb.onChange(() => setVersion((v) => v + 1)), [wb]);
  React.useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const update = (): void => setScroll({ top: el.scrollTop, height: el.clientHeight || 600 });
    update();
    const ro = typeof ResizeObserver !== 'undefined' ? new ResizeObserver(update) : null;
    ro?.observe(el);
    return () => ro?.disconnect();
  }, []);

  const sheets = wb.model.sheets.filter((s) => s.visibility === 'Visible');
  const sheet = wb.model.activeSheet && !wb.model.activeSheet.deleted ? wb.model.activeSheet : sheets[0];
  const sel = wb.model.selection && wb.model.selection.sheet === sheet ? wb.model.selection.rect : null;

  // Keep the selected cell in view when the pane moves the selection (goToCell).
  const selKey = sel ? `${sheet?.name}!${sel.r0},${sel.c0}` : '';
  React.useEffect(() => {
    const el = scroller.current;
    if (!el || !sel) return;
    const y = HEADER_H + sel.r0 * ROW_H;
    if (y < el.scrollTop + HEADER_H || y + ROW_H > el.scrollTop + el.clientHeight)
      el.scrollTop = Math.max(0, y - el.clientHeight / 3);
    let x = ROWNUM_W;
    for (let i = 0; i < sel.c0; i++) x += widthPx(sheet!, i);
    if (x < el.scrollLeft + ROWNUM_W || x + widthPx(sheet!, sel.c0) > el.scrollLeft + el.clientWidth)
      el.scrollLeft = Math.max(0, x - ROWNUM_W - 40);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selKey]);

  if (!sheet) return <div className={c.root} />;
  const used = sheet.usedRect(false);
  const nRows = Math.max(MIN_ROWS, (used?.r1 ?? 0) + 10);
  const nCols = Math.max(MIN_COLS, (used?.c1 ?? 0) + 3);
  const widths = Array.from({ length: nCols }, (_, i) => widthPx(sheet, i));
  const totalW = ROWNUM_W + widths.reduce((a, b) => a + b, 0);
  const first = Math.max(0, Math.floor((scroll.top - HEADER_H) / ROW_H) - OVERSCAN);
  const last = Math.min(nRows - 1, Math.ceil((scroll.top + scroll.height) / ROW_H) + OVERSCAN);

  const select = (r: number, col: number): void => {
    void wb.setSelection(sheet.name, `${colLetters(col)}${r + 1}`);
  };
  const selCell = sel ? sheet.get(sel.r0, sel.c0) : undefined;
  const selAddress = sel ? `${colLetters(sel.c0)}${sel.r0 + 1}` : '';

  const onKeyDown = (e: React.KeyboardEvent): void => {
    if (!sel) return;
    const moves: Record<string, [number, number]> = {
      ArrowUp: [-1, 0],
      ArrowDown: [1, 0],
      ArrowLeft: [0, -1],
      ArrowRight: [0, 1],
    };
    const m = moves[e.key];
    if (!m) return;
    e.preventDefault();
    select(Math.max(0, Math.min(nRows - 1, sel.r0 + m[0])), Math.max(0, Math.min(nCols - 1, sel.c0 + m[1])));
  };

  // Conditional formats: only the rules that touch the rendered rows, evaluated per rendered cell.
  const rules = rulesIn(sheet, first, last, 0, nCols - 1);

  const rows: React.JSX.Element[] = [];
  for (let r = first; r <= last; r++) {
    const cells: React.JSX.Element[] = [];
    for (let col = 0; col < nCols; col++) {
      const cell = sheet.get(r, col);
      const nf = sheet.styleOf(r, col, 'nf');
      const v = cell?.v ?? null;
      const text = formatValue(v as never, nf);
      const fill = sheet.styleOf(r, col, 'fill');
      const font = sheet.styleOf(r, col, 'fontColor');
      const bold = sheet.styleOf(r, col, 'bold');
      // As in Excel, a matching conditional format is drawn over the cell's own format (and its fill).
      const cf = rules.length ? conditionalStyleAt(wb.model, sheet, r, col, rules) : null;
      const shownFill = cf?.fill ?? (fill && fill !== '#FFFFFF' ? fill : undefined);
      const shownFont = cf?.fontColor ?? (font && font !== '#000000' ? font : undefined);
      const shownBold = cf?.bold ?? bold;
      const isSel = sel !== null && r === sel.r0 && col === sel.c0;
      const a1 = `${colLetters(col)}${r + 1}`;
      cells.push(
        <div
          key={col}
          tabIndex={-1}
          role="gridcell"
          aria-colindex={col + 2}
          aria-selected={isSel}
          data-cell={a1}
          data-selected={isSel ? 'true' : undefined}
          data-fill={fill || undefined}
          data-cf={cf?.id}
          data-cf-fill={cf?.fill}
          className={mergeClasses(c.cell, typeof v === 'number' && c.number, isSel && c.selected)}
          style={{
            width: widths[col],
            backgroundColor: shownFill,
            color: shownFont,
            fontWeight: shownBold ? 600 : undefined,
            fontStyle: cf?.italic ? 'italic' : undefined,
          }}
          title={text.length > 12 ? text : undefined}
          onMouseDown={(e) => {
            e.preventDefault();
            scroller.current?.focus();
            select(r, col);
          }}
        >
          {text}
        </div>,
      );
    }
    rows.push(
      <div
        key={r}
        role="row"
        aria-rowindex={r + 2}
        className={c.row}
        style={{ top: HEADER_H + r * ROW_H, width: totalW }}
      >
        <div role="rowheader" className={c.rowHeader}>
          {r + 1}
        </div>
        {cells}
      </div>,
    );
  }

  return (
    <div className={c.root} data-testid="grid" data-sheet={sheet.name}>
      <div className={c.bar}>
        <span className={c.nameBox} data-testid="name-box" aria-label="Name box">
          {selAddress}
        </span>
        <span className={c.formula} data-testid="formula-bar">
          {selCell?.f ?? formatValue((selCell?.v ?? null) as never, sheet.styleOf(sel?.r0 ?? 0, sel?.c0 ?? 0, 'nf'))}
        </span>
      </div>
      <div
        ref={scroller}
        className={c.scroller}
        tabIndex={0}
        role="grid"
        aria-label={`${sheet.name}`}
        aria-rowcount={nRows + 1}
        aria-colcount={nCols + 1}
        onScroll={(e) => setScroll({ top: e.currentTarget.scrollTop, height: e.currentTarget.clientHeight || 600 })}
        onKeyDown={onKeyDown}
      >
        <div style={{ height: HEADER_H + nRows * ROW_H, width: totalW, position: 'relative' }}>
          <div role="row" aria-rowindex={1} className={c.headerRow} style={{ width: totalW }}>
            <div
              role="columnheader"
              aria-label="Row"
              className={mergeClasses(c.colHeader, c.corner)}
              style={{ width: ROWNUM_W }}
            />
            {widths.map((w, col) => (
              <div key={col} role="columnheader" className={c.colHeader} style={{ width: w }}>
                {colLetters(col)}
              </div>
            ))}
          </div>
          {rows}
        </div>
      </div>
      <div role="tablist" aria-label="Sheets" className={c.tabs} data-testid="sheet-tabs">
        {sheets.map((s) => (
          <button
            key={s.id}
            type="button"
            role="tab"
            aria-selected={s === sheet}
            data-sheet-tab={s.name}
            className={mergeClasses(c.tab, s === sheet && c.tabActive)}
            style={s.tabColor && s !== sheet ? { borderBottom: `3px solid ${s.tabColor}` } : undefined}
            onClick={() => {
              const keep = wb.model.selection?.sheet === s ? wb.model.selection.rect : { r0: 0, c0: 0 };
              void wb.setSelection(s.name, `${colLetters(keep.c0)}${keep.r0 + 1}`);
            }}
          >
            {s.name}
          </button>
        ))}
      </div>
    </div>
  );
}
