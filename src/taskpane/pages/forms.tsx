import * as React from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Select,
  Textarea,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { Analysis } from '../../engine/analyze';
import { cell } from '../../engine/compute';
import type { Lang } from '../../engine/i18n';
import { findListItem, LISTS, ListName } from '../../engine/lists';
import type { Row } from '../../engine/model';
import { colPos } from '../../engine/model';
import { isNumber, isoFromSerial, matchKey, serialFromIso, toHalfWidth } from '../../engine/values';
import type { CellValue } from '../../engine/values';
import type { FormTable } from '../ops';
import { fmt, S, StringKey } from '../strings';
import { adjustmentLevel, nextRequestId } from '../../engine/approvals';
import type { Computed } from '../../engine/compute';
import { formatMoneyChange, readAmount } from '../../engine/money';
import type { Pipeline } from '../usePipeline';
import { todayIso } from '../usePipeline';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalS },
  surface: {
    maxWidth: 'min(420px, calc(100vw - 24px))',
    width: 'calc(100vw - 24px)',
    boxSizing: 'border-box',
    padding: tokens.spacingHorizontalL,
  },
});

export type FormKind = FormTable;

type FieldKind = 'text' | 'longtext' | 'date' | 'number' | 'int' | { list: ListName } | { options: string[] };

interface FieldDef {
  key: string;
  label: StringKey;
  kind: FieldKind;
  required?: boolean | ((v: Record<string, string>) => boolean);
  visible?: (v: Record<string, string>) => boolean;
}

/** What the form knows about the project, all read from the last Analysis. */
export interface ProjectContext {
  projectId: string;
  salesOwner: string;
  statusKey: string | undefined;
  milestones: string[];
  /** The milestone to preselect: the first open one, else the last one. */
  currentMilestone: string;
  existingAdjustmentIds: string[];
  /** The engine's figures, for the approval level a change will need. */
  computed: Computed;
}

export function projectContext(a: Analysis, projectId: string, row: Row): ProjectContext {
  const P = a.model.tables.Projects;
  const TB = a.model.tables.TaskBook;
  const AD = a.model.tables.Adjustments;
  const agg = a.computed.aggregates.get(matchKey(projectId) ?? '');
  const taskRows = agg?.taskRows ?? [];
  const milestones = taskRows.map((r) => String(cell(TB, r, 'milestone') ?? '')).filter((m) => m !== '');
  const open = taskRows.find((r) => !isNumber(cell(TB, r, 'actualEnd')));
  const ids = AD.snapshot
    ? AD.rows.map((r) => String(AD.cells[r][colPos(AD, 'adjustmentId')] ?? '')).filter(Boolean)
    : [];
  return {
    projectId,
    salesOwner: String(cell(P, row, 'salesOwner') ?? ''),
    statusKey: findListItem('Statuses', cell(P, row, 'status'))?.key,
    milestones,
    currentMilestone:
      open !== undefined ? String(cell(TB, open, 'milestone') ?? '') : (milestones[milestones.length - 1] ?? ''),
    existingAdjustmentIds: ids,
    computed: a.computed,
  };
}

const FIELDS: Record<FormKind, FieldDef[]> = {
  Adjustments: [
    { key: 'adjustmentId', label: 'fieldAdjustmentId', kind: 'text', required: true },
    { key: 'milestone', label: 'fieldMilestone', kind: 'text', required: true },
    { key: 'adjustmentType', label: 'fieldType', kind: { list: 'AdjustmentTypes' }, required: true },
    {
      key: 'costChange',
      label: 'fieldCostChange',
      kind: 'number',
      required: true,
      visible: (v) => v.adjustmentType === 'cost',
    },
    {
      key: 'scheduleChangeDays',
      label: 'fieldScheduleDays',
      kind: 'int',
      required: true,
      visible: (v) => v.adjustmentType === 'schedule',
    },
    { key: 'reason', label: 'fieldReason', kind: 'longtext', required: true },
    { key: 'requestedBy', label: 'fieldRequestedBy', kind: 'text', required: true },
    { key: 'requestDate', label: 'fieldRequestDate', kind: 'date', required: true },
  ],
  Terminations: [
    { key: 'requestDate', label: 'fieldRequestDate', kind: 'date', required: true },
    { key: 'applicant', label: 'fieldRequestedBy', kind: 'text', required: true },
    { key: 'reasonCategory', label: 'fieldTerminationReason', kind: { list: 'TerminationReasons' }, required: true },
    { key: 'details', label: 'fieldDetails', kind: 'longtext', required: true },
  ],
  Summaries: [
    { key: 'outcome', label: 'fieldOutcome', kind: { list: 'Outcomes' }, required: true },
    { key: 'reviewDate', label: 'fieldReviewDate', kind: 'date', required: true },
    { key: 'attendees', label: 'fieldAttendees', kind: 'text', required: true },
    { key: 'signedValue', label: 'fieldSignedValue', kind: 'number', required: (v) => v.outcome === 'won' },
    { key: 'winLossReason', label: 'fieldWinLoss', kind: { list: 'WinLossReasons' }, required: true },
    { key: 'lessons', label: 'fieldLessons', kind: 'longtext', required: true },
    { key: 'improvements', label: 'fieldImprovements', kind: 'longtext' },
    { key: 'knowledgeTags', label: 'fieldTags', kind: 'text' },
  ],
};

