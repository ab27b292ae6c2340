import * as React from 'react';
import {
  Badge,
  Field,
  Input,
  Select,
  Spinner,
  Text,
  createFocusOutlineStyle,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import type { LessonHit, LessonRecord } from '../../engine/lessons';
import { LESSON_FIELD_LABELS, lessonFacets, searchLessons } from '../../engine/lessons';
import { LISTS } from '../../engine/lists';
import { readLessons } from '../../workbook/lessons-read';
import type { Pipeline } from '../usePipeline';
import { errorText } from '../usePipeline';
import { usePageStyles } from './common';
import { d, D } from './directors-strings';

const useStyles = makeStyles({
  filters: {
    display: 'grid',
    gridTemplateColumns: 'repeat(2, minmax(0, 1fr))',
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalXS,
  },
  select: { minWidth: 0, width: '100%' },
  link: {
    border: 'none',
    background: 'none',
    padding: 0,
    cursor: 'pointer',
    color: tokens.colorBrandForegroundLink,
    fontFamily: tokens.fontFamilyBase,
    fontSize: tokens.fontSizeBase300,
    fontWeight: tokens.fontWeightSemibold,
    textAlign: 'start',
    ':hover': { textDecorationLine: 'underline' },
    ...createFocusOutlineStyle(),
  },
  lesson: { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
});

const ALL = '';
const OUTCOME_COLOR: Record<string, 'success' | 'danger' | 'informative'> = {
  won: 'success',
  lost: 'danger',
  terminated: 'informative',
};

/** The knowledge base: summary reports searched by words, filtered, each hit leading to its row. */
export default function LessonsPage({ p }: { p: Pipeline }): React.JSX.Element {
  const s = usePageStyles();
  const c = useStyles();
  const { lang } = p;
  const [records, setRecords] = React.useState<LessonRecord[] | null>(null);
  const [loading, setLoading] = React.useState(false);
  const [error, setError] = React.useState<string | null>(null);
  const [query, setQuery] = React.useState('');
  const [outcome, setOutcome] = React.useState(ALL);
  const [reason, setReason] = React.useState(ALL);
  const [market, setMarket] = React.useState(ALL);
  const [customer, setCustomer] = React.useState('');
  const [tag, setTag] = React.useState(ALL);

  const load = React.useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      setRecords(await readLessons(p.run));
    } catch (e) {
      setError(errorText(e)[lang]);
    } finally {
      setLoading(false);
    }
  }, [p.run, lang]);

  React.useEffect(() => {
    if (records === null && !loading && !error) void load();
  }, [records, loading, error, load]);

  const facets = React.useMemo(() => lessonFacets(records ?? []), [records]);
  const hits = React.useMemo<LessonHit[]>(
    () =>
      records
        ? searchLessons(records, query, {
            outcome: outcome || null,
            reason: reason || null,
            market: market || null,
            customer: customer || null,
            tag: tag || null,
          })
        : [],
    [records, query, outcome, reason, market, customer, tag],
  );

  return (
    <div className={s.page} data-testid="page-lessons">
      <Text className={s.muted}>{D.lessonsIntro[lang]}</Text>
      <Field label={D.search[lang]}>
        <Input
          type="search"
          value={query}
          placeholder={D.searchPlaceholder[lang]}
          onChange={(_, v) => setQuery(v.value)}
          data-testid="lessons-query"
        />
      </Field>
      <div className={c.filters}>
        <Field label={D.outcome[lang]}>
          <Select
            className={c.select}
            value={outcome}
            onChange={(_, v) => setOutcome(v.value)}
            data-testid="lessons-outcome"
          >
            <option value={ALL}>{D.all[lang]}</option>
            {LISTS.Outcomes.map((o) => (
              <option key={o.key} value={o.en}>
                {o[lang]}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={D.reason[lang]}>
          <Select
            className={c.select}
            value={reason}
            onChange={(_, v) => setReason(v.value)}
            data-testid="lessons-reason"
          >
            <option value={ALL}>{D.all[lang]}</option>
            {LISTS.WinLossReasons.map((o) => (
              <option key={o.key} value={o.en}>
                {o[lang]}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={D.market[lang]}>
          <Select
            className={c.select}
            value={market}
            onChange={(_, v) => setMarket(v.value)}
            data-testid="lessons-market"
          >
            <option value={ALL}>{D.all[lang]}</option>
            {facets.markets.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={D.tag[lang]}>
          <Select className={c.select} value={tag} onChange={(_, v) => setTag(v.value)} data-testid="lessons-tag">
            <option value={ALL}>{D.all[lang]}</option>
            {facets.tags.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <Field label={D.customer[lang]}>
        <Input value={customer} onChange={(_, v) => setCustomer(v.value)} data-testid="lessons-customer" />
      </Field>
      <div className={s.row}>
        <button
          type="button"
          className={c.link}
          onClick={() => void load()}
          disabled={loading}
          data-testid="lessons-reload"
        >
          {D.reload[lang]}
        </button>
      </div>
      {error && (
        <Text role="alert" data-testid="lessons-error">
          {error}
        </Text>
      )}
      {loading || records === null ? (
        !error && <Spinner size="small" label={D.reading[lang]} />
      ) : records.length === 0 ? (
        <Text data-testid="lessons-empty">{D.noLessons[lang]}</Text>
      ) : (
        <>
          <Text className={s.small} data-testid="lessons-count" aria-live="polite">
            {d(lang, 'hits', { n: hits.length, total: records.length })}
          </Text>
          {hits.length === 0 ? (
            <Text>{D.noHits[lang]}</Text>
          ) : (
            <ul className={s.list} data-testid="lessons-list">
              {hits.map((h, i) => {
                const r = h.record;
                const outcomeLabel = LISTS.Outcomes.find((o) => o.key === r.outcome)?.[lang] ?? r.outcomeText;
                const reasonLabel = LISTS.WinLossReasons.find((o) => o.key === r.reason)?.[lang] ?? r.reasonText;
                return (
                  <li
                    key={`${r.file}|${r.cell}|${i}`}
                    className={s.card}
                    data-testid="lesson-hit"
                    data-project={r.projectId}
                  >
                    <div className={s.row}>
                      <span className={s.grow}>
                        <button
                          type="button"
                          className={c.link}
                          onClick={() => void p.goTo(r.cell)}
                          title={d(lang, 'openRow', { cell: r.cell })}
                          aria-label={`${r.projectId} ${r.projectName} — ${d(lang, 'openRow', { cell: r.cell })}`}
                        >
                          {r.projectId} {r.projectName}
                        </button>
                      </span>
                      {outcomeLabel && (
                        <Badge
                          appearance="tint"
                          color={OUTCOME_COLOR[r.outcome ?? ''] ?? 'informative'}
                          shape="rounded"
                        >
                          {outcomeLabel}
                        </Badge>
                      )}
                    </div>
                    <Text className={mergeClasses(s.small, s.muted)}>
                      {[r.team, r.customer, r.market, reasonLabel].filter(Boolean).join(' · ')}
                    </Text>
                    <Text className={c.lesson}>{r.lessons}</Text>
                    {r.improvements && (
                      <Text className={mergeClasses(s.small, c.lesson)}>
                        {D.improvements[lang]}
                        {lang === 'zh' ? '：' : ': '}
                        {r.improvements}
                      </Text>
                    )}
                    {r.knowledgeTags.length > 0 && (
                      <div className={s.row}>
                        {r.knowledgeTags.map((t) => (
                          <Badge key={t} appearance="outline" size="small" shape="rounded">
                            {t}
                          </Badge>
                        ))}
                      </div>
                    )}
                    {h.matched.length > 0 && (
                      <Text className={mergeClasses(s.small, s.muted)}>
                        {d(lang, 'matchedIn', {
                          fields: h.matched.map((f) => LESSON_FIELD_LABELS[f][lang]).join(lang === 'zh' ? '、' : ', '),
                        })}
                      </Text>
                    )}
                  </li>
                );
              })}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
