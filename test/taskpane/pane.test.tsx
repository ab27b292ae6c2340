/** @jest-environment jsdom */
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App } from '../../src/taskpane/App';
import { isDarkColor, isSupported, MIN_EXCEL_API, pageFromUrl, Unsupported } from '../../src/taskpane/boot';
import { errorText } from '../../src/taskpane/usePipeline';
import { UserError } from '../../src/workbook/types';
import { deferred, fakeOps, fakeRunner, sampleAnalysis } from './fixtures';
import type { PipelineOps } from '../../src/taskpane/ops';
import type { Lang } from '../../src/engine/i18n';

// jsdom has no ResizeObserver (Fluent's MessageBar measures itself).
(globalThis as unknown as { ResizeObserver: unknown }).ResizeObserver ??= class {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
};

function renderPane(ops: PipelineOps, lang: Lang = 'en', page?: 'workbook' | 'check' | 'project' | 'review') {
  const runner = fakeRunner();
  const utils = render(<App run={runner.run} ops={ops} initialLang={lang} initialPage={page} />);
  return { ...utils, runner };
}

async function runCheck(): Promise<void> {
  fireEvent.click(await screen.findByTestId('run-check'));
  await screen.findByTestId('counts');
}

describe('task pane', () => {
  test('the language switch changes every text on the page', async () => {
    const ops = fakeOps();
    renderPane(ops, 'zh');
    expect(await screen.findByText('设置工作簿')).toBeTruthy();
    expect(screen.getByText('载入示例数据')).toBeTruthy();
    expect(screen.getByRole('tab', { name: '检查' })).toBeTruthy();
    fireEvent.click(screen.getByTestId('lang-toggle'));
    // Set up becomes Repair because the fake workbook already has its tables.
    expect(await screen.findByText('Repair workbook')).toBeTruthy();
    expect(screen.getByText('Load sample pipeline')).toBeTruthy();
    expect(screen.getByRole('tab', { name: 'Check' })).toBeTruthy();
    expect(screen.queryByText('载入示例数据')).toBeNull();
    expect(document.documentElement.lang).toBe('en');
  });

  test('the check page groups findings by table and a click goes to the cell', async () => {
    const ops = fakeOps();
    renderPane(ops, 'en', 'check');
    await runCheck();
    // Three counts: data problems, approvals needed (escalations are decisions, not bad data), warnings.
    expect(screen.getByTestId('count-data').textContent).toBe('Data problems 1');
    expect(screen.getByTestId('count-approval').textContent).toBe('Approvals needed 2');
    expect(screen.getByTestId('count-warning').textContent).toBe('Warnings 3');
    const group = screen.getByTestId('group-Projects');
    const findings = within(group).getAllByTestId('finding');
    expect(findings).toHaveLength(6);
    expect(within(group).getByText(/Table 1 Project information/)).toBeTruthy();
    fireEvent.click(within(findings[0]).getByRole('button', { name: /50万/ }));
    await waitFor(() => expect(ops.goToCell).toHaveBeenCalledWith(expect.anything(), 'Projects!J2'));
  });

  test('findings show in the UI language, not the workbook language', async () => {
    renderPane(fakeOps(), 'zh', 'check');
    await runCheck();
    expect(screen.getAllByTestId('finding')[0].textContent).toMatch(/预计合同额/);
  });

  test('the fix button appears only on amount-as-text findings and writes the number', async () => {
    const ops = fakeOps();
    renderPane(ops, 'en', 'check');
    await runCheck();
    const fixes = screen.getAllByTestId('fix');
    expect(fixes).toHaveLength(1);
    expect(fixes[0].closest('[data-testid="finding"]')?.getAttribute('data-code')).toBe('amount-as-text');
    expect(fixes[0].textContent).toContain('¥500,000');
    fireEvent.click(fixes[0]);
    await waitFor(() => expect(ops.fixAmountAsText).toHaveBeenCalledTimes(1));
    expect(ops.fixAmountAsText.mock.calls[0][1]).toMatchObject({ code: 'amount-as-text', fixValue: 500000 });
    await waitFor(() => expect(ops.checkWorkbook).toHaveBeenCalledTimes(2)); // re-checked after the fix
  });

  test('a fixed finding is marked fixed and the results out of date until the re-check replaces them', async () => {
    const recheck = deferred<ReturnType<typeof sampleAnalysis>>();
    let calls = 0;
    const ops = fakeOps({ checkWorkbook: async () => (++calls === 1 ? sampleAnalysis() : recheck.promise) });
    renderPane(ops, 'zh', 'check');
    await runCheck();
    const row = screen.getByTestId('fix').closest('[data-testid="finding"]') as HTMLElement;
    fireEvent.click(within(row).getByTestId('fix'));
    await waitFor(() => expect(ops.checkWorkbook).toHaveBeenCalledTimes(2));
    // While the re-check runs: no second fix for the same finding, a "fixed" mark, the results stale.
    expect(within(row).queryByTestId('fix')).toBeNull();
    expect(within(row).getByTestId('fixed').textContent).toBe('已修复');
    expect(row.getAttribute('data-fixed')).toBe('true');
    expect(screen.getByTestId('stale')).toBeTruthy();
    // The re-check fails: the mark and the stale banner stay, with one click to check again.
    await act(async () => recheck.reject(new Error('boom')));
    await waitFor(() => expect(screen.getByTestId('notice').textContent).toBeTruthy());
    expect(within(row).getByTestId('fixed')).toBeTruthy();
    expect(screen.getByTestId('recheck')).toBeTruthy();
  });

  test('after a successful re-check the fixed mark is gone with the finding', async () => {
    let calls = 0;
    const ops = fakeOps({
      checkWorkbook: async () => {
        const a = sampleAnalysis();
        if (++calls > 1) a.findings = a.findings.filter((f) => f.code !== 'amount-as-text');
        return a;
      },
    });
    renderPane(ops, 'en', 'check');
    await runCheck();
    fireEvent.click(screen.getByTestId('fix'));
    await waitFor(() => expect(screen.getByTestId('notice').textContent).toContain('now holds the number'));
    expect(screen.queryByTestId('fixed')).toBeNull();
    expect(screen.queryByTestId('stale')).toBeNull();
    expect(document.querySelector('[data-code="amount-as-text"]')).toBeNull();
  });

  test('a policy-invalid finding that reads as a number has the same fix button', async () => {
    const withPolicy = (): ReturnType<typeof sampleAnalysis> => {
      const a = sampleAnalysis();
      a.findings.push({
        code: 'policy-invalid',
        severity: 'error',
        table: 'Policy',
        column: 'value',
        cell: 'Settings!B11',
        row: 9,
        message: { zh: '政策参数 FeeRatioA 是文本“6%”', en: 'Policy FeeRatioA holds the text "6%"' },
        fixValue: 0.06,
        fixFrom: '6%',
      });
      return a;
    };
    const ops = fakeOps({ checkWorkbook: async () => withPolicy() });
    renderPane(ops, 'en', 'check');
    await runCheck();
    const fix = screen
      .getAllByTestId('fix')
      .find((b) => b.closest('[data-testid="finding"]')?.getAttribute('data-code') === 'policy-invalid')!;
    expect(fix.textContent).toContain('0.06');
    fireEvent.click(fix);
    await waitFor(() => expect(ops.fixAmountAsText).toHaveBeenCalledTimes(1));
    expect(ops.fixAmountAsText.mock.calls[0][1]).toMatchObject({ code: 'policy-invalid', fixValue: 0.06 });
  });

  test('buttons are disabled while an operation runs and a second click does not start it again', async () => {
    const d = deferred<ReturnType<typeof sampleAnalysis>>();
    const ops = fakeOps({ checkWorkbook: () => d.promise });
    renderPane(ops, 'en', 'check');
    const button = await screen.findByTestId('run-check');
    fireEvent.click(button);
    await waitFor(() => expect((screen.getByTestId('run-check') as HTMLButtonElement).disabled).toBe(true));
    expect(screen.getByText('Checking…')).toBeTruthy();
    expect(screen.getByRole('progressbar', { name: 'Checking…' })).toBeTruthy();
    expect((screen.getByTestId('highlight') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByTestId('run-check'));
    expect(ops.checkWorkbook).toHaveBeenCalledTimes(1);
    await act(async () => d.resolve(sampleAnalysis()));
    await waitFor(() => expect((screen.getByTestId('run-check') as HTMLButtonElement).disabled).toBe(false));
    expect(screen.queryByRole('progressbar', { name: 'Checking…' })).toBeNull();
  });

  test('a UserError shows its text in the UI language and the pane stays usable', async () => {
    const ops = fakeOps({
      loadSample: async () => {
        throw new UserError({
          zh: '表格中已有数据，无法载入示例。',
          en: 'The tables already hold data; the sample was not loaded.',
        });
      },
    });
    renderPane(ops, 'zh');
    fireEvent.click(await screen.findByTestId('load-sample'));
    const bar = await screen.findByTestId('notice');
    expect(bar.textContent).toContain('表格中已有数据');
    fireEvent.click(screen.getByTestId('lang-toggle'));
    expect(screen.getByTestId('notice').textContent).toContain('already hold data');
    expect((screen.getByTestId('load-sample') as HTMLButtonElement).disabled).toBe(false);
  });

  test('an Office error shows a readable message with its code', async () => {
    const err = Object.assign(new Error('The requested resource does not exist.'), {
      name: 'RichApi.Error',
      code: 'ItemNotFound',
    });
    const ops = fakeOps({ checkWorkbook: async () => Promise.reject(err) });
    renderPane(ops, 'en', 'check');
    fireEvent.click(await screen.findByTestId('run-check'));
    const bar = await screen.findByTestId('notice');
    // What happened and what to do first; Office's own words only as the detail.
    expect(bar.textContent).toContain('Choose Repair workbook on the Workbook page');
    expect(bar.textContent).toContain('(Excel: The requested resource does not exist.; error code ItemNotFound)');
    expect(errorText(err).zh).toContain('错误代码 ItemNotFound');
  });

  test('the approvals page lists every pending request and the projects that need one; approve passes the remembered approver', async () => {
    localStorage.removeItem('presales-pipeline.approver');
    const ops = fakeOps();
    renderPane(ops, 'en', 'review');
    await waitFor(() => expect(screen.getAllByTestId('request')).toHaveLength(1), { timeout: 10_000 });
    const [card] = screen.getAllByTestId('request');
    expect(card.getAttribute('data-request-id')).toBe('A-1');
    // 50,000 > 10% of P2's planned 100,000: leadership, and nobody in People has that role.
    expect(card.getAttribute('data-level')).toBe('leadership');
    expect(within(card).getByTestId('level-reasons').textContent).toContain('¥50,000');
    expect(within(card).getByTestId('approvers').textContent).toBe('Nobody active in People has that role.');
    expect(within(card).getByTestId('sponsor-state').textContent).toBe('Sponsor not confirmed');
    // P3 is escalated and has no request; P2 has one.
    expect(screen.getAllByTestId('needs-request-item').map((e) => e.getAttribute('data-project'))).toEqual(['P3']);
    expect(screen.getByTestId('needs-request').textContent).toMatch(
      /actual cost ¥31,000 exceeds the current plan ¥30,000/,
    );
    fireEvent.change(screen.getByTestId('approver'), { target: { value: 'Wang GM' } });
    expect(localStorage.getItem('presales-pipeline.approver')).toBe('Wang GM');
    expect(within(card).getByTestId('refusal-hint').textContent).toMatch(/too low/);
    fireEvent.click(within(card).getByTestId('reject'));
    await waitFor(() =>
      expect(ops.decideRequest).toHaveBeenCalledWith(
        expect.anything(),
        expect.objectContaining({ id: 'A-1', table: 'Adjustments' }),
        expect.objectContaining({ decision: 'rejected', approver: 'Wang GM' }),
      ),
    );
    await waitFor(
      () => expect(screen.getByTestId('notice').textContent).toContain('Rejected A-1 (approver: Wang GM)'),
      { timeout: 10_000 },
    );
    fireEvent.click(screen.getByTestId('export-review'));
    await waitFor(() =>
      expect(ops.writeReviewSheet).toHaveBeenCalledWith(
        expect.anything(),
        expect.objectContaining({ lang: 'en' }),
        'en',
      ),
    );
  });

  test('the project page follows the selected row and files an adjustment as plain values', async () => {
    let selected: { table: 'Projects'; projectId: string; row: number; address: string } | null = null;
    const ops = fakeOps({ projectAtSelection: async () => selected });
    const { runner } = renderPane(ops, 'en', 'project');
    expect(await screen.findByTestId('no-selection')).toBeTruthy();
    selected = { table: 'Projects', projectId: 'P2', row: 1, address: 'Projects!B3' };
    await act(async () => runner.fireSelection());
    expect((await screen.findByTestId('project-id')).textContent).toBe('P2');
    expect(screen.getByTestId('grade').textContent).toBe('A');
    expect(screen.getByTestId('score').textContent).toContain('margin tier 4 × 0.6');
    expect(screen.getByTestId('min-role').textContent).toContain('General Manager');
    expect(screen.getByTestId('milestones').textContent).toContain('M1');
    selected = { table: 'Projects', projectId: 'P3', row: 2, address: 'Projects!B4' };
    await act(async () => runner.fireSelection());
    await waitFor(() => expect(screen.getByTestId('project-id').textContent).toBe('P3'));

    fireEvent.click(screen.getByTestId('action-adjustment'));
    const form = await screen.findByTestId('form-Adjustments');
    // The next ID follows the sheet's own numbering (A-1 → A-2); amounts read as the check reads them.
    expect((within(form).getByLabelText(/Adjustment ID/) as HTMLInputElement).value).toBe('A-2');
    fireEvent.change(within(form).getByLabelText(/Cost change/), { target: { value: '2000' } });
    expect(within(form).getByTestId('level-preview').getAttribute('data-level')).toBe('gmOrDirector');
    fireEvent.change(within(form).getByLabelText(/Cost change/), { target: { value: '3.5万' } });
    // 35,000 > 10% of P3's planned 30,000: leadership, said while typing.
    expect(within(form).getByTestId('level-preview').getAttribute('data-level')).toBe('leadership');
    expect(within(form).getByTestId('level-preview').textContent).toContain('¥35,000');
    fireEvent.change(within(form).getByLabelText(/Reason/), { target: { value: '=HYPERLINK("x")' } });
    fireEvent.click(within(form).getByTestId('form-submit'));
    await waitFor(() => expect(ops.addPrefilledRow).toHaveBeenCalledTimes(1));
    const [, table, values] = ops.addPrefilledRow.mock.calls[0];
    expect(table).toBe('Adjustments');
    expect(values).toMatchObject({
      projectId: 'P3',
      adjustmentId: 'A-2',
      milestone: 'M1',
      adjustmentType: 'Cost',
      costChange: 35000,
      reason: '=HYPERLINK("x")',
      requestedBy: 'Zhang San',
      decision: 'Pending',
    });
    expect(typeof values.requestDate).toBe('number');
    await waitFor(() => expect(screen.queryByTestId('form-Adjustments')).toBeNull());
  });

  test('a summary for an active project has no outcome preselected and warns before filing', async () => {
    const ops = fakeOps({
      projectAtSelection: async () => ({ table: 'Projects', projectId: 'P3', row: 2, address: 'Projects!A4' }),
    });
    renderPane(ops, 'en', 'project');
    fireEvent.click(await screen.findByTestId('action-summary'));
    const form = await screen.findByTestId('form-Summaries');
    expect(within(form).getByTestId('summary-open-project').textContent).toContain('still "Active"');
    expect((form.querySelector('select[name="outcome"]') as HTMLSelectElement).value).toBe('');
    fireEvent.click(within(form).getByTestId('form-submit'));
    expect((await within(form).findAllByText('Required')).length).toBeGreaterThan(0);
    expect(ops.addPrefilledRow).not.toHaveBeenCalled();
  });

  test('the adjustment form requires its fields before calling the workbook', async () => {
    const ops = fakeOps({
      projectAtSelection: async () => ({ table: 'Projects', projectId: 'P1', row: 0, address: 'Projects!A2' }),
    });
    renderPane(ops, 'zh', 'project');
    fireEvent.click(await screen.findByTestId('action-termination'));
    const form = await screen.findByTestId('form-Terminations');
    fireEvent.click(within(form).getByTestId('form-submit'));
    expect(await within(form).findByText('必填')).toBeTruthy();
    expect(ops.addPrefilledRow).not.toHaveBeenCalled();
  });

  test('set-up asks before restoring typed-over formulas', async () => {
    const ops = fakeOps({
      setUp: jest.fn(async (_run, o) => ({
        created: [],
        repaired: [],
        overwrittenFormulas: o.restoreFormulas
          ? []
          : [{ table: 'Projects' as const, column: 'grade', cell: 'Projects!T2' }],
        restoredFormulas: o.restoreFormulas ? 1 : 0,
        changed: Boolean(o.restoreFormulas),
      })),
    });
    renderPane(ops, 'en');
    fireEvent.click(await screen.findByTestId('setup'));
    expect(await screen.findByText('Formulas were typed over')).toBeTruthy();
    expect(screen.getByTestId('overwritten-list').textContent).toContain('Projects!T2');
    fireEvent.click(screen.getByTestId('restore-formulas'));
    await waitFor(() =>
      expect(ops.setUp).toHaveBeenLastCalledWith(expect.anything(), { lang: 'en', restoreFormulas: true }),
    );
    expect((await screen.findByTestId('notice')).textContent).toContain('1 formulas restored');
  });
});

describe('pane boot helpers', () => {
  test('?page= chooses the first page', () => {
    expect(pageFromUrl('?page=check')).toBe('check');
    expect(pageFromUrl('?page=help')).toBe('workbook');
    expect(pageFromUrl('')).toBe('workbook');
  });
  test('dark Office themes are recognised', () => {
    expect(isDarkColor('#1f1f1f')).toBe(true);
    expect(isDarkColor('#FFFFFF')).toBe(false);
    expect(isDarkColor(undefined)).toBe(false);
  });
  test('the unsupported page explains what is needed in both languages', () => {
    render(<Unsupported lang="en" />);
    const text = screen.getByTestId('unsupported').textContent!;
    expect(text).toContain('ExcelApi 1.9');
    expect(text).toContain('需要支持 ExcelApi 1.9');
    // What to use instead, in both languages: the workbook itself and the CLI.
    expect(text).toMatch(/Excel 2019.*workbook keeps working.*presales check/);
    expect(text).toMatch(/Excel 2019.*工作簿照常可用.*presales check/);
  });

  test('the pane runs only where ExcelApi 1.9 is supported (Excel 2019 has 1.8)', () => {
    // A host supporting ExcelApi 1.1 … 1.<minor>.
    const office = (minor: number) => ({
      context: {
        requirements: {
          isSetSupported: (name: string, v?: string) => name === 'ExcelApi' && Number(String(v).split('.')[1]) <= minor,
        },
      },
    });
    expect(isSupported(office(8))).toBe(false); // Excel 2019
    expect(isSupported(office(9))).toBe(true);
    expect(isSupported(office(14))).toBe(true); // Excel 2021
    expect(isSupported(undefined)).toBe(false);
    expect(
      isSupported({
        context: {
          requirements: {
            isSetSupported: () => {
              throw new Error('no');
            },
          },
        },
      }),
    ).toBe(false);
    expect(MIN_EXCEL_API).toBe('1.9');
  });
});
