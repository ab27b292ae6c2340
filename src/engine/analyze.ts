import { AsOfSource } from './asof';
import { compute, Computed, computedCellValues, ProjectMetrics } from './compute';
import { runChecks } from './checks';
import { Finding } from './findings';
import { Lang } from './i18n';
import { buildModel, WorkbookModel } from './model';
import { WorkbookSnapshot } from './snapshot';
import { CellValue } from './values';

export interface AnalyzeOptions {
  /** As-of date as an Excel serial; default: the Policy's AsOfDate, else today. */
  asOf?: number;
  /** The date "today" means when neither asOf nor Policy AsOfDate is set; default: the clock. */
  today?: number;
  /** The language of messages and computed labels; default: the language of the Projects headers. */
  lang?: Lang;
}

export interface Analysis {
  lang: Lang;
  asOf: number;
  /** Whether asOf was typed, the Policy's AsOfDate, or today. */
  asOfSource: AsOfSource;
  model: WorkbookModel;
  computed: Computed;
  projects: ProjectMetrics[];
  findings: Finding[];
  counts: { error: number; warning: number; info: number };
  /** What each computed cell should show: table → data row index → column key → value. */
  cells: Record<string, Map<number, Record<string, CellValue>>>;
}

/**
 * Errors, then warnings, then notes, each in the order the checks found them (a stable sort in one pass). A
 * function of its own: were V8 to recompile it, it would not recompile all that analyze inlines.
 */
function bySeverity(all: Finding[]): Pick<Analysis, 'findings' | 'counts'> {
  const errors: Finding[] = [];
  const warnings: Finding[] = [];
  const notes: Finding[] = [];
  for (let i = 0; i < all.length; i++) {
    const f = all[i];
    if (f.severity === 'error') errors.push(f);
    else if (f.severity === 'warning') warnings.push(f);
    else notes.push(f);
  }
  return {
    findings: [...errors, ...warnings, ...notes],
    counts: { error: errors.length, warning: warnings.length, info: notes.length },
  };
}

/** The engine in one call: snapshot in, per-project figures and findings out. Pure. */
export function analyze(snapshot: WorkbookSnapshot, options: AnalyzeOptions = {}): Analysis {
  const model = buildModel(snapshot, options.lang);
  const computed = compute(model, options.asOf, options.today);
  const { findings, counts } = bySeverity(runChecks(model, computed));
  const analysis = {
    lang: model.lang,
    asOf: computed.asOf,
    asOfSource: computed.asOfSource,
    model,
    computed,
    projects: computed.projects.filter((p) => p.metrics.projectId !== '').map((p) => p.metrics),
    findings,
    counts,
  } as Analysis;
  // The per-cell view is for parity tests and the preview; build it only when asked.
  let cells: Analysis['cells'] | undefined;
  Object.defineProperty(analysis, 'cells', {
    enumerable: false,
    get: () => (cells ??= computedCellValues(model, computed, model.lang)),
  });
  return analysis;
}
