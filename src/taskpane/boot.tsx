import * as React from 'react';
import { createRoot } from 'react-dom/client';
import {
  FluentProvider,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  webDarkTheme,
  webLightTheme,
} from '@fluentui/react-components';
import type { Lang } from '../engine/i18n';
import type { ExcelRunner } from '../workbook/types';
import { App } from './App';
import type { PipelineOps } from './ops';
import { S } from './strings';
export { isSupported, MIN_EXCEL_API } from './requirements';
import type { PageKey } from './usePipeline';

/** The page named by `?page=` (check, project, review, workbook; help shows the Workbook page). */
export function pageFromUrl(search: string): PageKey {
  const page = new URLSearchParams(search).get('page')?.toLowerCase();
  return page === 'check' || page === 'project' || page === 'review' ? page : 'workbook';
}

/** Why the pane could not start, as taskpane.html's own message tells it (see src/taskpane/boot-status.js). */
export type BootFailure = 'office' | 'host' | 'timeout';

/** Shows taskpane.html's bilingual failure message instead of its loading state (no-op once the pane is mounted). */
export function showBootFailure(why: BootFailure): void {
  const boot = document.getElementById('boot');
  const state = boot?.getAttribute('data-state');
  // A precise reason replaces the generic timeout.
  if (state === 'loading' || state === 'timeout') boot!.setAttribute('data-state', why);
}

/** True when a CSS colour such as #1F1F1F is dark. */
export function isDarkColor(color: string | undefined): boolean {
  const m = /^#?([0-9a-f]{6})$/i.exec((color ?? '').trim());
  if (!m) return false;
  const n = parseInt(m[1], 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  return (0.299 * r + 0.587 * g + 0.114 * b) / 255 < 0.5;
}

export function Unsupported({ lang, dark }: { lang: Lang; dark?: boolean }): React.JSX.Element {
  return (
    <FluentProvider
      theme={dark ? webDarkTheme : webLightTheme}
      style={{ minHeight: '100vh', padding: 12, boxSizing: 'border-box' }}
    >
      <main>
        <MessageBar intent="warning" layout="multiline" data-testid="unsupported">
          <MessageBarBody>
            <MessageBarTitle>{S.unsupportedTitle[lang]}</MessageBarTitle>
            <div>{S.unsupportedBody[lang]}</div>
            <div lang={lang === 'zh' ? 'en' : 'zh-CN'} style={{ marginTop: 8 }}>
              {S.unsupportedBody[lang === 'zh' ? 'en' : 'zh']}
            </div>
          </MessageBarBody>
        </MessageBar>
      </main>
    </FluentProvider>
  );
}

export function mount(
  container: HTMLElement,
  props: {
    run: ExcelRunner;
    ops: PipelineOps;
    lang: Lang;
    page: PageKey;
    dark?: boolean;
    supported?: boolean;
    selectionPollMs?: number;
  },
): void {
  document.body.style.margin = '0';
  const root = createRoot(container);
  if (props.supported === false) {
    root.render(<Unsupported lang={props.lang} dark={props.dark} />);
    return;
  }
  root.render(
    <App
      run={props.run}
      ops={props.ops}
      initialLang={props.lang}
      initialPage={props.page}
      dark={props.dark}
      selectionPollMs={props.selectionPollMs}
    />,
  );
}
