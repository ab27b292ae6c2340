import * as React from 'react';
import { Badge, Field, Select, Spinner, Text, createFocusOutlineStyle, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { reviewItems, ReviewItem } from '../../engine/review';
import { fmt, money, percent, S } from '../strings';
import type { Pipeline } from '../usePipeline';
import { BusyButton, usePageStyles } from './common';

const useStyles = makeStyles({
  filters: { display: 'grid', gridTemplateColumns: 'repeat(3, minmax(0, 1fr))', columnGap: tokens.spacingHorizontalS },
  filter: { minWidth: 0 },
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
  pending: { margin: 0, paddingLeft: tokens.spacingHorizontalL, fontSize: tokens.fontSizeBase200 },
});

const ALL = '*';

export default function ReviewPage({ p }: { p: Pipeline }): React.JSX.Element {
  const s = usePageStyles();
  const c = useStyles();
  const { lang, analysis } = p;
  const [level, setLevel] = React.useState(ALL);
  const [grade, setGrade] = React.useState(ALL);
  const [owner, setOwner] = React.useState(ALL);
  const items = React.useMemo<ReviewItem[]>(() => (analysis ? reviewItems(analysis) : []), [analysis]);
  const owners = React.useMemo(() => [...new Set(items.map((i) => i.salesOwner).filter(Boolean))].sort(), [items]);
  const shown = items.filter(
    (i) => (level === ALL || i.escalation === level) && (grade === ALL || (i.grade ?? '-') === grade) && (owner === ALL || i.salesOwner === owner),
  );

  return (
    <div className={s.page} data-testid="page-review">
      <Text className={s.muted}>{S.reviewIntro[lang]}</Text>
      <div className={s.row}>
        <BusyButton p={p} op="export" appearance="primary" data-testid="export-review" label={S.exportReview[lang]} onClick={() => void p.exportReview()} />
        <BusyButton p={p} op="check" size="small" label={S.runCheck[lang]} extraDisabled={!p.asOfValid} onClick={() => void p.runCheck()} />
      </div>
      {!analysis ? (
        <Spinner size="small" label={S.checking[lang]} />
      ) : (
        <>
          <div className={c.filters}>
            <Field label={S.level[lang]} className={c.filter}>
              <Select className={c.select} value={level} onChange={(_, d) => setLevel(d.value)} data-testid="filter-level">
                <option value={ALL}>{S.all[lang]}</option>
                <option value="leadership">{S.levelLeadership[lang]}</option>
                <option value="adjustment">{S.levelAdjustment[lang]}</option>
              </Select>
            </Field>
            <Field label={S.grade[lang]} className={c.filter}>
              <Select className={c.select} value={grade} onChange={(_, d) => setGrade(d.value)} data-testid="filter-grade">
                <option value={ALL}>{S.all[lang]}</option>
                {['A', 'B', 'C', 'D'].map((g) => (
                  <option key={g} value={g}>
                    {g}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label={S.salesOwner[lang]} className={c.filter}>
              <Select className={c.select} value={owner} onChange={(_, d) => setOwner(d.value)} data-testid="filter-owner">
                <option value={ALL}>{S.all[lang]}</option>
                {owners.map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
          <Text className={s.small} data-testid="review-count">
            {fmt(lang, 'reviewCount', { n: shown.length, total: items.length })}
          </Text>
          {shown.length === 0 ? (
            <Text>{S.noReviewItems[lang]}</Text>
          ) : (
            <ul className={s.list} data-testid="review-list">
              {shown.map((i) => (
                <li key={i.projectId} className={s.card} data-testid="review-item" data-level={i.escalation}>
                  <div className={s.row}>
                    <span className={s.grow}>
                      <button type="button" className={c.link} onClick={() => void p.goTo(i.cell)} title={fmt(lang, 'goTo', { cell: i.cell })}>
                        {i.projectId} {i.projectName}
                      </button>
                    </span>
                    {i.grade && (
                      <Badge appearance="outline" shape="rounded">
                        {i.grade}
                      </Badge>
                    )}
                    <Badge appearance="tint" color={i.escalation === 'leadership' ? 'danger' : 'warning'}>
                      {i.escalation === 'leadership' ? S.levelLeadership[lang] : S.levelAdjustment[lang]}
                    </Badge>
                  </div>
                  <Text className={s.small}>
                    {S.salesOwner[lang]} {i.salesOwner} · {fmt(lang, 'requiredApprover', { who: i.requiredApprover[lang] })}
                  </Text>
                  <Text className={s.small}>
                    {fmt(lang, 'overrunLine', { amount: money(i.overrun, lang), pct: percent(i.overrunPct) })} · {fmt(lang, 'slipDays', { n: i.slipDays })}
                  </Text>
                  {i.pendingAdjustments.length === 0 ? (
                    <Text className={mergeClasses(s.small, s.muted)}>{S.noPending[lang]}</Text>
                  ) : (
                    <>
                      <Text className={s.small} weight="semibold">
                        {S.pendingAdjustments[lang]}
                      </Text>
                      <ul className={c.pending}>
                        {i.pendingAdjustments.map((a) => (
                          <li key={a.adjustmentId || a.milestone}>
                            {a.adjustmentId} · {a.milestone} · {a.type}
                            {a.costChange !== null ? ` · ${money(a.costChange, lang)}` : ''}
                            {a.scheduleChangeDays !== null ? ` · ${fmt(lang, 'days', { n: a.scheduleChangeDays })}` : ''}
                            {a.requiredApproval ? ` · ${a.requiredApproval[lang]}` : ''}
                          </li>
                        ))}
                      </ul>
                    </>
                  )}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
