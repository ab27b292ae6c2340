import * as React from 'react';
import type { Analysis } from '../engine/analyze';
import type { Finding } from '../engine/findings';
import type { Lang, Text } from '../engine/i18n';
import type { ApprovalRequest, Decision } from '../engine/approvals';
import { parseAsOfInput } from '../engine/asof';
import { isoFromSerial, todaySerial } from '../engine/values';
import type { CellValue } from '../engine/values';
import type { ExcelRunner, SetupResult, WorkbookStatus } from '../workbook/types';
import type { FormTable, PipelineOps, SelectedProject } from './ops';
import { monthIndexOfSerial, monthLabel } from '../engine/monthly';
import { subscribeSelection, subscribeTableChanges } from './selection';
import { S } from './strings';
import { errorText, explainError } from '../workbook/office-errors';
import { fill } from '../engine/i18n';
import { formatMoney } from '../engine/money';
import { UserError as UserFacingError } from '../workbook/types';

export type PageKey = 'workbook' | 'check' | 'project' | 'review' | 'rollup' | 'lessons' | 'meeting';
export type BusyKey =
  | 'status'
  | 'setup'
  | 'sample'
  | 'check'
  | 'highlight'
  | 'clear'
  | 'fix'
  | 'export'
  | 'addRow'
  | 'decide'
  | 'form'
  | 'exportFindings'
  | 'agenda'
  | 'decisions'
  | 'draft';

export interface Notice {
  intent: 'error' | 'success' | 'warning' | 'info';
  text: Text;
}

/** A readable message for any failure (src/workbook/office-errors.ts, shared with the ribbon command). */
export { errorText };

/** What a fix writes, as a person reads it: the number, or the month for a month typed as text. */
export const fixLabel = (f: Finding): string =>
  f.code === 'month-as-text' && typeof f.fixValue === 'number'
    ? monthLabel(monthIndexOfSerial(f.fixValue))
    : String(f.fixValue ?? '');

export const todayIso = (): string => isoFromSerial(todaySerial());

/**
 * The as-of date typed in the pane: 2026-11-30, 2026/11/30 or 2026年11月30日 (full-width digits too).
 * Blank means the Policy's AsOfDate, else today (the engine decides). `error` says why text is refused.
 */
export function readAsOf(text: string): { serial: number | undefined; error: Text | null } {
  const input = parseAsOfInput(text);
  if (input.kind === 'blank') return { serial: undefined, error: null };
  if (input.kind === 'date') return { serial: input.serial, error: null };
  return {
    serial: undefined,
    error: {
      zh: `“${text.trim()}”不是有效日期。可写作 2026-11-30、2026/11/30 或 2026年11月30日；留空则使用设置中的统计截止日期，未设置时使用今天。`,
      en: `"${text.trim()}" is not a valid date. Write 2026-11-30, 2026/11/30 or 2026年11月30日; leave it blank for the Policy's AsOfDate, or today when that is empty.`,
    },
  };
}

/** Where the pane remembers the approver picked once (per browser profile, like Office's own settings). */
export const APPROVER_KEY = 'presales-pipeline.approver';

function rememberedApprover(): string {
  try {
    return (typeof localStorage !== 'undefined' && localStorage.getItem(APPROVER_KEY)) || '';
  } catch {
    return '';
  }
}

export interface PipelineOptions {
  run: ExcelRunner;
  ops: PipelineOps;
  initialLang: Lang;
  initialPage?: PageKey;
  /** Poll interval for hosts without selection events (tests shorten it). */
  selectionPollMs?: number;
  /** Today as an Excel serial (tests set the clock); default the computer's date. */
  today?: () => number;
  /** How often the pane looks whether the date has changed (default one minute). */
  clockPollMs?: number;
}

