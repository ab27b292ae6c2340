import { realOps } from './ops';
import { isDarkColor, mount, pageFromUrl } from './boot';
import { isSupported } from './requirements';
import { officeLang } from './strings';
import { excelRunner } from '../workbook/office-errors';

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
  mount(container, {
    run: excelRunner(Excel, Office),
    ops: realOps,
    lang: officeLang(),
    page: pageFromUrl(window.location.search),
    dark,
    supported,
  });
});
