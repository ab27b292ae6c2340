import { parseCell, sheetCell } from './address';
import { cell } from './compute';
import { Text } from './i18n';
import { findListItem, LISTS } from './lists';
import { buildModel, cellAddress, projectKey } from './model';
import { ROLLUP_LESSONS } from './rollup';
import { WorkbookSnapshot } from './snapshot';
import { CellValue, matchKey } from './values';

/**
 * The knowledge base (spec §9): summary reports searched by words in either language. Chinese text is
 * split into words with Intl.Segmenter, so 价格 finds 价格因素 as a word, not as any run of letters.
 */

export interface LessonRecord {
  /** Where it came from: the workbook's file (roll-up, CLI) or '' for the open workbook. */
  file: string;
  team: string;
  projectId: string;
  projectName: string;
  customer: string;
  market: string;
  /** List keys (won/lost/terminated; price/technical/…) when the value is on the list, else null. */
  outcome: string | null;
  outcomeText: string;
  reason: string | null;
  reasonText: string;
  lessons: string;
  improvements: string;
  knowledgeTags: string[];
  signedValue: number | null;
  reviewDate: number | null;
  /** Excel address of the row's Lessons Learned cell (`Sheet!H4`), to go to. */
  cell: string;
}

const str = (v: CellValue | undefined): string => (v === null || v === undefined ? '' : String(v).trim());

