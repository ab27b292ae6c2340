import { realOps } from './ops';
import { isDarkColor, mount, pageFromUrl, showBootFailure } from './boot';
import { isSupported } from './requirements';
import { officeLang } from './strings';
import { excelRunner } from '../workbook/office-errors';

// taskpane.html shows a loading state until the pane mounts, and its own bilingual message when the pane
// cannot start (src/taskpane/boot-status.js): never a blank page.
if (typeof Office === 'undefined') {
  // office.js did not load (blocked CDN, proxy, offline).
  showBootFailure('office');
} else {
  void Office.onReady((info) => {
    const container = document.getElementById('container');
    if (!container) return;
    // Outside Office, office.js answers with no host (and defines no Excel): the page was opened in a browser.
    if (info?.host !== Office.HostType.Excel || typeof Excel === 'undefined') {
      showBootFailure('host');
      return;
    }
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
}
