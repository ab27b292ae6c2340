import * as React from 'react';
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Badge,
  Button,
  ProgressBar,
  Text,
  createFocusOutlineStyle,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import type { Finding } from '../../engine/findings';
import type { Lang } from '../../engine/i18n';
import { TABLE_BY_NAME, TABLES, TableName } from '../../engine/schema';
import { isoFromSerial } from '../../engine/values';
import { fmt, S } from '../strings';
import type { Pipeline } from '../usePipeline';
import { BusyButton, SeverityBadge, usePageStyles } from './common';
import type { AsOfSource } from '../../engine/asof';

const ASOF_SOURCE: Record<AsOfSource, 'asOfFromTyped' | 'asOfFromPolicy' | 'asOfFromToday'> = {
  typed: 'asOfFromTyped',
  policy: 'asOfFromPolicy',
  today: 'asOfFromToday',
};

const useStyles = makeStyles({
  finding: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalXXS,
    width: '100%',
    textAlign: 'start',
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    border: 'none',
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: 'transparent',
    color: tokens.colorNeutralForeground1,
    fontFamily: tokens.fontFamilyBase,
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase300,
    cursor: 'pointer',
    ':hover': { backgroundColor: tokens.colorSubtleBackgroundHover },
    ':active': { backgroundColor: tokens.colorSubtleBackgroundPressed },
    ...createFocusOutlineStyle(),
  },
  cell: { fontFamily: tokens.fontFamilyMonospace, color: tokens.colorBrandForeground1, fontSize: tokens.fontSizeBase200 },
  item: { borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke3}`, paddingBottom: tokens.spacingVerticalXS },
  fix: { marginLeft: tokens.spacingHorizontalS, marginBottom: tokens.spacingVerticalXS },
});

const PAGE_SIZE = 100;

/** One finding: its message in the UI language and its cell; a click selects the cell. */
export function FindingRow({ f, p, showTable }: { f: Finding; p: Pipeline; showTable?: boolean }): React.JSX.Element {
  const c = useStyles();
  const s = usePageStyles();
  const { lang } = p;
  return (
    <li className={c.item} data-testid="finding" data-code={f.code}>
      <button
        type="button"
        className={c.finding}
        onClick={() => void p.goTo(f.cell)}
        title={f.cell ? fmt(lang, 'goTo', { cell: f.cell }) : undefined}
        disabled={!f.cell}
      >
        <span className={s.row}>
          <SeverityBadge severity={f.severity} lang={lang} />
          {f.cell && <span className={c.cell} data-testid="finding-cell">{f.cell}</span>}
          {showTable && <span className={s.small}>{TABLE_BY_NAME[f.table]?.title[lang] ?? f.table}</span>}
        </span>
        <span className={s.wrapText}>{f.message[lang]}</span>
      </button>
      {typeof f.fixValue === 'number' && (
        <Button
          size="small"
          appearance="primary"
          className={c.fix}
          data-testid="fix"
          disabled={p.busy !== null}
          onClick={() => void p.fix(f)}
        >
          {fmt(lang, 'fix', { value: f.fixValue })}
        </Button>
      )}
    </li>
  );
}

function TableGroup({ table, findings, p }: { table: TableName; findings: Finding[]; p: Pipeline }): React.JSX.Element {
  const s = usePageStyles();
  const [all, setAll] = React.useState(false);
  const shown = all ? findings : findings.slice(0, PAGE_SIZE);
  return (
    <AccordionItem value={table} data-testid={`group-${table}`}>
      <AccordionHeader size="small">
        {TABLE_BY_NAME[table]?.title[p.lang] ?? table}
        &nbsp;
        <Badge appearance="filled" color="informative" size="small">
          {findings.length}
        </Badge>
      </AccordionHeader>
      <AccordionPanel>
        <ul className={s.list}>
          {shown.map((f, i) => (
            <FindingRow key={`${f.code}-${f.cell}-${i}`} f={f} p={p} />
          ))}
        </ul>
        {shown.length < findings.length && (
          <Button size="small" appearance="subtle" onClick={() => setAll(true)}>
            {fmt(p.lang, 'showAll', { n: findings.length })}
          </Button>
        )}
      </AccordionPanel>
    </AccordionItem>
  );
}

export function CountBadges({ counts, lang }: { counts: { error: number; warning: number; info: number }; lang: Lang }): React.JSX.Element {
  const s = usePageStyles();
  return (
    <div className={s.row} data-testid="counts">
      <Badge appearance="filled" color="danger" data-testid="count-error">
        {S.errors[lang]} {counts.error}
      </Badge>
      <Badge appearance="filled" color="warning" data-testid="count-warning">
        {S.warnings[lang]} {counts.warning}
      </Badge>
      <Badge appearance="filled" color="informative" data-testid="count-info">
        {S.infos[lang]} {counts.info}
      </Badge>
    </div>
  );
}

export function CheckPage({ p }: { p: Pipeline }): React.JSX.Element {
  const s = usePageStyles();
  const { lang, analysis } = p;
  const groups = React.useMemo(() => {
    const m = new Map<TableName, Finding[]>();
    for (const f of analysis?.findings ?? []) {
      const list = m.get(f.table) ?? [];
      list.push(f);
      m.set(f.table, list);
    }
    // Tables in workbook order (Projects first), whatever the severity order of the findings.
    const order = new Map(TABLES.map((t, i) => [t.name, i]));
    return [...m.entries()].sort((a, b) => (order.get(a[0]) ?? 99) - (order.get(b[0]) ?? 99));
  }, [analysis]);
  const checking = p.busy === 'check';

  return (
    <div className={s.page} data-testid="page-check">
      <div className={s.row}>
        <BusyButton
          p={p}
          op="check"
          appearance="primary"
          data-testid="run-check"
          label={checking ? S.checking[lang] : S.runCheck[lang]}
          extraDisabled={!p.asOfValid}
          onClick={() => void p.runCheck()}
        />
        <BusyButton p={p} op="highlight" size="small" data-testid="highlight" label={S.highlight[lang]} extraDisabled={!analysis} onClick={() => void p.highlight()} />
        <BusyButton p={p} op="clear" size="small" data-testid="clear-highlights" label={S.clearHighlights[lang]} onClick={() => void p.clearHighlights()} />
      </div>
      {checking && <ProgressBar aria-label={S.checking[lang]} thickness="medium" />}
      {!analysis ? (
        !checking && <Text className={s.muted}>{S.notChecked[lang]}</Text>
      ) : (
        <>
          <Text className={mergeClasses(s.muted, s.small)}>
            {fmt(lang, 'checkedAt', { date: isoFromSerial(analysis.asOf), source: S[ASOF_SOURCE[analysis.asOfSource]][lang], projects: analysis.projects.length })}
          </Text>
          <CountBadges counts={analysis.counts} lang={lang} />
          {analysis.findings.length === 0 ? (
            <Text>{S.noFindings[lang]}</Text>
          ) : (
            <Accordion
              key={analysis.findings.length}
              multiple
              collapsible
              defaultOpenItems={groups.map(([t]) => t)}
              data-testid="findings"
            >
              {groups.map(([table, list]) => (
                <TableGroup key={table} table={table} findings={list} p={p} />
              ))}
            </Accordion>
          )}
        </>
      )}
    </div>
  );
}
