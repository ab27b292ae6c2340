import * as React from 'react';
import {
  Button,
  FluentProvider,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Spinner,
  Tab,
  TabList,
  Text,
  makeStyles,
  tokens,
  webDarkTheme,
  webLightTheme,
} from '@fluentui/react-components';
import type { Lang } from '../engine/i18n';
import type { ExcelRunner } from '../workbook/types';
import type { PipelineOps } from './ops';
import { fmt, S } from './strings';
import { PageKey, usePipeline } from './usePipeline';
import { WorkbookPage } from './pages/WorkbookPage';
import { CheckPage } from './pages/CheckPage';

const ProjectPage = React.lazy(() => import(/* webpackChunkName: "project-page" */ './pages/ProjectPage'));
const MeetingPage = React.lazy(() => import(/* webpackChunkName: "meeting-page" */ './pages/MeetingPage'));
const ApprovalsPage = React.lazy(() => import(/* webpackChunkName: "approvals-page" */ './pages/ApprovalsPage'));
const RollupPage = React.lazy(() => import(/* webpackChunkName: "rollup-page" */ './pages/RollupPage'));
const LessonsPage = React.lazy(() => import(/* webpackChunkName: "lessons-page" */ './pages/LessonsPage'));

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    minHeight: '100vh',
    minWidth: '300px',
    boxSizing: 'border-box',
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
  },
  header: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    columnGap: tokens.spacingHorizontalS,
    paddingTop: tokens.spacingVerticalS,
    paddingBottom: tokens.spacingVerticalXS,
    paddingLeft: tokens.spacingHorizontalM,
    paddingRight: tokens.spacingHorizontalS,
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
  },
  title: { color: tokens.colorNeutralForegroundOnBrand, fontWeight: tokens.fontWeightSemibold },
  langButton: {
    color: tokens.colorNeutralForegroundOnBrand,
    minWidth: 'auto',
    ':hover': { color: tokens.colorNeutralForegroundOnBrand, backgroundColor: tokens.colorBrandBackgroundHover },
    ':hover:active': {
      color: tokens.colorNeutralForegroundOnBrand,
      backgroundColor: tokens.colorBrandBackgroundPressed,
    },
  },
  tabs: {
    paddingLeft: tokens.spacingHorizontalXS,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    // Six pages do not fit one row at the pane's 320 px in English: the tabs wrap instead of scrolling away.
    flexWrap: 'wrap',
  },
  notice: {
    marginTop: tokens.spacingVerticalS,
    marginLeft: tokens.spacingHorizontalM,
    marginRight: tokens.spacingHorizontalM,
  },
  main: {
    flexGrow: 1,
    paddingTop: tokens.spacingVerticalM,
    paddingBottom: tokens.spacingVerticalL,
    paddingLeft: tokens.spacingHorizontalM,
    paddingRight: tokens.spacingHorizontalM,
  },
});

export interface AppProps {
  run: ExcelRunner;
  ops: PipelineOps;
  initialLang: Lang;
  initialPage?: PageKey;
  dark?: boolean;
  selectionPollMs?: number;
  /** Today as an Excel serial, and how often to look at the clock (tests). */
  today?: () => number;
  clockPollMs?: number;
}

const PAGES: { key: PageKey; label: keyof typeof S }[] = [
  { key: 'workbook', label: 'pageWorkbook' },
  { key: 'check', label: 'pageCheck' },
  { key: 'project', label: 'pageProject' },
  { key: 'review', label: 'pageReview' },
  { key: 'meeting', label: 'pageMeeting' },
  { key: 'rollup', label: 'pageRollup' },
  { key: 'lessons', label: 'pageLessons' },
];

/** The task pane: header with the language switch, page tabs, one MessageBar for results and errors. */
export function App(props: AppProps): React.JSX.Element {
  const p = usePipeline({
    run: props.run,
    ops: props.ops,
    initialLang: props.initialLang,
    initialPage: props.initialPage,
    selectionPollMs: props.selectionPollMs,
    today: props.today,
    clockPollMs: props.clockPollMs,
  });
  const styles = useStyles();
  const { lang } = p;

  React.useEffect(() => {
    if (typeof document !== 'undefined') document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);

  return (
    <FluentProvider theme={props.dark ? webDarkTheme : webLightTheme} className={styles.root} dir="ltr">
      <header className={styles.header}>
        <Text as="h1" size={400} className={styles.title}>
          {S.appTitle[lang]}
        </Text>
        {/* Its name starts with the words it shows (WCAG 2.5.3: "EN" is what a speech user says), and it is
            marked as written in the language it switches to. */}
        <Button
          appearance="transparent"
          size="small"
          className={styles.langButton}
          lang={lang === 'zh' ? 'en' : 'zh-CN'}
          aria-label={`${S.switchLanguageShort[lang]} – ${S.switchLanguage[lang]}`}
          title={S.switchLanguage[lang]}
          data-testid="lang-toggle"
          onClick={() => p.setLang(lang === 'zh' ? 'en' : 'zh')}
        >
          {S.switchLanguageShort[lang]}
        </Button>
      </header>
      <nav aria-label={S.pages[lang]}>
        <TabList
          className={styles.tabs}
          size="small"
          selectedValue={p.page}
          onTabSelect={(_, d) => p.setPage(d.value as PageKey)}
        >
          {PAGES.map((pg) => (
            <Tab key={pg.key} value={pg.key} data-testid={`tab-${pg.key}`}>
              {S[pg.label][lang]}
            </Tab>
          ))}
        </TabList>
      </nav>
      {p.notice && (
        <MessageBar
          className={styles.notice}
          intent={p.notice.intent}
          layout="multiline"
          data-testid="notice"
          role={p.notice.intent === 'error' ? 'alert' : 'status'}
        >
          <MessageBarBody>{p.notice.text[lang]}</MessageBarBody>
          <MessageBarActions
            containerAction={
              <Button appearance="transparent" size="small" aria-label={S.dismiss[lang]} onClick={p.dismissNotice}>
                ×
              </Button>
            }
          />
        </MessageBar>
      )}
      <main className={styles.main} aria-live="polite">
        <React.Suspense fallback={<Spinner size="small" label={fmt(lang, 'working')} />}>
          {p.page === 'workbook' && <WorkbookPage p={p} />}
          {p.page === 'check' && <CheckPage p={p} />}
          {p.page === 'project' && <ProjectPage p={p} />}
          {p.page === 'meeting' && <MeetingPage p={p} />}
          {p.page === 'review' && <ApprovalsPage p={p} />}
          {p.page === 'rollup' && <RollupPage p={p} />}
          {p.page === 'lessons' && <LessonsPage p={p} />}
        </React.Suspense>
      </main>
    </FluentProvider>
  );
}
