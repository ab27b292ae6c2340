import * as React from 'react';
import {
  Badge,
  Button,
  Field,
  Spinner,
  Text,
  createFocusOutlineStyle,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import { cellA1, quoteSheet } from '../../engine/address';
import type { Rollup, RollupInput } from '../../engine/rollup';
import { buildRollup, ROLLUP_REVIEW } from '../../engine/rollup';
import { LISTS } from '../../engine/lists';
import type { RollupWriteResult } from '../../workbook/rollup-sheets';
import { writeRollup } from '../../workbook/rollup-sheets';
import { money, percent } from '../strings';
import type { Pipeline } from '../usePipeline';
import { errorText } from '../usePipeline';
import { usePageStyles } from './common';
import { d, D } from './directors-strings';

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
  file: { overflowWrap: 'anywhere' },
});

/** A file's progress while it is read; once all are read, its outcome comes from the roll-up's sources. */
type FileState = { name: string; state: 'waiting' | 'reading' | 'read' };

/** Reads one team workbook in the browser with the direct .xlsx reader (its own chunk, loaded on first use). */
async function readTeamWorkbook(file: File): Promise<RollupInput> {
  try {
    const bytes = new Uint8Array(await file.arrayBuffer());
    const { readPipelineXlsx } = await import(/* webpackChunkName: "xlsx-reader" */ '../../hosts/xlsx/pipeline-reader');
    const read = await readPipelineXlsx(bytes);
    return { file: file.name, snapshot: read.snapshot };
  } catch (e) {
    return { file: file.name, error: errorText(e) };
  }
}

const LEADERSHIP = LISTS.Escalations.find((e) => e.key === 'leadership')!;
const col = (key: string): number => ROLLUP_REVIEW.columns.findIndex((c) => c.key === key);

