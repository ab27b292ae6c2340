import * as React from 'react';
import {
  Badge,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Radio,
  RadioGroup,
  Text,
  mergeClasses,
} from '@fluentui/react-components';
import type { Lang } from '../../engine/i18n';
import { TABLE_BY_NAME } from '../../engine/schema';
import { fmt, S } from '../strings';
import type { Pipeline } from '../usePipeline';
import { BusyButton, Heading, usePageStyles } from './common';

const STATE_BADGE = { ok: 'success', missing: 'danger', broken: 'warning' } as const;
const STATE_LABEL = { ok: 'stateOk', missing: 'stateMissing', broken: 'stateBroken' } as const;

export function WorkbookPage({ p }: { p: Pipeline }): React.JSX.Element {
  const s = usePageStyles();
  const { lang, status } = p;
  const anyExists = Boolean(status?.tables.some((t) => t.state !== 'missing'));
  const restore = p.pendingRestore;
  const [details, setDetails] = React.useState(false);
  const fresh = Boolean(status && !anyExists);
  // A ready workbook shows one line; a fresh one a welcome; only a partly set-up one lists its tables.
  const listed = status
    ? status.ready && !details
      ? []
      : status.ready
        ? status.tables
        : status.tables.filter((t) => t.state !== 'ok')
    : [];

  return (
    <div className={s.page} data-testid="page-workbook">
      <section className={s.section} aria-labelledby="wb-tables">
        <div className={s.row}>
          <span className={s.grow}>
            <Heading id="wb-tables">{S.tablesHeading[lang]}</Heading>
          </span>
          <BusyButton
            p={p}
            op="status"
            size="small"
            appearance="subtle"
            label={S.refreshStatus[lang]}
            onClick={() => void p.refreshStatus()}
          />
        </div>
        {!status ? (
          <Text className={s.muted}>{S.statusUnknown[lang]}</Text>
        ) : fresh ? (
          <div className={s.card} data-testid="welcome">
            <Text weight="semibold">{S.welcomeTitle[lang]}</Text>
            <Text className={s.small}>{S.welcomeBody[lang]}</Text>
          </div>
        ) : (
          <>
            <div className={s.row}>
              <Text className={mergeClasses(s.muted, s.grow)} data-testid="workbook-state">
                {status.ready ? fmt(lang, 'workbookReadyN', { n: status.tables.length }) : S.workbookNotReady[lang]}
              </Text>
              {status.ready && (
                <Button
                  size="small"
                  appearance="subtle"
                  aria-expanded={details}
                  onClick={() => setDetails(!details)}
                  data-testid="table-details"
                >
                  {details ? S.hideDetails[lang] : S.showDetails[lang]}
                </Button>
              )}
            </div>
            <ul className={s.list} data-testid="table-status">
              {listed.map((t) => (
                <li key={t.table} className={s.card}>
                  <div className={s.row}>
                    <Text weight="semibold" className={s.grow}>
                      {TABLE_BY_NAME[t.table]?.title[lang] ?? t.table}
                    </Text>
                    <Badge appearance="tint" color={STATE_BADGE[t.state]} shape="rounded">
                      {S[STATE_LABEL[t.state]][lang]}
                    </Badge>
                  </div>
                  {t.state !== 'missing' && (
                    <Text className={mergeClasses(s.muted, s.small)}>
                      {t.sheet ? `${fmt(lang, 'onSheet', { sheet: t.sheet })} · ` : ''}
                      {fmt(lang, 'rowsCount', { n: t.rows })}
                    </Text>
                  )}
                  {t.problems.map((pr, i) => (
                    <Text key={i} className={s.small}>
                      {pr[lang]}
                    </Text>
                  ))}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section className={s.section} aria-label={anyExists ? S.repair[lang] : S.setUp[lang]}>
        <Field label={S.headerLanguage[lang]}>
          <RadioGroup
            layout="horizontal"
            value={p.setupLang}
            onChange={(_, d) => p.setSetupLang(d.value as Lang)}
            disabled={p.busy !== null}
          >
            <Radio value="zh" label={S.langZh[lang]} />
            <Radio value="en" label={S.langEn[lang]} />
          </RadioGroup>
        </Field>
        <div className={s.row}>
          <BusyButton
            p={p}
            op="setup"
            appearance="primary"
            data-testid="setup"
            label={anyExists ? S.repair[lang] : S.setUp[lang]}
            onClick={() => void p.setUp(false)}
          />
          <BusyButton
            p={p}
            op="sample"
            data-testid="load-sample"
            label={S.loadSample[lang]}
            onClick={() => void p.loadSample()}
          />
        </div>
      </section>

      <Dialog open={restore !== null} modalType="alert" onOpenChange={(_, d) => !d.open && p.cancelRestore()}>
        <DialogSurface aria-describedby="restore-body">
          <DialogBody>
            <DialogTitle>{S.overwrittenTitle[lang]}</DialogTitle>
            <DialogContent id="restore-body">
              <Text block>{fmt(lang, 'overwrittenBody', { n: restore?.overwrittenFormulas.length ?? 0 })}</Text>
              <ul className={s.list} data-testid="overwritten-list">
                {(restore?.overwrittenFormulas ?? []).slice(0, 8).map((c) => (
                  <li key={c.cell}>
                    <Text className={s.small}>{c.cell}</Text>
                  </li>
                ))}
                {(restore?.overwrittenFormulas.length ?? 0) > 8 && (
                  <li>
                    <Text className={s.small}>
                      {fmt(lang, 'moreCells', { n: (restore?.overwrittenFormulas.length ?? 0) - 8 })}
                    </Text>
                  </li>
                )}
              </ul>
            </DialogContent>
            <DialogActions>
              <Button appearance="primary" data-testid="restore-formulas" onClick={() => void p.setUp(true)}>
                {S.restore[lang]}
              </Button>
              <Button onClick={p.cancelRestore}>{S.keepValues[lang]}</Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </div>
  );
}
