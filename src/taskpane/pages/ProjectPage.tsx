import * as React from 'react';
import { Badge, Button, Spinner, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { cell, sponsorMinRank } from '../../engine/compute';
import { findListItem, LISTS } from '../../engine/lists';
import { matchKey } from '../../engine/values';
import { fmt, money, moneySum, percent, S } from '../strings';
import type { Pipeline } from '../usePipeline';
import { FindingRow } from './CheckPage';
import { Heading, Reasons, usePageStyles } from './common';
import { projectReasons } from '../../engine/reasons';
import { formatMoneyChange } from '../../engine/money';
import { isNumber } from '../../engine/values';
import { DraftReportButton } from './DraftReport';
import { FormKind, formatDate, projectContext, RowForm } from './forms';

const useStyles = makeStyles({
  bars: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalS },
  barLabel: {
    display: 'flex',
    justifyContent: 'space-between',
    columnGap: tokens.spacingHorizontalS,
    fontSize: tokens.fontSizeBase200,
  },
  track: {
    display: 'flex',
    height: '10px',
    borderRadius: tokens.borderRadiusSmall,
    backgroundColor: tokens.colorNeutralBackground5,
    overflow: 'hidden',
  },
  fill: { height: '100%', backgroundColor: tokens.colorBrandBackground },
  cap: { height: '100%', backgroundColor: tokens.colorPaletteGreenBackground3 },
  over: { height: '100%', backgroundColor: tokens.colorPaletteRedBackground3 },
  table: { width: '100%', borderCollapse: 'collapse', fontSize: tokens.fontSizeBase200 },
  th: {
    textAlign: 'start',
    fontWeight: tokens.fontWeightSemibold,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalXS}`,
  },
  td: {
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke3}`,
    padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalXS}`,
  },
  slip: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  gradeBadge: { minWidth: '28px' },
});

const GRADE_COLOR = { A: 'danger', B: 'warning', C: 'brand', D: 'informative' } as const;

function Bar({
  label,
  value,
  max,
  kind,
  lang,
}: {
  label: string;
  value: number | null;
  max: number;
  kind: 'cap' | 'fill';
  lang: 'zh' | 'en';
}): React.JSX.Element {
  const c = useStyles();
  const w = max > 0 && value !== null ? Math.min(100, (Math.max(0, value) / max) * 100) : 0;
  return (
    <div>
      <div className={c.barLabel}>
        <span>{label}</span>
        <span>{money(value, lang)}</span>
      </div>
      <div className={c.track} role="img" aria-label={`${label} ${money(value, lang)}`}>
        <div className={kind === 'cap' ? c.cap : c.fill} style={{ width: `${w}%` }} />
      </div>
    </div>
  );
}

export default function ProjectPage({ p }: { p: Pipeline }): React.JSX.Element {
  const s = usePageStyles();
  const c = useStyles();
  const { lang, analysis, selected } = p;
  const [form, setForm] = React.useState<FormKind | null>(null);

  if (!selected) {
    return (
      <div className={s.page} data-testid="page-project">
        <Text className={s.muted}>{S.followsSelection[lang]}</Text>
        {p.selecting ? (
          <Spinner size="tiny" label={S.working[lang]} />
        ) : (
          <Text data-testid="no-selection">{S.noSelection[lang]}</Text>
        )}
      </div>
    );
  }
  if (!analysis) {
    return (
      <div className={s.page} data-testid="page-project">
        <Spinner size="small" label={S.checking[lang]} />
      </div>
    );
  }
  const key = matchKey(selected.projectId) ?? '';
  const P = analysis.model.tables.Projects;
  const entry = analysis.computed.projects.find((x) => matchKey(x.metrics.projectId) === key);
  if (!entry) {
    return (
      <div className={s.page} data-testid="page-project">
        <Text>{fmt(lang, 'projectNotFound', { id: selected.projectId })}</Text>
        <Button onClick={() => void p.runCheck()} disabled={p.busy !== null}>
          {S.runCheck[lang]}
        </Button>
      </div>
    );
  }
  const { row, metrics: m } = entry;
  const policy = analysis.computed.policy;
  const name = String(cell(P, row, 'projectName') ?? '');
  const customer = String(cell(P, row, 'customer') ?? '');
  const sponsor = String(cell(P, row, 'sponsor') ?? '').trim();
  const salesOwner = String(cell(P, row, 'salesOwner') ?? '');
  const stage = findListItem('Stages', cell(P, row, 'stage'));
  const status = findListItem('Statuses', cell(P, row, 'status'));
  const sponsorRank = sponsor ? (analysis.computed.people.get(sponsor)?.rank ?? null) : null;
  const sponsorRole = sponsorRank !== null ? LISTS.Roles.find((r) => r.rank === sponsorRank) : undefined;
  const minRank = m.grade ? sponsorMinRank(m.grade, policy) : null;
  const minRole = minRank !== null ? LISTS.Roles.find((r) => r.rank === minRank) : undefined;
  const plan = (m.plannedCost ?? 0) + (m.approvedAdjustments ?? 0);
  const max = Math.max(m.budgetCap ?? 0, plan, m.actualCost ?? 0, 1);
  const agg = analysis.computed.aggregates.get(key);
  const TB = analysis.model.tables.TaskBook;
  const escalation = LISTS.Escalations.find((e) => e.key === m.escalation);
  const findings = analysis.findings.filter((f) => f.projectId !== undefined && matchKey(f.projectId) === key);
  const ctx = projectContext(analysis, m.projectId, row);
  const why = projectReasons(analysis.model, analysis.computed, row, m);
  const num = (v: unknown): number | null => (isNumber(v as never) ? (v as number) : null);
  const AD = analysis.model.tables.Adjustments;
  const TE = analysis.model.tables.Terminations;
  const SU = analysis.model.tables.Summaries;
  const decision = (v: unknown) => findListItem('Decisions', v);
  const DECISION_COLOR = { pending: 'warning', approved: 'success', rejected: 'danger' } as const;
  const requests = [
    ...(agg?.adjustmentRows ?? []).map((r) => {
      const type = findListItem('AdjustmentTypes', cell(AD, r, 'adjustmentType'));
      const cc = num(cell(AD, r, 'costChange'));
      const days = num(cell(AD, r, 'scheduleChangeDays'));
      return {
        key: `a${r}`,
        id: String(cell(AD, r, 'adjustmentId') ?? ''),
        what: [
          type?.[lang],
          String(cell(AD, r, 'milestone') ?? ''),
          type?.key === 'cost' && cc !== null ? formatMoneyChange(cc) : '',
          type?.key === 'schedule' && days !== null ? fmt(lang, 'days', { n: days }) : '',
        ]
          .filter(Boolean)
          .join(' · '),
        date: formatDate(cell(AD, r, 'requestDate')),
        decision: decision(cell(AD, r, 'decision')),
      };
    }),
    ...(agg?.terminationRows ?? []).map((r) => ({
      key: `t${r}`,
      id: S.kindTermination[lang],
      what: findListItem('TerminationReasons', cell(TE, r, 'reasonCategory'))?.[lang] ?? '',
      date: formatDate(cell(TE, r, 'requestDate')),
      decision: decision(cell(TE, r, 'decision')),
    })),
  ];
  const summaries = (agg?.summaryRows ?? []).map((r) => ({
    key: `s${r}`,
    outcome: findListItem('Outcomes', cell(SU, r, 'outcome'))?.[lang] ?? String(cell(SU, r, 'outcome') ?? ''),
    date: formatDate(cell(SU, r, 'reviewDate')),
    signed: num(cell(SU, r, 'signedValue')),
  }));

  return (
    <div className={s.page} data-testid="page-project" data-project={m.projectId}>
      <section className={s.section}>
        <Text className={mergeClasses(s.muted, s.small)}>
          {S.followsSelection[lang]} · {selected.address}
          {p.selecting ? ' …' : ''}
        </Text>
        <Heading>
          <span data-testid="project-id">{m.projectId}</span> {name}
        </Heading>
        <Text className={s.small}>
          {customer}
          {stage ? ` · ${stage[lang]}` : ''}
          {status ? ` · ${status[lang]}` : ''} · {S.salesOwner[lang]} {salesOwner}
        </Text>
        <Text className={s.small} data-testid="project-money">
          {S.contractValue[lang]} {moneySum(num(cell(P, row, 'estContractValue')), lang)} · {S.grossMargin[lang]}{' '}
          {moneySum(num(cell(P, row, 'estGrossMargin')), lang)}
        </Text>
      </section>

      <section className={s.card} aria-label={S.gradeHeading[lang]}>
        <div className={s.row}>
          <Text weight="semibold" className={s.grow}>
            {S.gradeHeading[lang]}
          </Text>
          {m.grade ? (
            <Badge
              size="large"
              appearance="filled"
              color={GRADE_COLOR[m.grade]}
              className={c.gradeBadge}
              data-testid="grade"
            >
              {m.grade}
            </Badge>
          ) : (
            <Badge appearance="outline">—</Badge>
          )}
        </div>
        {m.grade ? (
          <Text className={s.small} data-testid="score">
            {fmt(lang, 'scoreLine', {
              score: m.importanceScore?.toFixed(2) ?? '—',
              tier: m.marginTier ?? '—',
              wt: policy.ScoreWeightMargin,
              mw: m.marketWeight ?? '—',
              wm: policy.ScoreWeightMarket,
            })}
          </Text>
        ) : (
          <Text className={s.small}>{S.noGrade[lang]}</Text>
        )}
        <Reasons items={why.grade} lang={lang} testId="grade-reasons" />
      </section>

      <section className={s.card} aria-label={S.sponsorHeading[lang]}>
        <Text weight="semibold">
          {S.sponsorHeading[lang]}: {sponsor || '—'}
        </Text>
        <Text className={s.small}>
          {fmt(lang, 'sponsorRole', { role: sponsorRole ? sponsorRole[lang] : S.unknownRole[lang] })}
        </Text>
        {m.grade && minRole && (
          <Text
            className={mergeClasses(s.small, minRank !== null && (sponsorRank ?? 0) < minRank ? c.slip : undefined)}
            data-testid="min-role"
          >
            {fmt(lang, 'minRole', { grade: m.grade, role: minRole[lang] })}
          </Text>
        )}
      </section>

      <section className={s.card} aria-label={S.budgetHeading[lang]}>
        <Text weight="semibold">{S.budgetHeading[lang]}</Text>
        <div className={c.bars} data-testid="budget">
          <Bar label={S.budgetCap[lang]} value={m.budgetCap} max={max} kind="cap" lang={lang} />
          <Bar label={S.currentPlan[lang]} value={plan} max={max} kind="fill" lang={lang} />
          <div>
            <div className={c.barLabel}>
              <span>{S.actualCost[lang]}</span>
              <span>{money(m.actualCost, lang)}</span>
            </div>
            <div
              className={c.track}
              role="img"
              aria-label={`${S.actualCost[lang]} ${money(m.actualCost, lang)}; ${S.overrun[lang]} ${money(m.overrun, lang)}`}
            >
              <div className={c.fill} style={{ width: `${(Math.min(m.actualCost ?? 0, plan) / max) * 100}%` }} />
              <div className={c.over} style={{ width: `${((m.overrun ?? 0) / max) * 100}%` }} />
            </div>
          </div>
        </div>
        <Text className={s.small} data-testid="cap-derivation">
          {why.cap.map((x) => x[lang]).join('')}
        </Text>
        <Text className={s.small} data-testid="overrun">
          {S.overrun[lang]}: {money(m.overrun, lang)} ({percent(m.overrunPct)}) ·{' '}
          {fmt(lang, 'slipDays', { n: m.slipDays ?? 0 })}
        </Text>
        {escalation && (
          <Text className={s.small}>
            {S.escalation[lang]}:{' '}
            <Badge
              appearance="tint"
              color={m.escalation === 'leadership' ? 'danger' : m.escalation === 'adjustment' ? 'warning' : 'success'}
            >
              {escalation[lang]}
            </Badge>
          </Text>
        )}
        <Reasons items={why.escalation} lang={lang} testId="escalation-reasons" />
      </section>

      <section className={s.section}>
        <Heading>{S.milestonesHeading[lang]}</Heading>
        {!agg || agg.taskRows.length === 0 ? (
          <Text className={s.muted}>{S.noMilestones[lang]}</Text>
        ) : (
          <table className={c.table} data-testid="milestones">
            <thead>
              <tr>
                <th className={c.th} scope="col">
                  {S.milestone[lang]}
                  {lang === 'zh' ? '（计划/实际费用）' : ' (plan/actual cost)'}
                </th>
                <th className={c.th} scope="col">
                  {S.plannedEnd[lang]}
                </th>
                <th className={c.th} scope="col">
                  {S.actualEnd[lang]}
                </th>
                <th className={c.th} scope="col">
                  {S.slip[lang]}
                </th>
              </tr>
            </thead>
            <tbody>
              {agg.taskRows.map((r) => {
                const slip = analysis.computed.taskBook.get(r)?.milestoneSlipDays ?? null;
                return (
                  <tr key={r}>
                    <td className={c.td}>
                      {String(cell(TB, r, 'milestone') ?? '')}
                      <br />
                      <span title={S.costPlannedActual[lang]}>
                        {money(num(cell(TB, r, 'plannedCost')))} / {money(num(cell(TB, r, 'actualCost')))}
                      </span>
                    </td>
                    <td className={c.td}>{formatDate(cell(TB, r, 'plannedEnd'))}</td>
                    <td className={c.td}>{formatDate(cell(TB, r, 'actualEnd'))}</td>
                    <td className={mergeClasses(c.td, slip ? c.slip : undefined)}>
                      {slip === null ? '—' : fmt(lang, 'days', { n: slip })}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>

      <section className={s.section} aria-labelledby="project-requests">
        <Heading id="project-requests">{S.projectRequests[lang]}</Heading>
        {requests.length === 0 && summaries.length === 0 ? (
          <Text className={s.muted}>{S.noProjectRequests[lang]}</Text>
        ) : (
          <ul className={s.list} data-testid="project-requests">
            {requests.map((q) => (
              <li
                key={q.key}
                className={s.card}
                data-testid="project-request"
                data-request-id={q.id}
                data-decision={q.decision?.key ?? ''}
              >
                <div className={s.row}>
                  <Text weight="semibold" className={s.grow}>
                    {q.id}
                  </Text>
                  <Badge
                    appearance="tint"
                    color={q.decision ? DECISION_COLOR[q.decision.key as keyof typeof DECISION_COLOR] : 'informative'}
                  >
                    {q.decision?.[lang] ?? '—'}
                  </Badge>
                </div>
                <Text className={mergeClasses(s.small, s.wrapText)}>
                  {q.what}
                  {q.date ? ` · ${q.date}` : ''}
                </Text>
              </li>
            ))}
            {summaries.map((x) => (
              <li key={x.key} className={s.card} data-testid="project-summary">
                <div className={s.row}>
                  <Text weight="semibold" className={s.grow}>
                    {S.summaryReport[lang]}
                  </Text>
                  <Badge appearance="tint" color="informative">
                    {x.outcome}
                  </Badge>
                </div>
                <Text className={s.small}>
                  {x.date}
                  {x.signed !== null ? ` · ${S.signedValue[lang]} ${money(x.signed)}` : ''}
                </Text>
              </li>
            ))}
          </ul>
        )}
      </section>

      {findings.length > 0 && (
        <section className={s.section}>
          <Heading>
            {S.projectFindings[lang]} ({findings.length})
          </Heading>
          <ul className={s.list}>
            {findings.map((f, i) => (
              <FindingRow key={`${f.code}-${f.cell}-${i}`} f={f} p={p} />
            ))}
          </ul>
        </section>
      )}

      <section className={s.section}>
        <Heading>{S.actionsHeading[lang]}</Heading>
        <div className={s.row}>
          <Button
            size="small"
            data-testid="action-adjustment"
            disabled={p.busy !== null}
            onClick={() => setForm('Adjustments')}
          >
            {S.newAdjustment[lang]}
          </Button>
          <Button
            size="small"
            data-testid="action-termination"
            disabled={p.busy !== null}
            onClick={() => setForm('Terminations')}
          >
            {S.requestTermination[lang]}
          </Button>
          <Button
            size="small"
            data-testid="action-summary"
            disabled={p.busy !== null}
            onClick={() => setForm('Summaries')}
          >
            {S.writeSummary[lang]}
          </Button>
          <DraftReportButton p={p} projectId={m.projectId} />
        </div>
      </section>
      {form && <RowForm kind={form} ctx={ctx} p={p} workbookLang={analysis.lang} onClose={() => setForm(null)} />}
    </div>
  );
}
