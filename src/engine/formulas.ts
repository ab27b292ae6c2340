import { Lang } from './i18n';
import { LISTS, ListName } from './lists';
import { policyName } from './policy';
import { ColumnSchema, FormulaRefs, TABLE_BY_NAME, TableName, TableSchema } from './schema';

/** Inside brackets Excel escapes [ ] # and ' with a leading apostrophe. */
const escapeColumn = (header: string): string => header.replace(/(['#[\]])/g, "'$1");

export function headerOf(table: TableName, key: string, lang: Lang): string {
  const c = TABLE_BY_NAME[table].columns.find((x) => x.key === key);
  if (!c) throw new Error(`no column ${table}.${key}`);
  return c.header[lang];
}

/** Structured references in the full form, which both Excel and LibreOffice evaluate. */
export function formulaRefs(own: TableName, lang: Lang): FormulaRefs {
  return {
    lang,
    row: (key) => `${own}[[#This Row],[${escapeColumn(headerOf(own, key, lang))}]]`,
    col: (table, key) => `${table}[${escapeColumn(headerOf(table, key, lang))}]`,
    policy: (key) => policyName(key),
    asOf: () => `IF(ISNUMBER(${policyName('AsOfDate')}),${policyName('AsOfDate')},TODAY())`,
    label: (list: ListName, key: string, l?: Lang) => {
      const it = LISTS[list].find((i) => i.key === key);
      if (!it) throw new Error(`unknown ${list}.${key}`);
      return `"${it[l ?? lang].replace(/"/g, '""')}"`;
    },
  };
}

/** The formula of a computed column, with the leading '=' as Office.js writes it. */
export function columnFormula(table: TableSchema, column: ColumnSchema, lang: Lang): string {
  if (!column.formula) throw new Error(`${table.name}.${column.key} is not computed`);
  return `=${column.formula(formulaRefs(table.name, lang))}`;
}

/**
 * Excel shows `Table[[#This Row],[Col]]` back as `[@Col]`; compare formulas in one canonical form.
 */
export function normalizeFormula(formula: string): string {
  return formula
    .replace(/_xlfn\./gi, '')
    .replace(/[A-Za-z_\u3400-\u9fff][\w.\u3400-\u9fff]*\[\[#This Row\],\[((?:[^\]']|'.)*)\]\]/gi, '[@[$1]]')
    .replace(/\[@([^[\]]+)\]/g, '[@[$1]]')
    .replace(/\s+/g, '')
    .toLowerCase();
}
