/**
 * A stand-in for office.js in Excel, for the task pane end-to-end test (no network, no Excel here): the
 * test serves this bundle at office.js's CDN address. Like office.js, it loads more at run time than
 * itself (OfficeDev/office-js#1005) — its host script and strings from its CDNs, MicrosoftAjax.js, a
 * telemetry script and a telemetry POST — and answers Office.onReady only once its host script has
 * loaded. A failed telemetry or MicrosoftAjax load is ignored, as office.js ignores it. Excel is the
 * strict in-memory host (window.previewWorkbook, as in the preview).
 */
import { installExcelGlobals, MemoryWorkbook } from '../../src/hosts/memory';
import { recalcWithEngine } from '../../src/preview/recalc';
import { RUNTIME_LOADS } from './office-standin-loads';

function loadScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = () => resolve();
    s.onerror = () => reject(new Error(`failed to load ${src}`));
    document.head.appendChild(s);
  });
}

const wb = new MemoryWorkbook();
installExcelGlobals(wb);
wb.recalc = recalcWithEngine;
(window as unknown as { previewWorkbook: MemoryWorkbook }).previewWorkbook = wb;

const info = { host: 'Excel', platform: 'OfficeOnline' };
const ready = (async () => {
  // Telemetry and MicrosoftAjax: best effort, never awaited for readiness.
  void loadScript(RUNTIME_LOADS.ajax).catch(() => undefined);
  void loadScript(RUNTIME_LOADS.telemetryScript).catch(() => undefined);
  void fetch(RUNTIME_LOADS.telemetryPost, { method: 'POST', body: '{}', mode: 'no-cors' }).catch(() => undefined);
  // The host script and strings are what Office needs: without them Office.onReady never answers.
  await Promise.all([loadScript(RUNTIME_LOADS.hostScript), loadScript(RUNTIME_LOADS.strings)]);
  return info;
})();

const lang = navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en-US';
const office = {
  HostType: { Excel: 'Excel', Word: 'Word', PowerPoint: 'PowerPoint', Outlook: 'Outlook' },
  PlatformType: { PC: 'PC', Mac: 'Mac', OfficeOnline: 'OfficeOnline' },
  context: {
    displayLanguage: lang,
    officeTheme: { bodyBackgroundColor: '#FFFFFF' },
    requirements: {
      isSetSupported(name: string, version?: string): boolean {
        if (name !== 'ExcelApi') return false;
        const [major, minor] = String(version ?? '1.1')
          .split('.')
          .map(Number);
        return major === 1 && minor <= 17;
      },
    },
  },
  onReady(callback?: (i: typeof info) => void): Promise<typeof info> {
    return ready.then((i) => {
      callback?.(i);
      return i;
    });
  },
};
(window as unknown as { Office: unknown }).Office = office;
