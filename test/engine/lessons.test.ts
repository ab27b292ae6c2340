/**
 * The knowledge base: word search over summary reports in both languages, filters and ranking.
 */
import { buildRollup, ROLLUP_LESSONS } from '../../src/engine/rollup';
import { collectLessons, LessonRecord, lessonFacets, searchLessons, splitTags, words } from '../../src/engine/lessons';
import { baseline, build, L, project, summary } from './build';

const rec = (over: Partial<LessonRecord>): LessonRecord => ({
  file: 'x.xlsx',
  team: '',
  projectId: 'P',
  projectName: '',
  customer: '',
  market: '',
  outcome: 'lost',
  outcomeText: '丢单',
  reason: 'technical',
  reasonText: '技术',
  lessons: '',
  improvements: '',
  knowledgeTags: [],
  signedValue: null,
  reviewDate: null,
  cell: '',
  ...over,
});

describe('words', () => {
  test('Chinese is split into words, not letters or substrings', () => {
    expect(words('价格因素导致丢单')).toEqual(expect.arrayContaining(['价格', '因素']));
    expect(words('价格因素导致丢单')).not.toContain('价格因素导致丢单');
  });
  test('English words are lower-cased; full-width letters read as ASCII', () => {
    expect(words('Pricing, ＰＲＩＣＥ and Bundles')).toEqual(['pricing', 'price', 'and', 'bundles']);
  });
  test('tags split on commas, 、 and semicolons', () => {
    expect(splitTags('价格, 竞争；关系、园区')).toEqual(['价格', '竞争', '关系', '园区']);
  });
});

describe('searchLessons', () => {
  const inLesson = rec({ projectId: 'L1', lessons: '报价过高，价格是丢单主因', customer: '东海银行', reviewDate: 10 });
  const inTags = rec({
    projectId: 'T1',
    lessons: '需求理解不足',
    knowledgeTags: ['价格'],
    customer: '滨海市',
    reviewDate: 20,
  });
  const inCustomer = rec({ projectId: 'C1', lessons: '关系维护到位', customer: '价格监测中心', reviewDate: 30 });
  const nowhere = rec({ projectId: 'N1', lessons: '技术方案领先', customer: '临港' });
  const all = [inCustomer, nowhere, inTags, inLesson];

  test('a word in Lessons Learned or Knowledge Tags ranks above one only in Customer (Chinese query)', () => {
    const ids = searchLessons(all, '价格').map((h) => h.record.projectId);
    expect(ids).toHaveLength(3);
    expect(ids[2]).toBe('C1');
    expect(ids.slice(0, 2).sort()).toEqual(['L1', 'T1']);
    expect(ids).not.toContain('N1');
  });

  test('English query: word forms match, substring of another word does not', () => {
    const en = [
      rec({ projectId: 'E1', lessons: 'We lost on pricing; the bundle came too late', knowledgeTags: ['bundle'] }),
      rec({ projectId: 'E2', lessons: 'Relationship with the CIO decided it', customer: 'Price Waterhouse' }),
      rec({ projectId: 'E3', lessons: 'Enterprise customers want priceless support' }),
    ];
    expect(searchLessons(en, 'prices').map((h) => h.record.projectId)).toEqual(['E1', 'E2']);
    expect(searchLessons(en, 'bundle')[0].matched).toEqual(['lessons', 'knowledgeTags']);
  });

  test('a reason or outcome on the list is found by its words in either language; typed text as typed', () => {
    const en = rec({
      projectId: 'EN',
      outcome: 'won',
      outcomeText: 'Won',
      reason: 'relationship',
      reasonText: 'Relationship',
    });
    const zh = rec({
      projectId: 'ZH',
      outcome: 'won',
      outcomeText: '赢单',
      reason: 'relationship',
      reasonText: '客户关系',
    });
    const typed = rec({ projectId: 'TY', outcome: null, outcomeText: '暂停', reason: null, reasonText: '预算冻结' });
    const ids = (q: string) =>
      searchLessons([en, zh, typed], q)
        .map((h) => h.record.projectId)
        .sort();
    expect(ids('客户')).toEqual(['EN', 'ZH']);
    expect(ids('relationship')).toEqual(['EN', 'ZH']);
    expect(ids('赢单')).toEqual(['EN', 'ZH']);
    expect(ids('预算')).toEqual(['TY']);
    expect(ids('price')).toEqual([]);
    expect(searchLessons([en], '客户')[0].matched).toEqual(['reasonText']);
  });

  test('every query word must be found', () => {
    expect(searchLessons(all, '价格 关系').map((h) => h.record.projectId)).toEqual(['C1']);
    expect(searchLessons(all, '价格 不存在的词')).toEqual([]);
  });

  test('filters: outcome and reason in either language, market, customer, tag', () => {
    const won = rec({
      projectId: 'W',
      outcome: 'won',
      outcomeText: 'Won',
      reason: 'relationship',
      reasonText: 'Relationship',
      market: '重点市场',
      customer: '东海银行',
      knowledgeTags: ['金融'],
    });
    const list = [won, nowhere];
    expect(searchLessons(list, '', { outcome: '赢单' }).map((h) => h.record.projectId)).toEqual(['W']);
    expect(searchLessons(list, '', { outcome: 'Lost' }).map((h) => h.record.projectId)).toEqual(['N1']);
    expect(searchLessons(list, '', { reason: '客户关系' }).map((h) => h.record.projectId)).toEqual(['W']);
    expect(searchLessons(list, '', { market: '重点市场' }).map((h) => h.record.projectId)).toEqual(['W']);
    expect(searchLessons(list, '', { customer: '东海' }).map((h) => h.record.projectId)).toEqual(['W']);
    expect(searchLessons(list, '', { tag: '金融' }).map((h) => h.record.projectId)).toEqual(['W']);
    expect(searchLessons(list, '', { tag: '金' })).toEqual([]);
  });

  test('an empty query lists everything, newest review first', () => {
    expect(searchLessons([inLesson, inCustomer, inTags], '').map((h) => h.record.projectId)).toEqual([
      'C1',
      'T1',
      'L1',
    ]);
  });

  test('facets list the distinct markets, customers and tags', () => {
    expect(lessonFacets(all).tags).toEqual(['价格']);
    expect(lessonFacets(all).customers).toHaveLength(4);
  });
});

