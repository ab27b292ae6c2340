/**
 * Errors a person can act on. Office reports failures with a code (OfficeExtension.Error.code) and an
 * English message written for developers; this module turns each code we can meet into what happened
 * and what to do, in both languages, and keeps Office's own words only as a detail. The pane and the
 * ribbon command both use it.
 */
import type { Text } from '../engine/i18n';
import { ExcelRunner, UserError } from './types';

/** What the workbook's protection looked like when Excel answered AccessDenied. */
export interface ProtectionFacts {
  /** Names of the protected worksheets. */
  sheets: string[];
  /** The workbook's structure is protected. */
  workbook: boolean;
}

interface OfficeLikeError {
  code?: unknown;
  message?: unknown;
  text?: Partial<Text>;
  debugInfo?: { errorLocation?: unknown };
}

const asError = (e: unknown): OfficeLikeError => (e && typeof e === 'object' ? (e as OfficeLikeError) : {});

/** The Office error code of a failure, or null when it is not an Office error. */
export function officeErrorCode(e: unknown): string | null {
  const code = asError(e).code;
  return typeof code === 'string' && code !== '' ? code : null;
}

const join = (names: string[], lang: 'zh' | 'en'): string =>
  lang === 'zh' ? names.map((n) => `「${n}」`).join('、') : names.map((n) => `"${n}"`).join(', ');

function accessDenied(facts: ProtectionFacts | undefined): Text {
  const parts: Text[] = [];
  if (facts && facts.sheets.length > 0) {
    parts.push({
      zh: `工作表${join(facts.sheets, 'zh')}受保护，加载项无法写入。请在 Excel 中选择“审阅”→“撤消工作表保护”（若设有密码，请向设置保护的人索取），然后重试。`,
      en: `The sheet${facts.sheets.length > 1 ? 's' : ''} ${join(facts.sheets, 'en')} ${facts.sheets.length > 1 ? 'are' : 'is'} protected, so the add-in cannot write to ${facts.sheets.length > 1 ? 'them' : 'it'}. In Excel choose Review → Unprotect Sheet (ask whoever protected it for the password, if there is one), then try again.`,
    });
  }
  if (facts?.workbook) {
    parts.push({
      zh: '工作簿结构受保护，加载项无法添加、删除、重命名或隐藏工作表。请选择“审阅”→“保护工作簿”取消结构保护，然后重试。',
      en: "The workbook's structure is protected, so the add-in cannot add, delete, rename or hide sheets. Choose Review → Protect Workbook to turn the protection off, then try again.",
    });
  }
  if (parts.length === 0) {
    parts.push({
      zh: 'Excel 拒绝了此更改：工作簿或其中的工作表受保护，或者您只有查看权限。请检查“审阅”→“撤消工作表保护”和“保护工作簿”，或向文件所有者申请编辑权限，然后重试。',
      en: 'Excel refused the change: the workbook or one of its sheets is protected, or you may only view this file. Check Review → Unprotect Sheet and Protect Workbook, or ask the owner for edit rights, then try again.',
    });
  }
  return { zh: parts.map((p) => p.zh).join(''), en: parts.map((p) => p.en).join(' ') };
}

