/** .xlsx import/export for MemoryWorkbook (Node only; uses ExcelJS and JSZip). */
export { exportXlsx } from './export';
export { importXlsx } from './import';
export { addXlfn, stripXlfn, XLFN_FUNCTIONS } from './xml';
