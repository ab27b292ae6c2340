import type { Lang } from '../../engine/i18n';

/** The words of the directors' pages (Roll-up, Lessons), in both languages. */
export const D = {
  rollupIntro: {
    zh: '选择各团队的售前项目工作簿（.xlsx，可多选），逐个检查后汇总到当前工作簿：来源、项目汇总、汇总复核、知识库、跨工作簿重复和带图表的汇总看板。文件只在本机读取，不会上传。',
    en: "Pick the teams' pipeline workbooks (.xlsx, several at once). Each is checked, then rolled up into this workbook: sources, all projects, the review list, the knowledge base, duplicates across workbooks and a dashboard with charts. Files are read on this computer only; nothing is uploaded.",
  },
  chooseFiles: { zh: '选择工作簿', en: 'Choose workbooks' },
  filesLabel: { zh: '团队工作簿（.xlsx）', en: 'Team workbooks (.xlsx)' },
  reading: { zh: '读取中…', en: 'Reading…' },
  waiting: { zh: '等待读取', en: 'Waiting' },
  readOk: { zh: '{n} 个项目', en: '{n} projects' },
  writeRollup: { zh: '写入汇总', en: 'Write roll-up' },
  writingRollup: { zh: '正在写入汇总…', en: 'Writing the roll-up…' },
  rollupWritten: { zh: '已写入汇总：{sheets}。', en: 'Roll-up written: {sheets}.' },
  rollupSummary: {
    zh: '{ok} 个工作簿可用，{skipped} 个跳过；共 {projects} 个项目，{review} 个需升级，{dups} 个跨工作簿重复。',
    en: '{ok} workbooks read, {skipped} skipped; {projects} projects, {review} escalated, {dups} duplicated across workbooks.',
  },
  noneReadable: {
    zh: '所选文件都无法读取，未写入任何内容。',
    en: 'None of the files could be read; nothing was written.',
  },
  rollupReview: { zh: '需升级审批的项目', en: 'Projects needing escalation' },
  noRollupReview: { zh: '没有需要升级审批的项目。', en: 'No project needs escalation.' },
  duplicates: { zh: '跨工作簿重复', en: 'Duplicates across workbooks' },
  goToRow: { zh: '转到汇总表中的这一行', en: 'Go to this row of the roll-up' },
  writeFirst: { zh: '写入汇总后可转到对应行。', en: 'Write the roll-up to go to its rows.' },
  team: { zh: '团队', en: 'Team' },
  overrun: { zh: '超支', en: 'Overrun' },
  slip: { zh: '延期 {n} 天', en: 'slip {n} days' },
  lessonsIntro: {
    zh: '按词搜索项目总结报告（中英文均可），也可以按结果、成败原因、市场、客户和标签筛选。在汇总工作簿中也会搜索“知识库”表。',
    en: 'Search the summary reports by words, in Chinese or English, and filter by outcome, win/loss reason, market, customer and tag. In a roll-up workbook the Lessons table is searched too.',
  },
  search: { zh: '搜索', en: 'Search' },
  searchPlaceholder: { zh: '例如：价格 竞争', en: 'e.g. pricing competitor' },
  load: { zh: '读取总结报告', en: 'Read summary reports' },
  reload: { zh: '重新读取', en: 'Read again' },
  outcome: { zh: '项目结果', en: 'Outcome' },
  reason: { zh: '成败原因', en: 'Win/loss reason' },
  market: { zh: '所在市场', en: 'Market' },
  customer: { zh: '客户名称', en: 'Customer' },
  tag: { zh: '标签', en: 'Tag' },
  all: { zh: '全部', en: 'All' },
  hits: { zh: '找到 {n} 条（共 {total} 条总结）', en: '{n} found ({total} summaries)' },
  noLessons: {
    zh: '还没有总结报告。项目结束后在“项目总结报告”表中填写。',
    en: 'No summary reports yet. Fill in the Summaries sheet when a project closes.',
  },
  noHits: {
    zh: '没有符合条件的总结。换个词或清除筛选试试。',
    en: 'Nothing matches. Try other words or clear the filters.',
  },
  matchedIn: { zh: '匹配：{fields}', en: 'Matched in: {fields}' },
  tags: { zh: '标签', en: 'Tags' },
  improvements: { zh: '改进措施', en: 'Improvements' },
  openRow: { zh: '转到 {cell}', en: 'Go to {cell}' },
} as const;

export type DKey = keyof typeof D;

export function d(lang: Lang, key: DKey, params: Record<string, string | number> = {}): string {
  return D[key][lang].replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}