describe('collectLessons', () => {
  test('reads Summaries with their project, and points at the Lessons Learned cell', () => {
    const s = baseline('zh');
    s.Projects = [project('zh', { status: L('Statuses', 'lost') })];
    s.Summaries = [summary('zh', 'lost', { lessons: '价格偏高导致丢单', knowledgeTags: '价格,竞争' })];
    const records = collectLessons(build(s), 'team.xlsx', '华东');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      projectId: 'P-001',
      projectName: '智慧城市运营中心',
      outcome: 'lost',
      knowledgeTags: ['价格', '竞争'],
      team: '华东',
    });
    expect(records[0].cell).toMatch(/!G2$/);
    expect(searchLessons(records, '价格')).toHaveLength(1);
  });

  test('reads a roll-up Lessons table, so the search works on a roll-up', () => {
    const s = baseline('en');
    s.Projects = [project('en', { status: L('Statuses', 'won', 'en') })];
    s.Summaries = [summary('en', 'won', { lessons: 'Early demo won the CIO', knowledgeTags: 'demo' })];
    const r = buildRollup([{ file: 'team.xlsx', snapshot: build(s, { lang: 'en' }) }], { lang: 'en' });
    const table = {
      name: ROLLUP_LESSONS.name,
      sheet: 'Lessons',
      topLeft: 'A3',
      headers: ROLLUP_LESSONS.columns.map((c) => c.header.en),
      rows: r.rows.Lessons,
    };
    const records = collectLessons({ tables: { Lessons: table } }, 'rollup.xlsx');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      team: 'team',
      projectId: 'P-001',
      outcome: 'won',
      knowledgeTags: ['demo'],
      cell: 'Lessons!H4',
    });
    expect(searchLessons(records, 'demo')[0].record.projectId).toBe('P-001');
  });
});
