import { columnLetter } from '../engine/address';
import { columnFormula } from '../engine/formulas';
import { Lang } from '../engine/i18n';
import { CONDITIONAL_FORMATS, numberFormatOf, validationOf } from '../engine/layout';
import { ColumnSchema, TableSchema } from '../engine/schema';
import { columnSteps, Step, step } from './steps';

/**
 * The per-column dress of a table — number format, formula, validation, conditional formats — queued
 * from the schema as steps onto a live range. Shared by set-up, repair and the sample loader.
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

/** One value down a whole column of the body, as n×1 arrays in pieces that fit a request. */
function fillColumn(p: BodyPosition, col: number, prop: 'formulas' | 'numberFormat', value: string): Step[] {
  return columnSteps(Math.max(1, p.rows), value, (offset, grid) => {
    const range = p.sheet.getRangeByIndexes(p.firstRow + offset, col, grid.length, 1);
    if (prop === 'formulas') range.formulas = grid;
    else range.numberFormat = grid;
  });
}

export function writeFormula(p: BodyPosition, schema: TableSchema, col: ColumnSchema, lang: Lang): Step[] {
  const c = p.colOf(col.key);
  if (c < 0) return [];
  return fillColumn(p, c, 'formulas', columnFormula(schema, col, lang));
}

export function writeNumberFormat(p: BodyPosition, col: ColumnSchema): Step[] {
  const c = p.colOf(col.key);
  const nf = numberFormatOf(col);
  if (c < 0 || nf === 'General') return [];
  return fillColumn(p, c, 'numberFormat', nf);
}

export function writeValidation(p: BodyPosition, col: ColumnSchema, lang: Lang): Step[] {
  const c = p.colOf(col.key);
  const plan = validationOf(col);
  if (c < 0 || !plan) return [];
  return [step(() => validate(columnRange(p, c).dataValidation, plan, col, lang))];
}

function validate(
  dv: Excel.DataValidation,
  plan: NonNullable<ReturnType<typeof validationOf>>,
  col: ColumnSchema,
  lang: Lang,
): void {
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

export function writeConditionalFormats(p: BodyPosition, schema: TableSchema, key: string): Step[] {
  const plans = (CONDITIONAL_FORMATS[schema.name] ?? []).filter((cf) => cf.column === key);
  const c = p.colOf(key);
  if (c < 0) return [];
  const ref = (k: string): string => {
    const i = p.colOf(k);
    // An A1 reference relative to the first cell: Excel refuses structured references here.
    return i < 0 ? '0' : `$${columnLetter(i)}${p.firstRow + 1}`;
  };
  return plans.map((plan) =>
    step(() => {
      const cf = columnRange(p, c).conditionalFormats.add(Excel.ConditionalFormatType.custom);
      cf.custom.rule.formula = `=${plan.formula(ref)}`;
      if (plan.fill) cf.custom.format.fill.color = plan.fill;
      if (plan.fontColor) cf.custom.format.font.color = plan.fontColor;
      if (plan.bold) cf.custom.format.font.bold = true;
    }),
  );
}

export const formattedColumns = (schema: TableSchema): Set<string> =>
  new Set((CONDITIONAL_FORMATS[schema.name] ?? []).map((cf) => cf.column));

/** Everything a column gets, for a freshly made table or freshly written rows (formulas only where asked). */
export function dressColumns(
  p: BodyPosition,
  schema: TableSchema,
  lang: Lang,
  options: { formulas?: boolean; formats?: boolean } = {},
): Step[] {
  const { formulas = true, formats = true } = options;
  const cf = formattedColumns(schema);
  const out: Step[] = [];
  for (const col of schema.columns) {
    if (col.type === 'computed' && formulas) out.push(...writeFormula(p, schema, col, lang));
    out.push(...writeNumberFormat(p, col));
    if (col.type !== 'computed') out.push(...writeValidation(p, col, lang));
    if (formats && cf.has(col.key)) out.push(...writeConditionalFormats(p, schema, col.key));
  }
  return out;
}
