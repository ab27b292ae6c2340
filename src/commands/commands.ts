import { errorText } from '../workbook/office-errors';

/**
 * Function file of the ribbon (manifest FunctionFile). The ribbon's buttons open the task pane
 * (ShowTaskpane: taskpane.html, and taskpane.html?page=check for "Check workbook"), so this file only
 * registers a minimal ExecuteFunction handler in case a manifest maps a button to `checkWorkbook`:
 * it shows the task pane on the Check page where available and always completes the event.
 */
async function checkWorkbook(event: Office.AddinCommands.Event): Promise<void> {
  try {
    // Shared runtime only (ExcelApi / SharedRuntime 1.1); elsewhere the ShowTaskpane button is used.
    const addin = (Office as unknown as { addin?: { showAsTaskpane?: () => Promise<void> } }).addin;
    if (addin?.showAsTaskpane) await addin.showAsTaskpane();
  } catch (e) {
    // A function command has no UI of its own; the pane button still works. Say what happened in the
    // words the pane would use, for whoever looks at the console.
    console.warn(errorText(e).en);
  } finally {
    event.completed();
  }
}

void Office.onReady(() => {
  Office.actions.associate('checkWorkbook', (event: Office.AddinCommands.Event) => void checkWorkbook(event));
});
