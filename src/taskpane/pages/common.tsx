import * as React from 'react';
import { Badge, Button, ButtonProps, Spinner, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { Severity } from '../../engine/findings';
import type { Lang, Text as Bilingual } from '../../engine/i18n';
import { S } from '../strings';
import type { BusyKey, Pipeline } from '../usePipeline';

export const usePageStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalM },
  section: { display: 'flex', flexDirection: 'column', rowGap: tokens.spacingVerticalS },
  heading: {
    fontWeight: tokens.fontWeightSemibold,
    fontSize: tokens.fontSizeBase400,
    lineHeight: tokens.lineHeightBase400,
    margin: 0,
  },
  row: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalXS,
  },
  muted: { color: tokens.colorNeutralForeground3 },
  small: { fontSize: tokens.fontSizeBase200, lineHeight: tokens.lineHeightBase200 },
  list: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalXS,
  },
  card: {
    padding: tokens.spacingVerticalS,
    paddingLeft: tokens.spacingHorizontalM,
    paddingRight: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalXS,
  },
  grow: { flexGrow: 1, flexShrink: 1, flexBasis: 0, minWidth: 0 },
  wrapText: { overflowWrap: 'anywhere' },
});

export function Heading({ children, id }: { children: React.ReactNode; id?: string }): React.JSX.Element {
  const s = usePageStyles();
  return (
    <Text as="h2" id={id} className={s.heading}>
      {children}
    </Text>
  );
}

/** A button for a long operation: disabled while any operation runs, a spinner while its own does. */
export function BusyButton(
  props: ButtonProps & { p: Pipeline; op: BusyKey; label: string; extraDisabled?: boolean },
): React.JSX.Element {
  const { p, op, label, extraDisabled, ...rest } = props;
  const running = p.busy === op;
  return (
    <Button
      {...rest}
      disabled={p.busy !== null || Boolean(extraDisabled)}
      aria-busy={running || undefined}
      icon={running ? <Spinner size="extra-tiny" aria-label={S.working[p.lang]} /> : rest.icon}
    >
      {label}
    </Button>
  );
}

export const SEVERITY_COLOR: Record<Severity, 'danger' | 'warning' | 'informative'> = {
  error: 'danger',
  warning: 'warning',
  info: 'informative',
};

export function SeverityBadge({ severity, lang }: { severity: Severity; lang: Lang }): React.JSX.Element {
  return (
    <Badge appearance="tint" color={SEVERITY_COLOR[severity]} size="small" shape="rounded">
      {S[`severity_${severity}` as const][lang]}
    </Badge>
  );
}

const useReasonStyles = makeStyles({
  reasons: {
    margin: 0,
    paddingLeft: tokens.spacingHorizontalL,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
  },
});

/** Why a badge says what it says: the rule that fired, with its numbers, as a short list under it. */
export function Reasons({
  items,
  lang,
  testId,
}: {
  items: readonly Bilingual[];
  lang: Lang;
  testId?: string;
}): React.JSX.Element | null {
  const c = useReasonStyles();
  if (items.length === 0) return null;
  return (
    <ul className={c.reasons} data-testid={testId} aria-label={S.why[lang]}>
      {items.map((x, i) => (
        <li key={i}>{x[lang]}</li>
      ))}
    </ul>
  );
}
