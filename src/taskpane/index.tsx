import { realOps } from './ops';
import { isDarkColor, mount, pageFromUrl } from './boot';
import { isSupported } from './requirements';
import { officeLang } from './strings';
import type { ExcelRunner } from '../workbook/types';

/** Excel.run as the workbook operations expect it. */
const excelRun: ExcelRunner = (batch) => Excel.run((context) => batch(context));

void Office.onReady(() => {
  const container = document.getElementById('container');
  if (!container) return;
  const supported = isSupported(Office);
  let dark = false;
  try {
    dark = isDarkColor(Office.context.officeTheme?.bodyBackgroundColor);
  } catch {
    dark = false;
  }
  mount(container, { run: excelRun, ops: realOps, lang: officeLang(), page: pageFromUrl(window.location.search), dark, supported });
});
