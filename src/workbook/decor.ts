import { columnLetter } from '../engine/address';
import { columnFormula } from '../engine/formulas';
import { Lang } from '../engine/i18n';
import { CONDITIONAL_FORMATS, numberFormatOf, validationOf } from '../engine/layout';
import { ColumnSchema, TableSchema } from '../engine/schema';

/**
 * The per-column dress of a table — number format, formula, validation, conditional formats — written
 * from the schema onto a live range. Shared by set-up, repair and the sample loader.
 */
export interface BodyPosition {
  sheet: Excel.Worksheet;
  /** Sheet row (0-based) of the first data row, and the number of data rows. */
  firstRow: number;
  rows: number;
  /** Sheet column (0-based) of each schema column, -1 when absent. */
  colOf: (key: string) => number;
}

export const columnRange = (p: BodyPosition, col: number): Excel.Range =>
  p.sheet.getRangeByIndexes(p.firstRow, col, Math.max(1, p.rows), 1);

/** Office.js accepts one value for a whole range at run time, though its typings want a 2-D array. */
export function setAll(range: Excel.Range, prop: 'formulas' | 'values' | 'numberFormat', value: string | number): void {
  (range as unknown as Record<string, unknown>)[prop] = value;
}

export function writeFormula(p: BodyPosition, schema: TableSchema, col: ColumnSchema, lang: Lang): void {
  const c = p.colOf(col.key);
  if (c < 0) return;
  setAll(columnRange(p, c), 'formulas', columnFormula(schema, col, lang));
}

export function writeNumberFormat(p: BodyPosition, col: ColumnSchema): void {
  const c = p.colOf(col.key);
  const nf = numberFormatOf(col);
  if (c < 0 || nf === 'General') return;
  setAll(columnRange(p, c), 'numberFormat', nf);
}

export function writeValidation(p: BodyPosition, col: ColumnSchema, lang: Lang): void {
  const c = p.colOf(col.key);
  const plan = validationOf(col);
  if (c < 0 || !plan) return;
  const dv = columnRange(p, c).dataValidation;
  dv.clear();
  switch (plan.kind) {
    case 'list':
      dv.rule = { list: { inCellDropDown: true, source: plan.source } };
      break;
    case 'decimal':
      dv.rule =
        plan.min === undefined
          ? { decimal: { formula1: -1e15, formula2: 1e15, operator: Excel.DataValidationOperator.between } }
          : plan.max !== undefined
            ? { decimal: { formula1: plan.min, formula2: plan.max, operator: Excel.DataValidationOperator.between } }
            : { decimal: { formula1: plan.min, operator: Excel.DataValidationOperator.greaterThanOrEqualTo } };
      break;
    case 'wholeNumber':
      dv.rule = { wholeNumber: { formula1: -3650, formula2: 3650, operator: Excel.DataValidationOperator.between } };
      break;
    case 'date':
      dv.rule = { date: { formula1: '=DATE(2000,1,1)', operator: Excel.DataValidationOperator.greaterThanOrEqualTo } };
      break;
  }
  const strict = plan.kind !== 'list' || plan.strict;
  dv.errorAlert = {
    showAlert: true,
    style: strict ? Excel.DataValidationAlertStyle.stop : Excel.DataValidationAlertStyle.information,
    title: lang === 'zh' ? col.header.zh : col.header.en,
    message: plan.prompt[lang],
  };
  dv.prompt = { showPrompt: false, title: col.header[lang], message: plan.prompt[lang] };
}

export function writeConditionalFormats(p: BodyPosition, schema: TableSchema, key: string): void {
  const plans = (CONDITIONAL_FORMATS[schema.name] ?? []).filter((cf) => cf.column === key);
  const c = p.colOf(key);
  if (c < 0) return;
  const ref = (k: string): string => {
    const i = p.colOf(k);
    // An A1 reference relative to the first cell: Excel refuses structured references here.
    return i < 0 ? '0' : `$${columnLetter(i)}${p.firstRow + 1}`;
  };
  for (const plan of plans) {
    const cf = columnRange(p, c).conditionalFormats.add(Excel.ConditionalFormatType.custom);
    cf.custom.rule.formula = `=${plan.formula(ref)}`;
    if (plan.fill) cf.custom.format.fill.color = plan.fill;
    if (plan.fontColor) cf.custom.format.font.color = plan.fontColor;
    if (plan.bold) cf.custom.format.font.bold = true;
  }
}

export const formattedColumns = (schema: TableSchema): Set<string> =>
  new Set((CONDITIONAL_FORMATS[schema.name] ?? []).map((cf) => cf.column));

/** Everything a column gets, for a freshly made table or freshly written rows. */
export function dressColumns(p: BodyPosition, schema: TableSchema, lang: Lang, withFormats = true): void {
  const cf = formattedColumns(schema);
  for (const col of schema.columns) {
    if (col.type === 'computed') writeFormula(p, schema, col, lang);
    writeNumberFormat(p, col);
    if (col.type !== 'computed') writeValidation(p, col, lang);
    if (withFormats && cf.has(col.key)) writeConditionalFormats(p, schema, col.key);
  }
}
