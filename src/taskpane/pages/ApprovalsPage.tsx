import * as React from 'react';
import {
  Badge,
  Field,
  Select,
  Spinner,
  Text,
  createFocusOutlineStyle,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import { ApprovalRequest, approvalQueue, decisionRefusal } from '../../engine/approvals';
import { LISTS } from '../../engine/lists';
import { formatMoneyChange } from '../../engine/money';
import { isoFromSerial, todaySerial } from '../../engine/values';
import { fmt, money, paren, percent, S } from '../strings';
import type { Pipeline } from '../usePipeline';
import { BusyButton, Heading, Reasons, usePageStyles } from './common';

const useStyles = makeStyles({
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
  hint: { color: tokens.colorPaletteDarkOrangeForeground1, fontSize: tokens.fontSizeBase200 },
  select: { minWidth: 0, width: '100%' },
});

function RequestCard({ r, p }: { r: ApprovalRequest; p: Pipeline }): React.JSX.Element {
  const s = usePageStyles();
  const c = useStyles();
  const { lang, analysis } = p;
  const refusal =
    p.approver && analysis ? decisionRefusal(r, p.approver, 'approved', analysis.computed.people, todaySerial()) : null;
  const change = [
    r.costChange !== null ? formatMoneyChange(r.costChange) : '',
    r.scheduleChangeDays !== null ? fmt(lang, 'days', { n: r.scheduleChangeDays }) : '',
  ].filter(Boolean);
  const esc = LISTS.Escalations.find((e) => e.key === r.escalation);
  return (
    <li
      className={s.card}
      data-testid="request"
      data-request-id={r.id}
      data-table={r.table}
      data-level={r.level}
      data-approvers={r.approvers.map((a) => a.name).join(',')}
      data-sponsor-confirmed={String(r.sponsorConfirmed)}
    >
      <div className={s.row}>
        <span className={s.grow}>
          <button
            type="button"
            className={c.link}
            onClick={() => void p.goTo(r.cell)}
            title={fmt(lang, 'goTo', { cell: r.cell })}
          >
            {r.label[lang]}
          </button>
        </span>
        <Badge appearance="tint" color={r.level === 'leadership' ? 'danger' : 'warning'} data-testid="request-level">
          {r.levelLabel[lang]}
        </Badge>
        <Badge appearance="tint" color={r.sponsorConfirmed ? 'success' : 'severe'} data-testid="sponsor-state">
          {r.sponsorConfirmed ? S.sponsorConfirmed[lang] : S.sponsorNotConfirmed[lang]}
        </Badge>
      </div>
      <Text className={mergeClasses(s.small, s.wrapText)}>
        {r.projectId} {r.projectName}
        {r.grade ? ` · ${r.grade}` : ''}
      </Text>
      <Text className={mergeClasses(s.small, s.wrapText)}>
        {[
          r.kind === 'adjustment' ? S.kindAdjustment[lang] : S.kindTermination[lang],
          r.type?.[lang],
          r.milestone,
          ...change,
        ]
          .filter(Boolean)
          .join(' · ')}
      </Text>
      {r.details && <Text className={mergeClasses(s.small, s.muted, s.wrapText)}>{r.details}</Text>}
      <Text className={s.small}>
        {fmt(lang, 'requestedByLine', {
          who: r.requestedBy || '—',
          date: r.requestDate === null ? '—' : isoFromSerial(r.requestDate),
        })}
      </Text>
      <Reasons items={r.levelReasons} lang={lang} testId="level-reasons" />
      <Text className={mergeClasses(s.small, s.wrapText)} data-testid="approvers">
        {r.approvers.length
          ? fmt(lang, 'mayApprove', {
              names: r.approvers.map((a) => `${a.name}${paren(lang, a.role[lang])}`).join(lang === 'zh' ? '、' : ', '),
            })
          : S.nobodyMayApprove[lang]}
      </Text>
      <Text className={mergeClasses(s.small, s.muted)}>{r.sponsorNote[lang]}</Text>
      {esc && r.escalation !== 'none' && (
        <Text className={mergeClasses(s.small, s.muted)}>
          {fmt(lang, 'projectEscalation', { level: esc[lang] })} · {S.overrun[lang]} {money(r.figures.overrun)}
          {paren(lang, percent(r.figures.overrunPct))}
        </Text>
      )}
      {refusal && (
        <Text className={c.hint} data-testid="refusal-hint">
          {fmt(lang, 'cannotDecide', { why: refusal[lang] })}
        </Text>
      )}
      <div className={s.row}>
        <BusyButton
          p={p}
          op="decide"
          size="small"
          appearance="primary"
          data-testid="approve"
          label={S.approve[lang]}
          onClick={() => void p.decide(r, 'approved')}
        />
        <BusyButton
          p={p}
          op="decide"
          size="small"
          data-testid="reject"
          label={S.reject[lang]}
          onClick={() => void p.decide(r, 'rejected')}
        />
        <BusyButton
          p={p}
          op="form"
          size="small"
          appearance="subtle"
          data-testid="approval-form"
          label={S.approvalFormButton[lang]}
          onClick={() => void p.approvalForm(r)}
        />
      </div>
    </li>
  );
}

export default function ApprovalsPage({ p }: { p: Pipeline }): React.JSX.Element {
  const s = usePageStyles();
  const c = useStyles();
  const { lang, analysis } = p;
  const queue = React.useMemo(() => (analysis ? approvalQueue(analysis) : null), [analysis]);
  const people = React.useMemo(
    () =>
      analysis
        ? [...analysis.computed.people.values()]
            .filter((x) => x.active)
            .sort((a, b) => (b.rank ?? 0) - (a.rank ?? 0) || a.name.localeCompare(b.name))
        : [],
    [analysis],
  );
  const approverKnown = people.some((x) => x.name === p.approver);

  return (
    <div className={s.page} data-testid="page-review">
      <Text className={s.muted}>{S.approvalsIntro[lang]}</Text>
      <div className={s.row}>
        <BusyButton
          p={p}
          op="check"
          size="small"
          label={S.runCheck[lang]}
          extraDisabled={!p.asOfValid}
          onClick={() => void p.runCheck()}
        />
        <BusyButton
          p={p}
          op="export"
          size="small"
          data-testid="export-review"
          label={S.exportReview[lang]}
          onClick={() => void p.exportReview()}
        />
      </div>
      {!analysis || !queue ? (
        <Spinner size="small" label={S.checking[lang]} />
      ) : (
        <>
          <Field label={S.approvingAs[lang]} hint={S.approverHint[lang]}>
            <Select
              className={c.select}
              value={approverKnown ? p.approver : ''}
              onChange={(_, d) => p.setApprover(d.value)}
              data-testid="approver"
            >
              <option value="">{S.chooseApprover[lang]}</option>
              {people.map((x) => (
                <option key={x.name} value={x.name}>
                  {x.name}
                  {x.rank !== null ? paren(lang, LISTS.Roles.find((r) => r.rank === x.rank)?.[lang] ?? x.rank) : ''}
                </option>
              ))}
            </Select>
          </Field>
          {p.stale && (
            <Text className={c.hint} data-testid="stale">
              {S.staleResults[lang]}
            </Text>
          )}
          <Text className={s.small} weight="semibold" data-testid="requests-count">
            {fmt(lang, 'requestsCount', { n: queue.requests.length })}
          </Text>
          {queue.requests.length === 0 ? (
            <Text>{S.noRequests[lang]}</Text>
          ) : (
            <ul className={s.list} data-testid="requests">
              {queue.requests.map((r) => (
                <RequestCard key={`${r.table}-${r.row}`} r={r} p={p} />
              ))}
            </ul>
          )}
          <section className={s.section} aria-labelledby="needs-request">
            <Heading id="needs-request">
              {S.needsRequestHeading[lang]}
              {paren(lang, queue.needsRequest.length)}
            </Heading>
            <Text className={mergeClasses(s.small, s.muted)}>{S.needsRequestIntro[lang]}</Text>
            <ul className={s.list} data-testid="needs-request">
              {queue.needsRequest.map((n) => (
                <li
                  key={n.projectId}
                  className={s.card}
                  data-testid="needs-request-item"
                  data-project={n.projectId}
                  data-level={n.escalation}
                >
                  <div className={s.row}>
                    <span className={s.grow}>
                      <button
                        type="button"
                        className={c.link}
                        onClick={() => void p.goTo(n.cell)}
                        title={fmt(lang, 'goTo', { cell: n.cell })}
                      >
                        {n.projectId} {n.projectName}
                      </button>
                    </span>
                    {n.grade && (
                      <Badge appearance="outline" shape="rounded">
                        {n.grade}
                      </Badge>
                    )}
                    <Badge appearance="tint" color={n.escalation === 'leadership' ? 'danger' : 'warning'}>
                      {n.levelLabel[lang]}
                    </Badge>
                  </div>
                  <Text className={s.small}>
                    {S.salesOwner[lang]} {n.salesOwner || '—'} · {S.sponsorHeading[lang]} {n.sponsor || '—'}
                  </Text>
                  <Reasons items={n.reasons} lang={lang} testId="escalation-reasons" />
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
    </div>
  );
}