/** Knowledge tags are typed as a list: split on commas, semicolons, 、, ， and spaces around them. */
export function splitTags(v: CellValue): string[] {
  return str(v)
    .split(/[,;，；、|/]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Summaries rows of a pipeline workbook, joined with their project. */
export function lessonsFromPipeline(snapshot: WorkbookSnapshot, file = '', team = ''): LessonRecord[] {
  const model = buildModel(snapshot);
  const S = model.tables.Summaries;
  const P = model.tables.Projects;
  const projects = new Map<string, (typeof P.rows)[number]>();
  for (const r of P.rows) {
    const pk = projectKey(P, r);
    if (pk && !projects.has(pk)) projects.set(pk, r);
  }
  const out: LessonRecord[] = [];
  for (const r of S.rows) {
    const p = projects.get(projectKey(S, r) ?? '');
    const outcome = findListItem('Outcomes', cell(S, r, 'outcome'));
    const reason = findListItem('WinLossReasons', cell(S, r, 'winLossReason'));
    const signed = cell(S, r, 'signedValue');
    const date = cell(S, r, 'reviewDate');
    out.push({
      file,
      team,
      projectId: str(cell(S, r, 'projectId')),
      projectName: p !== undefined ? str(cell(P, p, 'projectName')) : '',
      customer: p !== undefined ? str(cell(P, p, 'customer')) : '',
      market: p !== undefined ? str(cell(P, p, 'market')) : '',
      outcome: outcome?.key ?? null,
      outcomeText: str(cell(S, r, 'outcome')),
      reason: reason?.key ?? null,
      reasonText: str(cell(S, r, 'winLossReason')),
      lessons: str(cell(S, r, 'lessons')),
      improvements: str(cell(S, r, 'improvements')),
      knowledgeTags: splitTags(cell(S, r, 'knowledgeTags')),
      signedValue: typeof signed === 'number' ? signed : null,
      reviewDate: typeof date === 'number' ? date : null,
      cell: cellAddress(S, r, 'lessons'),
    });
  }
  return out;
}

/** Rows of a roll-up's `Lessons` table (§9), so the search works on a roll-up workbook too. */
export function lessonsFromRollupTable(snapshot: WorkbookSnapshot, file = ''): LessonRecord[] {
  const t = Object.entries(snapshot.tables).find(([k]) => k.toLowerCase() === ROLLUP_LESSONS.name.toLowerCase())?.[1];
  if (!t) return [];
  const at: Record<string, number> = {};
  for (const c of ROLLUP_LESSONS.columns) {
    at[c.key] = t.headers.findIndex((h) => {
      const v = str(h).toLowerCase();
      return v === c.header.zh.toLowerCase() || v === c.header.en.toLowerCase();
    });
  }
  if (at.lessons < 0 || at.projectId < 0) return [];
  const top = parseCell(t.topLeft) ?? { row: 0, col: 0 };
  const get = (row: CellValue[], key: string): CellValue => (at[key] >= 0 ? row[at[key]] : null);
  const out: LessonRecord[] = [];
  t.rows.forEach((row, i) => {
    if (!str(get(row, 'projectId')) && !str(get(row, 'lessons'))) return;
    const outcome = findListItem('Outcomes', get(row, 'outcome'));
    const reason = findListItem('WinLossReasons', get(row, 'winLossReason'));
    const signed = get(row, 'signedValue');
    const date = get(row, 'reviewDate');
    out.push({
      file,
      team: str(get(row, 'team')),
      projectId: str(get(row, 'projectId')),
      projectName: str(get(row, 'projectName')),
      customer: str(get(row, 'customer')),
      market: str(get(row, 'market')),
      outcome: outcome?.key ?? null,
      outcomeText: str(get(row, 'outcome')),
      reason: reason?.key ?? null,
      reasonText: str(get(row, 'winLossReason')),
      lessons: str(get(row, 'lessons')),
      improvements: str(get(row, 'improvements')),
      knowledgeTags: splitTags(get(row, 'knowledgeTags')),
      signedValue: typeof signed === 'number' ? signed : null,
      reviewDate: typeof date === 'number' ? date : null,
      cell: sheetCell(t.sheet, top.row + 1 + i, top.col + at.lessons),
    });
  });
  return out;
}

/** Every lesson of a workbook: its Summaries, and a roll-up's Lessons table when it has one. */
export function collectLessons(snapshot: WorkbookSnapshot, file = '', team = ''): LessonRecord[] {
  return [...lessonsFromPipeline(snapshot, file, team), ...lessonsFromRollupTable(snapshot, file)];
}

// ---------------- words ----------------

let segmenter: Intl.Segmenter | null | undefined;
function getSegmenter(): Intl.Segmenter | null {
  if (segmenter === undefined) {
    try {
      segmenter =
        typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter('zh', { granularity: 'word' }) : null;
    } catch {
      segmenter = null;
    }
  }
  return segmenter;
}

const HAN = /\p{Script=Han}/u;

/**
 * The words of a text, lower-cased and in their compatibility form (full-width Ｐｒｉｃｅ = price).
 * Without Intl.Segmenter, Chinese runs fall back to overlapping two-letter words.
 */
export function words(text: string): string[] {
  const s = text.normalize('NFKC').toLowerCase();
  const seg = getSegmenter();
  const out: string[] = [];
  if (seg) {
    for (const part of seg.segment(s)) if (part.isWordLike) out.push(part.segment);
    return out;
  }
  for (const m of s.matchAll(/[\p{L}\p{N}]+/gu)) {
    const w = m[0];
    if (!HAN.test(w)) out.push(w);
    else if (w.length === 1) out.push(w);
    else for (let i = 0; i + 1 < w.length; i++) out.push(w.slice(i, i + 2));
  }
  return out;
}

/** English words match their simple plural and -ing/-ed forms too (price ~ prices ~ pricing). */
function stem(w: string): string {
  if (HAN.test(w) || w.length <= 3) return w;
  return w.replace(/(ing|ed|es|s)$/, '').replace(/e$/, '') || w;
}

// ---------------- search ----------------

export interface LessonFilters {
  outcome?: string | null;
  reason?: string | null;
  market?: string | null;
  customer?: string | null;
  tag?: string | null;
}

export interface LessonHit {
  record: LessonRecord;
  score: number;
  /** Which fields matched, best first (for the hit's caption). */
  matched: (keyof typeof FIELD_WEIGHTS)[];
}

/** A word in the lesson or its tags says more than one in the customer's name. */
export const FIELD_WEIGHTS = {
  lessons: 5,
  knowledgeTags: 5,
  improvements: 3,
  projectName: 2,
  reasonText: 2,
  outcomeText: 1,
  market: 1,
  customer: 1,
} as const;

type Field = keyof typeof FIELD_WEIGHTS;

/** A list value reads in both languages, so 客户 finds a team's "Relationship" and price finds 价格. */
const listText = (list: 'Outcomes' | 'WinLossReasons', key: string | null, text: string): string => {
  const item = key ? LISTS[list].find((i) => i.key === key) : undefined;
  return item ? `${text} ${item.zh} ${item.en}` : text;
};

function fieldText(r: LessonRecord, f: Field): string {
  if (f === 'knowledgeTags') return r.knowledgeTags.join(' ');
  if (f === 'reasonText') return listText('WinLossReasons', r.reason, r.reasonText);
  if (f === 'outcomeText') return listText('Outcomes', r.outcome, r.outcomeText);
  return r[f];
}

/** A filter value matches a list value in either language, or the text as typed. */
function matchesFilter(list: 'Outcomes' | 'WinLossReasons', key: string | null, text: string, wanted: string): boolean {
  const item = findListItem(list, wanted);
  if (item) return key === item.key;
  return matchKey(text) === matchKey(wanted) || key === wanted;
}

function passes(r: LessonRecord, f: LessonFilters): boolean {
  if (f.outcome && !matchesFilter('Outcomes', r.outcome, r.outcomeText, f.outcome)) return false;
  if (f.reason && !matchesFilter('WinLossReasons', r.reason, r.reasonText, f.reason)) return false;
  if (f.market && matchKey(r.market) !== matchKey(f.market)) return false;
  if (
    f.customer &&
    !r.customer.normalize('NFKC').toLowerCase().includes(f.customer.normalize('NFKC').toLowerCase().trim())
  )
    return false;
  if (f.tag) {
    const t = f.tag.normalize('NFKC').toLowerCase().trim();
    if (!r.knowledgeTags.some((x) => x.normalize('NFKC').toLowerCase() === t)) return false;
  }
  return true;
}

/**
 * Ranks lessons for a query: each query word found as a word of a field adds that field's weight
 * (once per field); every query word must be found somewhere. An empty query lists everything that
 * passes the filters, newest review first.
 */
export function searchLessons(
  records: readonly LessonRecord[],
  query: string,
  filters: LessonFilters = {},
): LessonHit[] {
  const q = [...new Set(words(query).map(stem))];
  const hits: LessonHit[] = [];
  for (const r of records) {
    if (!passes(r, filters)) continue;
    if (!q.length) {
      hits.push({ record: r, score: 0, matched: [] });
      continue;
    }
    let score = 0;
    const matched: Field[] = [];
    const found = new Set<string>();
    for (const f of Object.keys(FIELD_WEIGHTS) as Field[]) {
      const ws = new Set(words(fieldText(r, f)).map(stem));
      let hit = false;
      for (const w of q) {
        if (ws.has(w)) {
          found.add(w);
          score += FIELD_WEIGHTS[f];
          hit = true;
        }
      }
      if (hit) matched.push(f);
    }
    if (found.size < q.length) continue;
    hits.push({ record: r, score, matched });
  }
  hits.sort(
    (a, b) =>
      b.score - a.score ||
      (b.record.reviewDate ?? 0) - (a.record.reviewDate ?? 0) ||
      a.record.projectId.localeCompare(b.record.projectId),
  );
  return hits;
}

/** Distinct values for the filter pickers. */
export function lessonFacets(records: readonly LessonRecord[]): {
  markets: string[];
  customers: string[];
  tags: string[];
} {
  const uniq = (xs: string[]): string[] => [...new Set(xs.filter(Boolean))].sort((a, b) => a.localeCompare(b, 'zh'));
  return {
    markets: uniq(records.map((r) => r.market)),
    customers: uniq(records.map((r) => r.customer)),
    tags: uniq(records.flatMap((r) => r.knowledgeTags)),
  };
}

export const LESSON_FIELD_LABELS: Record<Field, Text> = {
  lessons: { zh: '经验教训', en: 'Lessons Learned' },
  knowledgeTags: { zh: '知识库标签', en: 'Knowledge Tags' },
  improvements: { zh: '改进措施', en: 'Improvements' },
  projectName: { zh: '项目名称', en: 'Project Name' },
  reasonText: { zh: '成败原因', en: 'Win/Loss Reason' },
  outcomeText: { zh: '项目结果', en: 'Outcome' },
  market: { zh: '所在市场', en: 'Market' },
  customer: { zh: '客户名称', en: 'Customer' },
};
