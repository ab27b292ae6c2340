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
import { agendaSponsors, buildAgenda } from '../../engine/agenda';
import { isoFromSerial, serialFromIso } from '../../engine/values';
import { fmt, money, S } from '../strings';
import type { Pipeline } from '../usePipeline';
import { BusyButton, Heading, usePageStyles } from './common';

const useStyles = makeStyles({
  fields: { display: 'grid', gridTemplateColumns: 'repeat(2, minmax(0, 1fr))', columnGap: tokens.spacingHorizontalS },
  field: { minWidth: 0 },
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
  reasons: { margin: 0, paddingLeft: tokens.spacingHorizontalL, fontSize: tokens.fontSizeBase200 },
});

const ALL = '*';

/** The war-room meeting (spec §8): pick a date and a sponsor, see the agenda, write it as a sheet, record the decisions. */
export default function MeetingPage({ p }: { p: Pipeline }): React.JSX.Element {
  const s = usePageStyles();
  const c = useStyles();
  const { lang, analysis } = p;
  const [dateText, setDateText] = React.useState('');
  const [sponsor, setSponsor] = React.useState(ALL);
  const typed = dateText.trim();
  const date = typed === '' ? undefined : (serialFromIso(typed) ?? null);
  const dateValid = date !== null;
  const sponsors = React.useMemo(() => (analysis ? agendaSponsors(analysis) : []), [analysis]);
  const agenda = React.useMemo(
    () =>
      analysis && dateValid
        ? buildAgenda(analysis, { date: date ?? undefined, sponsor: sponsor === ALL ? null : sponsor })
        : null,
    [analysis, date, dateValid, sponsor],
  );
  const team = analysis?.computed.policy.Team || undefined;

  const writeSheet = (): void => {
    if (!agenda) return;
    void p.act(
      'agenda',
      () => p.ops.writeAgendaSheet(p.run, agenda, lang, { team }),
      (r) => ({
        zh: fmt('zh', 'agendaWritten', { sheet: r.sheet, n: r.rows }),
        en: fmt('en', 'agendaWritten', { sheet: r.sheet, n: r.rows }),
      }),
    );
  };
  const record = (): void => {
    if (!agenda) return;
    const day = isoFromSerial(agenda.date);
    void p.act(
      'decisions',
      () => p.ops.recordDecisions(p.run, agenda),
      (r) =>
        r.added === 0
          ? { zh: fmt('zh', 'decisionsAlready', { date: day }), en: fmt('en', 'decisionsAlready', { date: day }) }
          : {
              zh: fmt('zh', 'decisionsRecorded', { n: r.added, address: r.address ?? '' }),
              en: fmt('en', 'decisionsRecorded', { n: r.added, address: r.address ?? '' }),
            },
      { recheck: true },
    );
  };

  return (
    <div className={s.page} data-testid="page-meeting">
      <Text className={s.muted}>{S.meetingIntro[lang]}</Text>
      <div className={c.fields}>
        <Field
          label={S.meetingDate[lang]}
          className={c.field}
          hint={S.meetingDateHint[lang]}
          validationState={dateValid ? 'none' : 'error'}
          validationMessage={dateValid ? undefined : S.asOfInvalid[lang]}
        >
          <Input
            value={dateText}
            placeholder={analysis ? isoFromSerial(analysis.asOf) : 'yyyy-mm-dd'}
            onChange={(_, d) => setDateText(d.value)}
            data-testid="meeting-date"
          />
        </Field>
        <Field label={S.sponsorPick[lang]} className={c.field}>
          <Select
            className={c.select}
            value={sponsor}
            onChange={(_, d) => setSponsor(d.value)}
            data-testid="meeting-sponsor"
          >
            <option value={ALL}>{S.allSponsors[lang]}</option>
            {sponsors.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <div className={s.row}>
        <BusyButton
          p={p}
          op="agenda"
          appearance="primary"
          data-testid="write-agenda"
          label={S.writeAgenda[lang]}
          extraDisabled={!agenda}
          onClick={writeSheet}
        />
        <BusyButton
          p={p}
          op="decisions"
          data-testid="record-decisions"
          label={S.recordDecisions[lang]}
          extraDisabled={!agenda || agenda.items.length === 0}
          onClick={record}
        />
        <BusyButton
          p={p}
          op="check"
          size="small"
          label={S.runCheck[lang]}
          extraDisabled={!p.asOfValid}
          onClick={() => void p.runCheck()}
        />
      </div>
      {!analysis ? (
        <Spinner size="small" label={S.checking[lang]} />
      ) : !agenda ? null : (
        <>
          <Text className={s.small} data-testid="agenda-count">
            {fmt(lang, 'agendaCount', { n: agenda.items.length })}
          </Text>
          {agenda.message && (
            <Text data-testid="agenda-message" role="status">
              {agenda.message[lang]}
            </Text>
          )}
          {agenda.groups.map((g) => (
            <section
              key={g.code}
              className={s.section}
              data-testid="agenda-group"
              data-group={g.code}
              aria-labelledby={`agenda-${g.code}`}
            >
              <Heading id={`agenda-${g.code}`}>
                {g.title[lang]} ({g.items.length})
              </Heading>
              <ul className={s.list}>
                {g.items.map((it) => (
                  <li key={it.projectId} className={s.card} data-testid="agenda-item">
                    <div className={s.row}>
                      <span className={s.grow}>
                        <button
                          type="button"
                          className={c.link}
                          onClick={() => void p.goTo(it.cell)}
                          title={fmt(lang, 'goTo', { cell: it.cell })}
                        >
                          {it.projectId} {it.projectName}
                        </button>
                      </span>
                      {it.grade && (
                        <Badge appearance="outline" shape="rounded">
                          {it.grade}
                        </Badge>
                      )}
                    </div>
                    <Text className={s.small}>
                      {S.sponsorPick[lang]} {it.sponsor || '—'} ·{' '}
                      {fmt(lang, 'planLine', {
                        plan: money(it.currentPlan, lang),
                        actual: money(it.actualCost, lang),
                        overrun: money(it.overrun, lang),
                        slip: it.slipDays,
                      })}
                    </Text>
                    <ul className={c.reasons}>
                      {it.reasons.map((r, i) => (
                        <li key={`${r.code}-${i}`}>{r.text[lang]}</li>
                      ))}
                    </ul>
                    <Text className={mergeClasses(s.small)} weight="semibold">
                      {fmt(lang, 'decisionAsked', { what: it.decision[lang] })}
                    </Text>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </>
      )}
    </div>
  );
}