const TITLES: Record<FormKind, StringKey> = {
  Adjustments: 'newAdjustment',
  Terminations: 'requestTermination',
  Summaries: 'writeSummary',
};

function initialValues(kind: FormKind, ctx: ProjectContext): Record<string, string> {
  const today = todayIso();
  if (kind === 'Adjustments') {
    return {
      adjustmentId: nextRequestId(ctx.existingAdjustmentIds),
      milestone: ctx.currentMilestone,
      adjustmentType: 'cost',
      costChange: '',
      scheduleChangeDays: '',
      reason: '',
      requestedBy: ctx.salesOwner,
      requestDate: today,
    };
  }
  if (kind === 'Terminations') {
    return { requestDate: today, applicant: ctx.salesOwner, reasonCategory: 'customerCancelled', details: '' };
  }
  // The outcome follows the project's status; an open project has none yet (the user must choose).
  const outcome =
    ctx.statusKey === 'won' || ctx.statusKey === 'lost' || ctx.statusKey === 'terminated' ? ctx.statusKey : '';
  return {
    outcome,
    reviewDate: today,
    attendees: ctx.salesOwner,
    signedValue: '',
    winLossReason: 'other',
    lessons: '',
    improvements: '',
    knowledgeTags: '',
  };
}

/** Whole numbers (days) as typed; full-width digits too. */
const parseInteger = (s: string): number | null => {
  const t = toHalfWidth(s).trim().replace(/,/g, '');
  if (t === '' || !/^[-+]?\d+$/.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
};
/** Amounts read exactly as the check reads a money cell: 3.5万, 1.2亿, ¥120,000, -5,000. */
const parseNumber = (s: string): number | null => readAmount(s);
const parseField = (kind: FieldKind, s: string): number | null => (kind === 'int' ? parseInteger(s) : parseNumber(s));

/**
 * The cell values of the new row. Lists are written in the workbook's language; dates as Excel serials;
 * numbers as numbers; everything typed is plain text (never a formula: addPrefilledRow writes text that
 * begins with = + - @ as text).
 */
export function rowValues(
  kind: FormKind,
  ctx: ProjectContext,
  v: Record<string, string>,
  workbookLang: Lang,
): Record<string, CellValue> {
  const out: Record<string, CellValue> = { projectId: ctx.projectId };
  for (const f of FIELDS[kind]) {
    if (f.visible && !f.visible(v)) continue;
    const raw = v[f.key] ?? '';
    if (raw.trim() === '') continue;
    if (f.kind === 'date') out[f.key] = serialFromIso(raw);
    else if (f.kind === 'number' || f.kind === 'int') out[f.key] = parseField(f.kind, raw);
    else if (typeof f.kind === 'object' && 'list' in f.kind) {
      const item = LISTS[f.kind.list].find((i) => i.key === raw);
      out[f.key] = item ? item[workbookLang] : raw;
    } else out[f.key] = raw;
  }
  if (kind === 'Adjustments' || kind === 'Terminations') {
    out.decision = LISTS.Decisions.find((i) => i.key === 'pending')![workbookLang];
  }
  return out;
}

function validate(kind: FormKind, v: Record<string, string>): Record<string, StringKey> {
  const errors: Record<string, StringKey> = {};
  for (const f of FIELDS[kind]) {
    if (f.visible && !f.visible(v)) continue;
    const raw = (v[f.key] ?? '').trim();
    const req = typeof f.required === 'function' ? f.required(v) : f.required;
    if (req && raw === '') errors[f.key] = 'required';
    else if (raw !== '' && f.kind === 'number' && parseNumber(raw) === null) errors[f.key] = 'notAnAmount';
    else if (raw !== '' && f.kind === 'int' && parseInteger(raw) === null) errors[f.key] = 'notAWholeNumber';
    else if (raw !== '' && f.kind === 'date' && serialFromIso(raw) === null) errors[f.key] = 'dateInvalid';
  }
  return errors;
}

export function RowForm(props: {
  kind: FormKind;
  ctx: ProjectContext;
  p: Pipeline;
  workbookLang: Lang;
  onClose(): void;
}): React.JSX.Element {
  const { kind, ctx, p, workbookLang, onClose } = props;
  const c = useStyles();
  const { lang } = p;
  const [values, setValues] = React.useState<Record<string, string>>(() => initialValues(kind, ctx));
  const [touched, setTouched] = React.useState(false);
  const errors = validate(kind, values);
  const valid = Object.keys(errors).length === 0;
  const set = (key: string, value: string): void => setValues((old) => ({ ...old, [key]: value }));

  const submit = async (e: React.FormEvent): Promise<void> => {
    e.preventDefault();
    setTouched(true);
    if (!valid || p.busy) return;
    const address = await p.addRow(kind, rowValues(kind, ctx, values, workbookLang));
    if (address) onClose();
  };

  const renderInput = (f: FieldDef): React.JSX.Element => {
    const common = { name: f.key, value: values[f.key] ?? '', disabled: p.busy !== null };
    if (f.key === 'milestone' && ctx.milestones.length > 0) {
      return (
        <Select {...common} onChange={(_, d) => set(f.key, d.value)}>
          {ctx.milestones.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </Select>
      );
    }
    if (typeof f.kind === 'object' && 'list' in f.kind) {
      return (
        <Select {...common} onChange={(_, d) => set(f.key, d.value)}>
          {common.value === '' && <option value="">{S.chooseApprover[lang]}</option>}
          {LISTS[f.kind.list].map((i) => (
            <option key={i.key} value={i.key}>
              {i[lang]}
            </option>
          ))}
        </Select>
      );
    }
    if (f.kind === 'longtext')
      return <Textarea {...common} resize="vertical" onChange={(_, d) => set(f.key, d.value)} />;
    return (
      <Input
        {...common}
        type={f.kind === 'date' ? 'date' : 'text'}
        inputMode={f.kind === 'number' ? 'decimal' : f.kind === 'int' ? 'numeric' : undefined}
        onChange={(_, d) => set(f.key, d.value)}
      />
    );
  };

  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface className={c.surface}>
        <form noValidate onSubmit={(e) => void submit(e)} data-testid={`form-${kind}`}>
          <DialogBody>
            <DialogTitle>
              {S[TITLES[kind]][lang]} · {ctx.projectId}
            </DialogTitle>
            <DialogContent className={c.form}>
              {FIELDS[kind]
                .filter((f) => !f.visible || f.visible(values))
                .map((f) => {
                  const req = typeof f.required === 'function' ? f.required(values) : Boolean(f.required);
                  const err = touched ? errors[f.key] : undefined;
                  return (
                    <Field
                      key={f.key}
                      label={S[f.label][lang]}
                      required={req}
                      validationState={err ? 'error' : 'none'}
                      validationMessage={err ? S[err][lang] : undefined}
                    >
                      {renderInput(f)}
                    </Field>
                  );
                })}
              {kind === 'Adjustments' && <LevelPreview ctx={ctx} values={values} lang={lang} />}
              {kind === 'Summaries' && (ctx.statusKey === 'active' || ctx.statusKey === 'onHold') && (
                <MessageBar intent="warning" layout="multiline" data-testid="summary-open-project">
                  <MessageBarBody>
                    {fmt(lang, 'summaryOpenProject', {
                      status: LISTS.Statuses.find((x) => x.key === ctx.statusKey)![lang],
                    })}
                  </MessageBarBody>
                </MessageBar>
              )}
              {(kind === 'Adjustments' || kind === 'Terminations') && <Text size={200}>{S.formNote[lang]}</Text>}
            </DialogContent>
            <DialogActions>
              <Button type="submit" appearance="primary" disabled={p.busy !== null} data-testid="form-submit">
                {p.busy === 'addRow' ? S.working[lang] : S.submit[lang]}
              </Button>
              <Button type="button" onClick={onClose}>
                {S.cancel[lang]}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

/** The approval level the change will need, as the user types (the rule of spec §4 with its numbers). */
function LevelPreview({
  ctx,
  values,
  lang,
}: {
  ctx: ProjectContext;
  values: Record<string, string>;
  lang: Lang;
}): React.JSX.Element | null {
  const cost = values.adjustmentType === 'cost' ? parseNumber(values.costChange ?? '') : null;
  const days = values.adjustmentType === 'schedule' ? parseInteger(values.scheduleChangeDays ?? '') : null;
  if (cost === null && days === null) return null;
  const lvl = adjustmentLevel(ctx.computed, ctx.projectId, cost, days);
  return (
    <MessageBar
      intent={lvl.level === 'leadership' ? 'warning' : 'info'}
      layout="multiline"
      data-testid="level-preview"
      data-level={lvl.level}
    >
      <MessageBarBody>
        {fmt(lang, 'levelPreview', { level: lvl.label[lang] })}
        {cost !== null && values.costChange.trim() !== String(cost)
          ? `${lang === 'zh' ? '（' : ' ('}${formatMoneyChange(cost)}${lang === 'zh' ? '）' : ')'}`
          : ''}
        <br />
        {lvl.reasons.map((r) => r[lang]).join(lang === 'zh' ? '；' : '; ')}
      </MessageBarBody>
    </MessageBar>
  );
}

export const formatDate = (v: CellValue): string =>
  isNumber(v) ? isoFromSerial(v) : v === null || v === undefined ? '' : String(v);
