import { realOps } from './ops';
import { isDarkColor, mount, pageFromUrl } from './boot';
import { officeLang } from './strings';
import type { ExcelRunner } from '../workbook/types';

/** Excel.run as the workbook operations expect it. */
const excelRun: ExcelRunner = (batch) => Excel.run((context) => batch(context));

void Office.onReady(() => {
  const container = document.getElementById('container');
  if (!container) return;
  let supported = false;
  try {
    supported = Office.context.requirements.isSetSupported('ExcelApi', '1.8');
  } catch {
    supported = false;
  }
  let dark = false;
  try {
    dark = isDarkColor(Office.context.officeTheme?.bodyBackgroundColor);
  } catch {
    dark = false;
  }
  mount(container, { run: excelRun, ops: realOps, lang: officeLang(), page: pageFromUrl(window.location.search), dark, supported });
});
