/** .xlsx import/export for MemoryWorkbook (Node only; uses ExcelJS and JSZip). */
export { exportXlsx } from './export';
export { importXlsx } from './import';
export { addXlfn, stripXlfn, XLFN_FUNCTIONS } from './xml';
export { readPipelineXlsx, DEFAULT_LIMITS } from './pipeline-reader';
export type { PipelineRead, ReadPipelineOptions, ReadTableInfo, ReadLimits } from './pipeline-reader';
export { XlsxReadError } from './read-error';
