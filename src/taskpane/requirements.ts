/**
 * Where the pane can run. React 18 and Fluent UI v9 need a modern webview (Edge Chromium WebView2,
 * Safari, a current browser); Excel 2019 and 2016 use IE11 or EdgeHTML and stop at ExcelApi 1.8, so the
 * manifest and the pane both require ExcelApi 1.9, which also brings Range.getSpecialCells.
 */
export const MIN_EXCEL_API = '1.9';

type OfficeLike =
  { context?: { requirements?: { isSetSupported(name: string, version?: string): boolean } } } | undefined;

/** True when the Office host can run the pane (its requirement check, never a guess from the version). */
export function isSupported(office: OfficeLike): boolean {
  try {
    return office?.context?.requirements?.isSetSupported('ExcelApi', MIN_EXCEL_API) === true;
  } catch {
    return false;
  }
}
