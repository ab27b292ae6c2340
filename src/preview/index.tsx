import * as React from 'react';
import { createRoot } from 'react-dom/client';
import { FluentProvider, Spinner, makeStyles, tokens, webLightTheme } from '@fluentui/react-components';
import { installExcelGlobals, MemoryWorkbook } from '../hosts/memory';
import { App } from '../taskpane/App';
import { pageFromUrl } from '../taskpane/boot';
import { realOps } from '../taskpane/ops';
import type { Lang } from '../engine/i18n';
import type { ExcelRunner } from '../workbook/types';
import { recalcWithEngine } from './recalc';

const Grid = React.lazy(() => import(/* webpackChunkName: "preview-grid" */ './Grid'));

const useStyles = makeStyles({
  shell: { display: 'flex', height: '100vh', width: '100vw', overflow: 'hidden', backgroundColor: '#f3f3f3' },
  grid: { flexGrow: 1, minWidth: 0, display: 'flex', flexDirection: 'column', borderRight: '1px solid #c8c8c8' },
  pane: { width: '320px', flexShrink: 0, overflowY: 'auto', backgroundColor: tokens.colorNeutralBackground1 },
});

function langFromUrl(search: string): Lang {
  const q = new URLSearchParams(search).get('lang');
  if (q === 'zh' || q === 'en') return q;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** `?theme=dark` shows the pane in Office's dark theme (as the add-in does when Office reports a dark body colour). */
const darkFromUrl = (search: string): boolean => new URLSearchParams(search).get('theme') === 'dark';

function Preview({ wb }: { wb: MemoryWorkbook }): React.JSX.Element {
  const s = useStyles();
  const run = React.useMemo<ExcelRunner>(() => wb.run.bind(wb) as ExcelRunner, [wb]);
  return (
    <div className={s.shell}>
      <FluentProvider theme={webLightTheme} className={s.grid}>
        <section style={{ display: 'contents' }} aria-label="Workbook">
          <React.Suspense fallback={<Spinner label="…" />}>
            <Grid wb={wb} />
          </React.Suspense>
        </section>
      </FluentProvider>
      <div className={s.pane} data-testid="pane">
        <App
          run={run}
          ops={realOps}
          initialLang={langFromUrl(location.search)}
          initialPage={pageFromUrl(location.search)}
          dark={darkFromUrl(location.search)}
        />
      </div>
    </div>
  );
}

const wb = new MemoryWorkbook();
installExcelGlobals(wb);
wb.recalc = recalcWithEngine;
(window as unknown as { previewWorkbook: MemoryWorkbook }).previewWorkbook = wb;

document.body.style.margin = '0';
const container = document.getElementById('container');
if (container) createRoot(container).render(<Preview wb={wb} />);
