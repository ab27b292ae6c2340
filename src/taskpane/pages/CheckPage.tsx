import * as React from 'react';
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Badge,
  Button,
  Field,
  Input,
  ProgressBar,
  Select,
  Text,
  createFocusOutlineStyle,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import { findingKind, SEVERITY_ORDER } from '../../engine/findings';
import type { Finding } from '../../engine/findings';
import { cell } from '../../engine/compute';
import { matchKey } from '../../engine/values';
import { COLORS } from '../../workbook/highlight';
import type { Lang } from '../../engine/i18n';
import { TABLE_BY_NAME, TABLES, TableName } from '../../engine/schema';
import { isoFromSerial } from '../../engine/values';
import { fmt, money, S } from '../strings';
import { fixLabel } from '../usePipeline';
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
  cell: {
    fontFamily: tokens.fontFamilyMonospace,
    color: tokens.colorBrandForeground1,
    fontSize: tokens.fontSizeBase200,
  },
  item: {
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke3}`,
    paddingBottom: tokens.spacingVerticalXS,
  },
  fix: { marginLeft: tokens.spacingHorizontalS, marginBottom: tokens.spacingVerticalXS },
  project: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase200 },
  // The toolbar stays in view while the list scrolls (the pane or the page, whichever scrolls).
  toolbar: {
    position: 'sticky',
    top: 0,
    zIndex: 1,
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalXS,
    paddingTop: tokens.spacingVerticalXS,
    paddingBottom: tokens.spacingVerticalXS,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  filters: {
    display: 'grid',
    gridTemplateColumns: 'repeat(2, minmax(0, 1fr))',
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalXS,
  },
  select: { minWidth: 0, width: '100%' },
  stale: { color: tokens.colorPaletteDarkOrangeForeground1, fontSize: tokens.fontSizeBase200 },
  swatch: {
    display: 'inline-block',
    width: '12px',
    height: '12px',
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    verticalAlign: 'middle',
    marginRight: tokens.spacingHorizontalXXS,
  },
  legend: {
    display: 'flex',
    flexWrap: 'wrap',
    columnGap: tokens.spacingHorizontalM,
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorNeutralForeground2,
  },
});

const PAGE_SIZE = 100;

/** One finding: its message in the UI language and its cell; a click selects the cell. */
export function FindingRow({ f, p, showTable }: { f: Finding; p: Pipeline; showTable?: boolean }): React.JSX.Element {
  const c = useStyles();
  const s = usePageStyles();
  const { lang } = p;
  const fixed = p.fixed.has(f);
  return (
    <li
      className={c.item}
      data-testid="finding"
      data-code={f.code}
      data-severity={f.severity}
      data-project={f.projectId ?? ''}
      data-fixed={fixed ? 'true' : undefined}
    >
      <button
        type="button"
        className={c.finding}
        onClick={() => void p.goTo(f.cell)}
        title={f.cell ? fmt(lang, 'goTo', { cell: f.cell }) : undefined}
        disabled={!f.cell}
      >
        <span className={s.row}>
          <SeverityBadge severity={f.severity} lang={lang} />
          {f.projectId && (
            <span className={c.project} data-testid="finding-project">
              {f.projectId}
            </span>
          )}
          {f.cell && (
            <span className={c.cell} data-testid="finding-cell">
              {f.cell}
            </span>
          )}
          {showTable && <span className={s.small}>{TABLE_BY_NAME[f.table]?.title[lang] ?? f.table}</span>}
        </span>
        <span className={s.wrapText}>{f.message[lang]}</span>
      </button>
      {fixed ? (
        <Badge appearance="tint" color="success" className={c.fix} data-testid="fixed">
          {S.fixedBadge[lang]}
        </Badge>
      ) : (
        typeof f.fixValue === 'number' && (
          <Button
            size="small"
            appearance="primary"
            className={c.fix}
            data-testid="fix"
            disabled={p.busy !== null}
            onClick={() => void p.fix(f)}
          >
            {fmt(lang, 'fix', { value: f.code === 'amount-as-text' ? money(f.fixValue) : fixLabel(f) })}
          </Button>
        )
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

/** Three counts: data problems to correct, approvals to obtain, warnings to weigh (spec §5 severities regrouped). */
export function CountBadges({ findings, lang }: { findings: readonly Finding[]; lang: Lang }): React.JSX.Element {
  const s = usePageStyles();
  const n = { data: 0, approval: 0, warning: 0 };
  for (const f of findings) n[findingKind(f)]++;
  return (
    <div className={s.row} data-testid="counts">
      <Badge appearance="filled" color={n.data ? 'danger' : 'success'} data-testid="count-data">
        {S.dataProblems[lang]} {n.data}
      </Badge>
      <Badge appearance="filled" color={n.approval ? 'warning' : 'success'} data-testid="count-approval">
        {S.approvalsNeeded[lang]} {n.approval}
      </Badge>
      <Badge appearance="filled" color="informative" data-testid="count-warning">
        {S.warnings[lang]} {n.warning}
      </Badge>
    </div>
  );
}

/** The as-of date, beside Run check: three written forms; blank means Policy AsOfDate, else today. */
export function AsOfField({ p }: { p: Pipeline }): React.JSX.Element {
  const { lang } = p;
  return (
    <Field
      label={S.asOfDate[lang]}
      hint={p.asOfError ? undefined : fmt(lang, 'asOfHint', { today: isoFromSerial(p.today) })}
      validationState={p.asOfError ? 'error' : 'none'}
      validationMessage={p.asOfError ? p.asOfError[lang] : undefined}
      size="small"
    >
      <Input
        type="text"
        size="small"
        placeholder={S.asOfPlaceholder[lang]}
        value={p.asOf}
        data-testid="as-of"
        onChange={(_, d) => p.setAsOf(d.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && p.asOfValid) void p.runCheck();
        }}
        disabled={p.busy !== null}
      />
    </Field>
  );
}

const ALL = '*';
type SortKey = 'sheet' | 'severity' | 'project';

function FilterSelect(props: {
  label: string;
  value: string;
  onChange(v: string): void;
  options: [string, string][];
  testId: string;
  allLabel: string;
}): React.JSX.Element {
  const c = useStyles();
  return (
    <Field label={props.label} size="small">
      <Select
        size="small"
        className={c.select}
        value={props.value}
        onChange={(_, d) => props.onChange(d.value)}
        data-testid={props.testId}
      >
        <option value={ALL}>{props.allLabel}</option>
        {props.options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </Select>
    </Field>
  );
}

export function CheckPage({ p }: { p: Pipeline }): React.JSX.Element {
  const s = usePageStyles();
  const c = useStyles();
  const { lang, analysis } = p;
  const [severity, setSeverity] = React.useState(ALL);
  const [table, setTable] = React.useState(ALL);
  const [code, setCode] = React.useState(ALL);
  const [project, setProject] = React.useState(ALL);
  const [owner, setOwner] = React.useState(ALL);
  const [query, setQuery] = React.useState('');
  const [sort, setSort] = React.useState<SortKey>('sheet');
  const findings = React.useMemo(() => analysis?.findings ?? [], [analysis]);
  // Each project's sales owner, to filter the worklist by owner.
  const owners = React.useMemo(() => {
    const m = new Map<string, string>();
    if (!analysis) return m;
    const P = analysis.model.tables.Projects;
    for (const { row, metrics } of analysis.computed.projects) {
      const k = matchKey(metrics.projectId);
      if (k !== null && !m.has(k)) m.set(k, String(cell(P, row, 'salesOwner') ?? '').trim());
    }
    return m;
  }, [analysis]);
  const ownerOf = (f: Finding): string => (f.projectId ? (owners.get(matchKey(f.projectId) ?? '') ?? '') : '');
  const q = query.trim().toLowerCase();
  const shown = findings.filter(
    (f) =>
      (severity === ALL || f.severity === severity) &&
      (table === ALL || f.table === table) &&
      (code === ALL || f.code === code) &&
      (project === ALL || (f.projectId ?? '') === project) &&
      (owner === ALL || ownerOf(f) === owner) &&
      (q === '' || `${f.projectId ?? ''} ${f.cell} ${f.code} ${f.message[lang]}`.toLowerCase().includes(q)),
  );
  const filtered = shown.length !== findings.length;
  const sorted =
    sort === 'project'
      ? [...shown].sort(
          (a, b) =>
            (a.projectId ?? '\uffff').localeCompare(b.projectId ?? '\uffff') ||
            SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity],
        )
      : sort === 'severity'
        ? [...shown].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity])
        : shown;
  const groups = React.useMemo(() => {
    const m = new Map<TableName, Finding[]>();
    for (const f of sorted) {
      const list = m.get(f.table) ?? [];
      list.push(f);
      m.set(f.table, list);
    }
    // Tables in workbook order (Projects first), whatever the severity order of the findings.
    const order = new Map(TABLES.map((t, i) => [t.name, i]));
    return [...m.entries()].sort((a, b) => (order.get(a[0]) ?? 99) - (order.get(b[0]) ?? 99));
  }, [sorted]);
  const [all, setAll] = React.useState(false);
  const checking = p.busy === 'check';
  const distinct = <T,>(xs: T[]): T[] => [...new Set(xs)];
  const tables = distinct(findings.map((f) => f.table));
  const codes = distinct(findings.map((f) => f.code)).sort();
  const projects = distinct(findings.map((f) => f.projectId ?? '').filter(Boolean)).sort();
  const ownerNames = distinct(findings.map(ownerOf).filter(Boolean)).sort();
  const clear = (): void => {
    setSeverity(ALL);
    setTable(ALL);
    setCode(ALL);
    setProject(ALL);
    setOwner(ALL);
    setQuery('');
  };

  return (
    <div className={s.page} data-testid="page-check">
      <div className={c.toolbar} data-testid="check-toolbar">
        <div className={s.row}>
          <span className={s.grow}>
            <AsOfField p={p} />
          </span>
          <BusyButton
            p={p}
            op="check"
            appearance="primary"
            data-testid="run-check"
            label={checking ? S.checking[lang] : S.runCheck[lang]}
            extraDisabled={!p.asOfValid}
            onClick={() => void p.runCheck()}
          />
        </div>
        <div className={s.row}>
          <BusyButton
            p={p}
            op="highlight"
            size="small"
            data-testid="highlight"
            label={S.highlight[lang]}
            extraDisabled={!analysis}
            onClick={() => void p.highlight()}
          />
          <BusyButton
            p={p}
            op="clear"
            size="small"
            data-testid="clear-highlights"
            label={S.clearHighlights[lang]}
            onClick={() => void p.clearHighlights()}
          />
          <BusyButton
            p={p}
            op="exportFindings"
            size="small"
            data-testid="export-findings"
            label={S.exportFindings[lang]}
            extraDisabled={!analysis || shown.length === 0}
            onClick={() => void p.exportFindings(sorted)}
          />
        </div>
        {p.stale && analysis && (
          <div className={s.row} data-testid="stale" role="status">
            <Text className={c.stale}>{S.staleResults[lang]}</Text>
            <BusyButton
              p={p}
              op="check"
              size="small"
              appearance="primary"
              data-testid="recheck"
              label={S.recheck[lang]}
              extraDisabled={!p.asOfValid}
              onClick={() => void p.runCheck()}
            />
          </div>
        )}
        {analysis && findings.length > 0 && (
          <Input
            size="small"
            type="search"
            aria-label={S.search[lang]}
            placeholder={S.searchPlaceholder[lang]}
            value={query}
            onChange={(_, d) => setQuery(d.value)}
            data-testid="search"
          />
        )}
      </div>
      {checking && <ProgressBar aria-label={S.checking[lang]} thickness="medium" />}
      {!analysis ? (
        !checking && <Text className={s.muted}>{S.notChecked[lang]}</Text>
      ) : (
        <>
          <Text className={mergeClasses(s.muted, s.small)}>
            {fmt(lang, 'checkedAt', {
              date: isoFromSerial(analysis.asOf),
              source: S[ASOF_SOURCE[analysis.asOfSource]][lang],
              projects: analysis.projects.length,
            })}
          </Text>
          <CountBadges findings={findings} lang={lang} />
          <div className={c.legend} aria-label={S.legendHeading[lang]} data-testid="legend">
            <span>
              {S.legendHeading[lang]}
              {lang === 'zh' ? '：' : ':'}
            </span>
            {(['error', 'warning', 'info'] as const).map((k) => (
              <span key={k}>
                <span className={c.swatch} style={{ backgroundColor: COLORS[k] }} aria-hidden="true" />
                {S[`severity_${k}` as const][lang]}
              </span>
            ))}
          </div>
          {findings.length === 0 ? (
            <Text>{S.noFindings[lang]}</Text>
          ) : (
            <>
              <div className={c.filters}>
                <FilterSelect
                  label={S.filterSeverity[lang]}
                  value={severity}
                  onChange={setSeverity}
                  testId="filter-severity"
                  allLabel={S.all[lang]}
                  options={(['error', 'warning', 'info'] as const).map((k) => [k, S[`severity_${k}` as const][lang]])}
                />
                <FilterSelect
                  label={S.filterTable[lang]}
                  value={table}
                  onChange={setTable}
                  testId="filter-table"
                  allLabel={S.all[lang]}
                  options={tables.map((t) => [t, TABLE_BY_NAME[t]?.sheet[lang] ?? t])}
                />
                <FilterSelect
                  label={S.filterCode[lang]}
                  value={code}
                  onChange={setCode}
                  testId="filter-code"
                  allLabel={S.all[lang]}
                  options={codes.map((k) => [k, k])}
                />
                <FilterSelect
                  label={S.filterProject[lang]}
                  value={project}
                  onChange={setProject}
                  testId="filter-project"
                  allLabel={S.all[lang]}
                  options={projects.map((k) => [k, k])}
                />
                <FilterSelect
                  label={S.filterOwner[lang]}
                  value={owner}
                  onChange={setOwner}
                  testId="filter-owner"
                  allLabel={S.all[lang]}
                  options={ownerNames.map((k) => [k, k])}
                />
                <Field label={S.sortBy[lang]} size="small">
                  <Select
                    size="small"
                    className={c.select}
                    value={sort}
                    onChange={(_, d) => setSort(d.value as SortKey)}
                    data-testid="sort"
                  >
                    <option value="sheet">{S.sortSheet[lang]}</option>
                    <option value="severity">{S.sortSeverity[lang]}</option>
                    <option value="project">{S.sortProject[lang]}</option>
                  </Select>
                </Field>
              </div>
              <div className={s.row}>
                <Text className={s.small} data-testid="shown-count">
                  {fmt(lang, 'shownOf', { n: shown.length, total: findings.length })}
                </Text>
                {filtered && (
                  <Button size="small" appearance="subtle" onClick={clear} data-testid="clear-filters">
                    {S.clearFilters[lang]}
                  </Button>
                )}
              </div>
              {sort === 'sheet' ? (
                <Accordion
                  key={`${findings.length}-${shown.length}`}
                  multiple
                  collapsible
                  defaultOpenItems={groups.map(([t]) => t)}
                  data-testid="findings"
                >
                  {groups.map(([t, list]) => (
                    <TableGroup key={t} table={t} findings={list} p={p} />
                  ))}
                </Accordion>
              ) : (
                <>
                  <ul className={s.list} data-testid="findings">
                    {(all ? sorted : sorted.slice(0, PAGE_SIZE)).map((f, i) => (
                      <FindingRow key={`${f.code}-${f.cell}-${i}`} f={f} p={p} showTable />
                    ))}
                  </ul>
                  {!all && sorted.length > PAGE_SIZE && (
                    <Button size="small" appearance="subtle" onClick={() => setAll(true)}>
                      {fmt(lang, 'showAll', { n: sorted.length })}
                    </Button>
                  )}
                </>
              )}
            </>
          )}
        </>
      )}
    </div>
  );
}