/** Directors: many team workbooks rolled up into the open one, with the review list in the pane. */
export default function RollupPage({ p }: { p: Pipeline }): React.JSX.Element {
  const s = usePageStyles();
  const c = useStyles();
  const { lang } = p;
  const inputId = React.useId();
  const [files, setFiles] = React.useState<FileState[]>([]);
  const [inputs, setInputs] = React.useState<RollupInput[]>([]);
  const [reading, setReading] = React.useState(false);
  const [writing, setWriting] = React.useState(false);
  const [written, setWritten] = React.useState<RollupWriteResult | null>(null);
  const [message, setMessage] = React.useState<{ intent: 'error' | 'success'; text: string } | null>(null);

  const rollup = React.useMemo<Rollup | null>(
    () => (inputs.length ? buildRollup(inputs, { lang }) : null),
    [inputs, lang],
  );

  const onFiles = async (list: FileList | null): Promise<void> => {
    const picked = list ? Array.from(list) : [];
    if (!picked.length) return;
    setWritten(null);
    setMessage(null);
    setReading(true);
    setFiles(picked.map((f) => ({ name: f.name, state: 'waiting' })));
    const read: RollupInput[] = [];
    // One at a time: the pane stays responsive and each file shows its own progress.
    for (let i = 0; i < picked.length; i++) {
      setFiles((fs) => fs.map((f, k) => (k === i ? { ...f, state: 'reading' } : f)));
      read.push(await readTeamWorkbook(picked[i]));
      setFiles((fs) => fs.map((f, k) => (k === i ? { ...f, state: 'read' } : f)));
    }
    setInputs(read);
    setReading(false);
  };

  const write = async (): Promise<void> => {
    if (!rollup) return;
    setWriting(true);
    setMessage(null);
    try {
      const res = await writeRollup(p.run, rollup, lang);
      setWritten(res);
      setMessage({
        intent: 'success',
        text: d(lang, 'rollupWritten', { sheets: res.sheets.join(lang === 'zh' ? '、' : ', ') }),
      });
    } catch (e) {
      setMessage({ intent: 'error', text: errorText(e)[lang] });
    } finally {
      setWriting(false);
    }
  };

  const ok = rollup?.sources.filter((x) => x.ok).length ?? 0;
  const review = rollup?.rows.RollupReview ?? [];
  const reviewAt = written?.at[ROLLUP_REVIEW.name];
  const rowAddress = (i: number): string | null =>
    reviewAt ? `${quoteSheet(reviewAt.sheet)}!${cellA1(reviewAt.row + 1 + i, reviewAt.col)}` : null;

  return (
    <div className={s.page} data-testid="page-rollup">
      <Text className={s.muted}>{D.rollupIntro[lang]}</Text>
      <Field label={D.filesLabel[lang]}>
        <input
          id={inputId}
          aria-label={D.filesLabel[lang]}
          type="file"
          multiple
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          disabled={reading || writing}
          onChange={(e) => void onFiles(e.currentTarget.files)}
          data-testid="rollup-files"
        />
      </Field>
      {files.length > 0 && (
        <ul className={s.list} data-testid="rollup-progress" aria-live="polite">
          {files.map((f, i) => {
            const source = !reading ? rollup?.sources[i] : undefined;
            const state = source ? (source.ok ? 'ok' : 'error') : f.state;
            return (
              <li key={`${f.name}|${i}`} className={s.row} data-testid="rollup-file" data-state={state}>
                <span className={mergeClasses(s.grow, c.file)}>{f.name}</span>
                {state === 'reading' && <Spinner size="extra-tiny" label={D.reading[lang]} />}
                {state === 'waiting' && <Text className={mergeClasses(s.small, s.muted)}>{D.waiting[lang]}</Text>}
                {source?.ok && (
                  <Badge appearance="tint" color="success" shape="rounded">
                    {d(lang, 'readOk', { n: source.projects })}
                  </Badge>
                )}
                {source && !source.ok && (
                  <Text className={mergeClasses(s.small, c.file)} role="note">
                    {source.reason?.[lang]}
                  </Text>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {rollup && (
        <>
          <Text className={s.small} data-testid="rollup-summary">
            {ok === 0
              ? D.noneReadable[lang]
              : d(lang, 'rollupSummary', {
                  ok,
                  skipped: rollup.sources.length - ok,
                  projects: rollup.rows.RollupProjects.length,
                  review: review.length,
                  dups: rollup.findings.length,
                })}
          </Text>
          <div className={s.row}>
            <Button
              appearance="primary"
              disabled={ok === 0 || writing || reading}
              onClick={() => void write()}
              data-testid="rollup-write"
              icon={writing ? <Spinner size="extra-tiny" /> : undefined}
            >
              {writing ? D.writingRollup[lang] : D.writeRollup[lang]}
            </Button>
          </div>
          {message && (
            <Text role={message.intent === 'error' ? 'alert' : 'status'} data-testid="rollup-message">
              {message.text}
            </Text>
          )}
          <Text as="h2" className={s.heading}>
            {D.rollupReview[lang]}
          </Text>
          {review.length === 0 ? (
            <Text>{D.noRollupReview[lang]}</Text>
          ) : (
            <>
              {!written && <Text className={mergeClasses(s.small, s.muted)}>{D.writeFirst[lang]}</Text>}
              <ul className={s.list} data-testid="rollup-review">
                {review.map((r, i) => {
                  const address = rowAddress(i);
                  const label = `${String(r[col('projectId')])} ${String(r[col('projectName')])}`;
                  const leadership = r[col('escalation')] === LEADERSHIP[lang];
                  return (
                    <li
                      key={`${r[col('file')]}|${r[col('projectId')]}|${i}`}
                      className={s.card}
                      data-testid="rollup-review-item"
                    >
                      <div className={s.row}>
                        <span className={s.grow}>
                          {address ? (
                            <button
                              type="button"
                              className={c.link}
                              onClick={() => void p.goTo(address)}
                              title={D.goToRow[lang]}
                            >
                              {label}
                            </button>
                          ) : (
                            <Text weight="semibold">{label}</Text>
                          )}
                        </span>
                        <Badge appearance="tint" color={leadership ? 'danger' : 'warning'}>
                          {String(r[col('escalation')])}
                        </Badge>
                      </div>
                      <Text className={s.small}>
                        {D.team[lang]} {String(r[col('team')])} · {D.overrun[lang]}{' '}
                        {money(Number(r[col('overrun')]) || 0, lang)} ({percent(Number(r[col('overrunPct')]) || 0)}) ·{' '}
                        {d(lang, 'slip', { n: Number(r[col('slipDays')]) || 0 })}
                      </Text>
                    </li>
                  );
                })}
              </ul>
            </>
          )}
          {rollup.findings.length > 0 && (
            <>
              <Text as="h2" className={s.heading}>
                {D.duplicates[lang]}
              </Text>
              <ul className={s.list} data-testid="rollup-duplicates">
                {rollup.findings.map((f, i) => (
                  <li key={i} className={s.card}>
                    <Text className={s.small}>{f.message[lang]}</Text>
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </div>
  );
}
