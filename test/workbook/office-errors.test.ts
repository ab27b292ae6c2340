/**
 * Errors a person can act on: each Office error code the add-in can meet becomes what happened and what
 * to do, in both languages, with Office's words only as a detail. The strict memory host is put in each
 * state as Excel would be: a protected sheet or workbook (AccessDenied), cell-edit mode, a co-authoring
 * conflict, a general exception, the 5 MB payload limit, a sheet gone.
 */
import { MemoryWorkbook, RichApiError } from '../../src/hosts/memory';
import { errorText, excelRunner, explainError, officeErrorCode } from '../../src/workbook/office-errors';
import { goToCell, loadSample, setUp, UserError } from '../../src/workbook';
import type { ExcelRunner } from '../../src/workbook';
import { newBook, TODAY } from './helpers';

async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the operation to fail');
}

/** Our sentence comes first in both languages; Office's raw message and the code follow as detail. */
function expectActionable(text: { zh: string; en: string }, raw: string, code: string): void {
  expect(text.zh).toMatch(/[\u4e00-\u9fff]/);
  expect(text.en.startsWith(raw)).toBe(false);
  expect(text.zh.startsWith(raw)).toBe(false);
  expect(text.en).toContain(`error code ${code}`);
  expect(text.zh).toContain(`错误代码 ${code}`);
  expect(text.en).toContain(raw);
}

const protect = (run: ExcelRunner, sheet: string | null) =>
  run(async (ctx) => {
    if (sheet === null) ctx.workbook.protection.protect();
    else ctx.workbook.worksheets.getItem(sheet).protection.protect();
    await ctx.sync();
  });

describe('AccessDenied: say which is protected and how to unprotect it', () => {
  test('a protected sheet refuses the write (as Excel does) and the message names it', async () => {
    const { wb, run } = newBook();
    await setUp(run, { lang: 'en' });
    await protect(run, 'Projects');
    const before = wb.cell('Projects', 'A2').value;
    const e = await failure(loadSample(run, { today: TODAY }));
    expect(officeErrorCode(e)).toBe('AccessDenied');
    expect(wb.cell('Projects', 'A2').value).toBe(before);
    const text = await explainError(run, e);
    expectActionable(text, (e as Error).message, 'AccessDenied');
    expect(text.en).toMatch(/The sheet "Projects" is protected.*Review → Unprotect Sheet/);
    expect(text.zh).toMatch(/工作表「Projects」受保护.*“审阅”→“撤消工作表保护”/);
    expect(text.en).not.toMatch(/structure/);
  });

  test('a protected workbook structure refuses a new sheet and the message says so', async () => {
    const wb = new MemoryWorkbook();
    const run: ExcelRunner = (b) => wb.run(b);
    await protect(run, null);
    const e = await failure(setUp(run, { lang: 'zh' }));
    expect(officeErrorCode(e)).toBe('AccessDenied');
    expect(wb.sheetNames()).toEqual(['Sheet1']);
    const text = await explainError(run, e);
    expect(text.en).toMatch(/workbook's structure is protected.*Review → Protect Workbook/);
    expect(text.zh).toMatch(/工作簿结构受保护/);
    expect(text.en).not.toMatch(/The sheet/);
  });

  test('once unprotected the same operation succeeds', async () => {
    const { run } = newBook();
    await setUp(run, { lang: 'en' });
    await protect(run, 'Projects');
    await failure(loadSample(run, { today: TODAY }));
    await run(async (ctx) => {
      ctx.workbook.worksheets.getItem('Projects').protection.unprotect();
      await ctx.sync();
    });
    await expect(loadSample(run, { today: TODAY })).resolves.toBeDefined();
  });
});

describe('cell-edit mode', () => {
  test('without delayForCellEdit Excel refuses the request; the message says to press Enter or Esc', async () => {
    const { wb, run } = newBook();
    wb.cellEditMode = true;
    const e = await failure(setUp(run, { lang: 'en' }));
    expect(officeErrorCode(e)).toBe('InvalidOperationInCellEditMode');
    const text = errorText(e);
    expectActionable(text, (e as Error).message, 'InvalidOperationInCellEditMode');
    expect(text.en).toMatch(/Press Enter or Esc/);
    expect(text.zh).toMatch(/Enter 或 Esc/);
  });

  test('the pane runs batches with delayForCellEdit where ExcelApi 1.11 offers it: they wait, then run', async () => {
    const { wb } = newBook();
    const office = (ok: boolean) => ({
      context: { requirements: { isSetSupported: (_n: string, v?: string) => ok || v !== '1.11' } },
    });
    const calls: unknown[] = [];
    const excel = {
      run: ((a: unknown, b?: unknown) => {
        calls.push(typeof a === 'function' ? 'batch' : a);
        return typeof a === 'function' ? wb.run(a as never) : wb.run(a as Excel.RunOptions, b as never);
      }) as never,
    };
    wb.cellEditMode = true;
    const waiting = setUp(excelRunner(excel, office(true)), { lang: 'en' });
    let done = false;
    void waiting.then(() => (done = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(done).toBe(false);
    expect(wb.sheetNames()).toEqual(['Sheet1']);
    wb.cellEditMode = false;
    await waiting;
    expect(wb.sheetNames()).toContain('Projects');
    expect(calls[0]).toEqual({ delayForCellEdit: true });
    // Below 1.11 the option does not exist: plain Excel.run.
    calls.length = 0;
    await excelRunner(excel, office(false))(async (ctx) => ctx.sync());
    expect(calls).toEqual(['batch']);
  });
});

describe('the other codes', () => {
  test('Conflict (co-authoring), GeneralException, ItemNotFound and the payload limit each say what to do', async () => {
    const { wb, run } = newBook();
    await setUp(run, { lang: 'en' });
    const cases: [string, () => Promise<unknown>, RegExp, RegExp][] = [
      [
        'Conflict',
        async () => {
          wb.failNextSync('Conflict', 'A conflict occurred.');
          await loadSample(run, { today: TODAY });
        },
        /co-authoring/,
        /共同编辑/,
      ],
      [
        'GeneralException',
        async () => {
          wb.failNextSync('GeneralException', 'An internal error has occurred.');
          await loadSample(run, { today: TODAY });
        },
        /close and reopen/,
        /重新打开/,
      ],
      ['ItemNotFound', () => goToCell(run, "'Gone Sheet'!A1"), /Repair workbook/, /修复工作簿/],
      [
        'RequestPayloadSizeLimitExceeded',
        async () => {
          wb.payloadLimitBytes = 200;
          try {
            await loadSample(run, { today: TODAY });
          } finally {
            wb.payloadLimitBytes = 5 * 1024 * 1024;
          }
        },
        /5 MB/,
        /5 MB/,
      ],
    ];
    for (const [code, act, en, zh] of cases) {
      const e = await failure(act());
      expect(e).toBeInstanceOf(RichApiError);
      expect(officeErrorCode(e)).toBe(code);
      const text = await explainError(run, e);
      expectActionable(text, (e as Error).message, code);
      expect(text.en).toMatch(en);
      expect(text.zh).toMatch(zh);
    }
  });

  test('an unknown code still gets a sentence; a UserError keeps its own text; a plain error its message', () => {
    const odd = Object.assign(new Error('Something odd.'), { code: 'NotImplemented' });
    expectActionable(errorText(odd), 'Something odd.', 'NotImplemented');
    const user = new UserError({ zh: '请先设置。', en: 'Set up first.' });
    expect(errorText(user)).toEqual({ zh: '请先设置。', en: 'Set up first.' });
    expect(errorText(new Error('boom')).en).toContain('boom');
  });
});