export interface Pipeline {
  run: ExcelRunner;
  lang: Lang;
  setLang(lang: Lang): void;
  page: PageKey;
  setPage(page: PageKey): void;
  busy: BusyKey | null;
  notice: Notice | null;
  dismissNotice(): void;
  status: WorkbookStatus | null;
  setupLang: Lang;
  setSetupLang(lang: Lang): void;
  /** The as-of box as typed: blank means the Policy AsOfDate, else today. */
  asOf: string;
  setAsOf(text: string): void;
  asOfValid: boolean;
  /** Why the typed as-of date is refused, or null. */
  asOfError: Text | null;
  /** The workbook changed since the last check (Excel's TableCollection.onChanged). */
  stale: boolean;
  /** Findings of the shown results fixed since they were checked (until the next check replaces them). */
  fixed: ReadonlySet<Finding>;
  approver: string;
  setApprover(name: string): void;
  decide(request: ApprovalRequest, decision: Decision): Promise<void>;
  approvalForm(request: ApprovalRequest): Promise<void>;
  exportFindings(findings: Finding[]): Promise<void>;
  /** Today's date (refreshed when the date changes while the pane is open). */
  today: number;
  pendingRestore: SetupResult | null;
  analysis: Analysis | null;
  selected: SelectedProject | null;
  selecting: boolean;
  refreshStatus(): Promise<void>;
  setUp(restoreFormulas?: boolean): Promise<void>;
  cancelRestore(): void;
  loadSample(): Promise<void>;
  runCheck(): Promise<Analysis | null>;
  highlight(): Promise<void>;
  clearHighlights(): Promise<void>;
  goTo(address: string): Promise<void>;
  fix(finding: Finding): Promise<void>;
  exportReview(): Promise<void>;
  refreshSelection(): Promise<void>;
  addRow(table: FormTable, values: Record<string, CellValue>): Promise<string | null>;
  /** The workbook operations, for pages that run one through `act`. */
  ops: PipelineOps;
  /**
   * Runs one workbook operation as the pane's other actions run (one at a time, failures in the
   * MessageBar), then shows its success message and, when asked, checks again.
   */
  act<T>(
    key: BusyKey,
    fn: () => Promise<T>,
    done: (result: T) => Text,
    options?: { recheck?: boolean },
  ): Promise<T | undefined>;
}

