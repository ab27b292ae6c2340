import type { Analysis } from '../engine/analyze';
import type { Lang, Text } from '../engine/i18n';
import type { TableName } from '../engine/schema';
import type { CellValue } from '../engine/values';

/** Excel.run for the live workbook, MemoryWorkbook.run for tests, the CLI and the preview. */
export type ExcelRunner = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

/** An error meant for the user: a message in both languages, never a stack trace. */
export class UserError extends Error {
  constructor(readonly text: Text) {
    super(text.en);
    this.name = 'UserError';
  }
}

export interface TableStatus {
  table: TableName;
  state: 'ok' | 'missing' | 'broken';
  sheet: string | null;
  /** Data rows holding anything. */
  rows: number;
  problems: Text[];
}

export interface WorkbookStatus {
  /** The language of the Projects headers, or null when not set up. */
  lang: Lang | null;
  tables: TableStatus[];
  /** Every table exists and none is broken. */
  ready: boolean;
}

export interface SetupOptions {
  lang: Lang;
  /** Rewrite computed cells whose formula someone replaced (only after the user confirms). */
  restoreFormulas?: boolean;
}

export interface SetupResult {
  created: string[];
  repaired: string[];
  /** Computed cells that hold a typed value instead of their formula (restored only with restoreFormulas). */
  overwrittenFormulas: { table: TableName; column: string; cell: string }[];
  restoredFormulas: number;
  /** False when the workbook already matched the layout and nothing was written. */
  changed: boolean;
}

export type { Analysis, CellValue };