/** What each Office error code means for the person at the keyboard. */
const MESSAGES: Record<string, Text> = {
  InvalidOperationInCellEditMode: {
    zh: 'Excel 正处于单元格编辑状态。请按 Enter 或 Esc 结束正在输入的单元格，然后重试。',
    en: 'Excel is in cell-edit mode. Press Enter or Esc to finish the cell you are typing in, then try again.',
  },
  RequestPayloadSizeLimitExceeded: {
    zh: '一次请求的数据超过了 Excel 网页版的上限（5 MB）。请重试；如果仍然出现，请在桌面版 Excel 中操作，或用命令行 presales check 检查保存的文件。',
    en: 'One request carried more data than Excel on the web allows (5 MB). Try again; if it happens again, use Excel for desktop, or check the saved file with the presales command line.',
  },
  Conflict: {
    zh: '其他人正在同时编辑同一部分内容（共同编辑冲突）。请稍等片刻，确认相关单元格后重试。',
    en: 'Someone else is editing the same part of the workbook at the same time (a co-authoring conflict). Wait a moment, look over the cells concerned, then try again.',
  },
  ItemNotFound: {
    zh: '加载项要找的工作表、表格或名称已不存在（可能被删除或重命名）。请在“工作簿”页点击“修复工作簿”，然后重试。',
    en: 'A sheet, table or name the add-in needs is no longer there (it may have been deleted or renamed). Choose Repair workbook on the Workbook page, then try again.',
  },
  GeneralException: {
    zh: 'Excel 未能完成此操作（一般性错误）。请保存工作簿后重试；如果仍然出现，请关闭并重新打开工作簿。',
    en: 'Excel could not finish the operation (a general error). Save the workbook and try again; if it happens again, close and reopen the workbook.',
  },
};

const GENERIC: Text = {
  zh: 'Excel 未能完成此操作。请重试；如果仍然出现，请保存并重新打开工作簿。',
  en: 'Excel could not finish the operation. Try again; if it happens again, save and reopen the workbook.',
};

/**
 * A readable message for any failure: a UserError's own text; for an Office error what it means and
 * what to do, with Office's words and code as a detail (never alone); otherwise the error's message.
 */
export function errorText(e: unknown, facts?: ProtectionFacts): Text {
  const err = asError(e);
  if (err.text && typeof err.text.zh === 'string' && typeof err.text.en === 'string')
    return { zh: err.text.zh, en: err.text.en };
  const message = typeof err.message === 'string' && err.message ? err.message : String(e);
  const code = officeErrorCode(e);
  if (code) {
    const what = code === 'AccessDenied' ? accessDenied(facts) : (MESSAGES[code] ?? GENERIC);
    return {
      zh: `${what.zh}（Excel：${message}；错误代码 ${code}）`,
      en: `${what.en} (Excel: ${message}; error code ${code})`,
    };
  }
  return { zh: `出错了：${message}`, en: `Something went wrong: ${message}` };
}

/** Which sheets and whether the workbook are protected (one round trip), for an AccessDenied message. */
export async function readProtection(run: ExcelRunner): Promise<ProtectionFacts> {
  return run(async (context) => {
    const sheets = context.workbook.worksheets.load('items/name,items/protection/protected');
    const book = context.workbook.protection.load('protected');
    await context.sync();
    return { sheets: sheets.items.filter((s) => s.protection.protected).map((s) => s.name), workbook: book.protected };
  });
}

/** errorText, after finding out for an AccessDenied which sheet or whether the workbook is protected. */
export async function explainError(run: ExcelRunner, e: unknown): Promise<Text> {
  if (e instanceof UserError || officeErrorCode(e) !== 'AccessDenied') return errorText(e);
  try {
    return errorText(e, await readProtection(run));
  } catch {
    return errorText(e);
  }
}

type ExcelLike = {
  run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
  run<T>(options: Excel.RunOptions, batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
};
type OfficeLike =
  { context?: { requirements?: { isSetSupported(name: string, version?: string): boolean } } } | undefined;

function supports(office: OfficeLike, version: string): boolean {
  try {
    return office?.context?.requirements?.isSetSupported('ExcelApi', version) === true;
  } catch {
    return false;
  }
}

/**
 * Excel.run for the live workbook. Where Excel offers it (ExcelApi 1.11), batches wait while the person
 * is typing in a cell instead of failing with InvalidOperationInCellEditMode.
 */
export function excelRunner(excel: ExcelLike, office: OfficeLike): ExcelRunner {
  const delay = supports(office, '1.11');
  return (batch) =>
    delay ? excel.run({ delayForCellEdit: true }, (context) => batch(context)) : excel.run((context) => batch(context));
}