/** The pane's whole state and every action, thin over the workbook operations. */
export function usePipeline(options: PipelineOptions): Pipeline {
  const { run, ops } = options;
  const [lang, setLang] = React.useState<Lang>(options.initialLang);
  const [page, setPage] = React.useState<PageKey>(options.initialPage ?? 'workbook');
  const [busy, setBusy] = React.useState<BusyKey | null>(null);
  const [notice, setNotice] = React.useState<Notice | null>(null);
  const [status, setStatus] = React.useState<WorkbookStatus | null>(null);
  const [setupLang, setSetupLang] = React.useState<Lang>(options.initialLang);
  const clock = options.today ?? todaySerial;
  const [asOf, setAsOf] = React.useState<string>('');
  const [today, setToday] = React.useState<number>(() => clock());
  const [recheck, setRecheck] = React.useState(false);
  const [stale, setStale] = React.useState(false);
  const [fixed, setFixed] = React.useState<ReadonlySet<Finding>>(() => new Set());
  const [approver, setApproverState] = React.useState<string>(rememberedApprover);
  const [pendingRestore, setPendingRestore] = React.useState<SetupResult | null>(null);
  const [analysis, setAnalysis] = React.useState<Analysis | null>(null);
  const [selected, setSelected] = React.useState<SelectedProject | null>(null);
  const [selecting, setSelecting] = React.useState(false);
  const [autoCheck, setAutoCheck] = React.useState(false);

  // Refs so async callbacks read current values without re-subscribing.
  const busyRef = React.useRef<BusyKey | null>(null);
  const analysisRef = React.useRef<Analysis | null>(null);
  const pageRef = React.useRef<PageKey>(page);
  const asOfRef = React.useRef(asOf);
  const langRef = React.useRef(lang);
  const mounted = React.useRef(true);
  // After each commit, never during render: a render React throws away must not leak into them.
  React.useLayoutEffect(() => {
    analysisRef.current = analysis;
    pageRef.current = page;
    asOfRef.current = asOf;
    langRef.current = lang;
  });

  React.useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const { error: asOfError } = readAsOf(asOf);
  const asOfValid = asOfError === null;
  const setApprover = React.useCallback((name: string) => {
    setApproverState(name);
    try {
      localStorage.setItem(APPROVER_KEY, name);
    } catch {
      /* storage off: remembered for this session only */
    }
  }, []);

  /** Runs one long operation: one at a time, progress shown via `busy`, failures shown in the MessageBar. */
  const perform = React.useCallback(
    async <T>(key: BusyKey, fn: () => Promise<T>): Promise<T | undefined> => {
      if (busyRef.current) return undefined;
      busyRef.current = key;
      setBusy(key);
      setNotice(null);
      try {
        return await fn();
      } catch (e) {
        const text = await explainError(run, e);
        if (mounted.current) setNotice({ intent: 'error', text });
        return undefined;
      } finally {
        busyRef.current = null;
        if (mounted.current) setBusy(null);
      }
    },
    [run],
  );

  const doCheck = React.useCallback(async (): Promise<Analysis> => {
    const { serial, error } = readAsOf(asOfRef.current);
    if (error) throw new UserFacingError(error);
    // Blank: the engine takes the Policy AsOfDate, else today, as the sheet's formulas do.
    // No lang: computed labels and list values stay in the workbook's own language; messages carry both.
    const a = await ops.checkWorkbook(run, { asOf: serial, today: clock() });
    if (mounted.current) {
      setAnalysis(a);
      setStale(false);
      setFixed(new Set());
    }
    analysisRef.current = a;
    return a;
    // `clock` is read through the as-of state it feeds; re-creating the check on every clock change would re-run effects.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ops, run]);

  const refreshStatus = React.useCallback(async () => {
    await perform('status', async () => {
      const s = await ops.getStatus(run);
      setStatus(s);
      if (s.lang) setSetupLang(s.lang);
    });
  }, [ops, perform, run]);

  const setUp = React.useCallback(
    async (restoreFormulas = false) => {
      setPendingRestore(null);
      await perform('setup', async () => {
        const result = await ops.setUp(run, { lang: setupLang, restoreFormulas });
        setStatus(await ops.getStatus(run));
        if (!restoreFormulas && result.overwrittenFormulas.length > 0) {
          setPendingRestore(result);
          return;
        }
        const parts: Text[] = [
          result.changed
            ? {
                zh: S.setupDone.zh
                  .replace('{created}', String(result.created.length))
                  .replace('{repaired}', String(result.repaired.length)),
                en: S.setupDone.en
                  .replace('{created}', String(result.created.length))
                  .replace('{repaired}', String(result.repaired.length)),
              }
            : S.setupUnchanged,
        ];
        if (result.restoredFormulas > 0) {
          parts.push({
            zh: S.restoredFormulas.zh.replace('{n}', String(result.restoredFormulas)),
            en: S.restoredFormulas.en.replace('{n}', String(result.restoredFormulas)),
          });
        }
        setNotice({
          intent: 'success',
          text: { zh: parts.map((p) => p.zh).join(''), en: parts.map((p) => p.en).join(' ') },
        });
      });
    },
    [ops, perform, run, setupLang],
  );

  const loadSample = React.useCallback(async () => {
    await perform('sample', async () => {
      await ops.loadSample(run, { lang: setupLang });
      setStatus(await ops.getStatus(run));
      setAnalysis(null);
      setNotice({ intent: 'success', text: S.sampleLoaded });
    });
  }, [ops, perform, run, setupLang]);

  const runCheck = React.useCallback(async () => (await perform('check', doCheck)) ?? null, [doCheck, perform]);

  const highlight = React.useCallback(async () => {
    await perform('highlight', async () => {
      const a = analysisRef.current ?? (await doCheck());
      await ops.highlightFindings(run, a.findings);
      setNotice({ intent: 'success', text: S.highlighted });
    });
  }, [doCheck, ops, perform, run]);

  const clearHighlights = React.useCallback(async () => {
    await perform('clear', async () => {
      await ops.clearHighlights(run);
      setNotice({ intent: 'success', text: S.cleared });
    });
  }, [ops, perform, run]);

  const goTo = React.useCallback(
    async (address: string) => {
      if (!address) return;
      try {
        await ops.goToCell(run, address);
      } catch (e) {
        setNotice({ intent: 'error', text: await explainError(run, e) });
      }
    },
    [ops, run],
  );

  const fix = React.useCallback(
    async (finding: Finding) => {
      await perform('fix', async () => {
        await ops.fixAmountAsText(run, finding);
        // Until the check below replaces them (or if it fails), the shown results are out of date and
        // this finding is marked fixed; the fix has already put back the cell's fill if it was highlighted.
        if (mounted.current) {
          setFixed((prev) => new Set(prev).add(finding));
          setStale(true);
        }
        await doCheck();
        const v = finding.code === 'month-as-text' ? fixLabel(finding) : formatMoney(finding.fixValue);
        setNotice({
          intent: 'success',
          text: {
            zh: S.fixed.zh.replace('{cell}', finding.cell).replace('{value}', v),
            en: S.fixed.en.replace('{cell}', finding.cell).replace('{value}', v),
          },
        });
      });
    },
    [doCheck, ops, perform, run],
  );

  const exportReview = React.useCallback(async () => {
    await perform('export', async () => {
      const a = analysisRef.current ?? (await doCheck());
      await ops.writeReviewSheet(run, a, langRef.current);
      setNotice({ intent: 'success', text: S.reviewExported });
    });
  }, [doCheck, ops, perform, run]);

  const act = React.useCallback(
    async <T>(key: BusyKey, fn: () => Promise<T>, done: (result: T) => Text, options: { recheck?: boolean } = {}) =>
      perform(key, async () => {
        const result = await fn();
        if (options.recheck) await doCheck();
        if (mounted.current) setNotice({ intent: 'success', text: done(result) });
        return result;
      }),
    [doCheck, perform],
  );

  const decide = React.useCallback(
    async (request: ApprovalRequest, decision: Decision) => {
      await perform('decide', async () => {
        const { serial } = readAsOf(asOfRef.current);
        const res = await ops.decideRequest(run, request, { decision, approver, asOf: serial });
        await doCheck();
        const key = decision === 'approved' ? 'approvedDone' : 'rejectedDone';
        const params = (l: Lang): Record<string, string> => ({
          id: request.label[l],
          who: approver,
          cells: res.cells.join(l === 'zh' ? '、' : ', '),
        });
        setNotice({
          intent: 'success',
          text: { zh: fill(S[key].zh, params('zh')), en: fill(S[key].en, params('en')) },
        });
      });
    },
    [approver, doCheck, ops, perform, run],
  );

  const approvalForm = React.useCallback(
    async (request: ApprovalRequest) => {
      await perform('form', async () => {
        const a = analysisRef.current ?? (await doCheck());
        const { sheet } = await ops.writeApprovalForm(run, a, request, langRef.current);
        setNotice({
          intent: 'success',
          text: { zh: fill(S.formWritten.zh, { sheet }), en: fill(S.formWritten.en, { sheet }) },
        });
      });
    },
    [doCheck, ops, perform, run],
  );

  const exportFindings = React.useCallback(
    async (findings: Finding[]) => {
      await perform('exportFindings', async () => {
        const { sheet } = await ops.writeFindingsSheet(run, findings, langRef.current);
        setNotice({
          intent: 'success',
          text: {
            zh: fill(S.findingsExported.zh, { sheet, n: findings.length }),
            en: fill(S.findingsExported.en, { sheet, n: findings.length }),
          },
        });
      });
    },
    [ops, perform, run],
  );

  // Results go stale when any table's data changes (TableCollection.onChanged, ExcelApi 1.7). Our own
  // writes fire it too; every operation that writes data checks again afterwards, so those are ignored.
  React.useEffect(() => {
    let off: (() => void) | null = null;
    let cancelled = false;
    void subscribeTableChanges(run, () => {
      if (busyRef.current === null && analysisRef.current) setStale(true);
    }).then((u) => {
      if (cancelled) u();
      else off = u;
    });
    return () => {
      cancelled = true;
      off?.();
    };
  }, [run]);

  const selSeq = React.useRef(0);
  const refreshSelection = React.useCallback(async () => {
    const seq = ++selSeq.current;
    setSelecting(true);
    try {
      const p = await ops.projectAtSelection(run);
      if (seq !== selSeq.current || !mounted.current) return;
      setSelected(p);
      if (p && !analysisRef.current) setAutoCheck(true);
    } catch (e) {
      if (mounted.current) setNotice({ intent: 'error', text: errorText(e) });
    } finally {
      if (seq === selSeq.current && mounted.current) setSelecting(false);
    }
  }, [ops, run]);

  const addRow = React.useCallback(
    async (table: FormTable, values: Record<string, CellValue>) => {
      const address = await perform('addRow', async () => {
        const a = await ops.addPrefilledRow(run, table, values);
        await doCheck();
        setNotice({
          intent: 'success',
          text: { zh: S.rowAdded.zh.replace('{address}', a), en: S.rowAdded.en.replace('{address}', a) },
        });
        return a;
      });
      return address ?? null;
    },
    [doCheck, ops, perform, run],
  );

  // Initial status read.
  React.useEffect(() => {
    void refreshStatus();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // The Project page follows the selection.
  React.useEffect(() => {
    let unsubscribe: (() => void) | null = null;
    let cancelled = false;
    void subscribeSelection(
      run,
      () => {
        if (pageRef.current === 'project') void refreshSelection();
      },
      { pollMs: options.selectionPollMs },
    ).then((u) => {
      if (cancelled) u();
      else unsubscribe = u;
    });
    return () => {
      cancelled = true;
      unsubscribe?.();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [run]);

  React.useEffect(() => {
    if (page === 'project') void refreshSelection();
    if ((page === 'review' || page === 'meeting') && !analysisRef.current) setAutoCheck(true);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [page]);

  // The date can change while the pane stays open (overnight): "today" follows it, and a check made
  // as of today is made again for the new day.
  React.useEffect(() => {
    const tick = (): void => {
      const t = clock();
      setToday((prev) => {
        if (prev === t) return prev;
        if (analysisRef.current?.asOfSource === 'today') setRecheck(true);
        return t;
      });
    };
    const timer = setInterval(tick, options.clockPollMs ?? 60_000);
    const onVisible = (): void => {
      if (typeof document === 'undefined' || document.visibilityState === 'visible') tick();
    };
    if (typeof document !== 'undefined') document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', onVisible);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  React.useEffect(() => {
    if (!recheck || busy !== null) return;
    setRecheck(false);
    if (analysisRef.current?.asOfSource === 'today') void perform('check', doCheck);
  }, [recheck, busy, doCheck, perform]);

  // A page that needs an analysis runs the check as soon as nothing else is running.
  React.useEffect(() => {
    if (!autoCheck || busy !== null) return;
    setAutoCheck(false);
    if (!analysisRef.current) void perform('check', doCheck);
  }, [autoCheck, busy, doCheck, perform]);

  return {
    run,
    lang,
    setLang,
    page,
    setPage,
    busy,
    notice,
    dismissNotice: () => setNotice(null),
    status,
    setupLang,
    setSetupLang,
    asOf,
    setAsOf,
    asOfValid,
    asOfError,
    stale,
    fixed,
    approver,
    setApprover,
    decide,
    approvalForm,
    exportFindings,
    today,
    pendingRestore,
    analysis,
    selected,
    selecting,
    refreshStatus,
    setUp,
    cancelRestore: () => setPendingRestore(null),
    loadSample,
    runCheck,
    highlight,
    clearHighlights,
    goTo,
    fix,
    exportReview,
    refreshSelection,
    addRow,
    ops,
    act,
  };
}
