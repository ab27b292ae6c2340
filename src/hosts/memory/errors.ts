/**
 * Errors shaped like OfficeExtension.Error so code written for Excel can inspect
 * `error.code` exactly as it would in a real host.
 */
export type RichApiErrorCode =
  | 'ItemNotFound'
  | 'InvalidArgument'
  | 'ItemAlreadyExists'
  | 'InvalidReference'
  | 'InvalidOperation'
  | 'PropertyNotLoaded'
  | 'RequestPayloadSizeLimitExceeded'
  | 'GeneralException'
  | 'AccessDenied'
  | 'InvalidOperationInCellEditMode'
  | 'Conflict';

export class RichApiError extends Error {
  readonly code: RichApiErrorCode;
  readonly debugInfo: { code: string; message: string; errorLocation?: string };
  readonly traceMessages: string[] = [];
  readonly innerError: null = null;

  constructor(code: RichApiErrorCode, message: string, errorLocation?: string) {
    super(message);
    // Office.js errors report this exact name; tests and callers check it.
    this.name = 'RichApi.Error';
    this.code = code;
    this.debugInfo = { code, message, errorLocation };
    Object.setPrototypeOf(this, RichApiError.prototype);
  }
}

export function notLoaded(prop: string): RichApiError {
  return new RichApiError(
    'PropertyNotLoaded',
    `The property '${prop}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
  );
}

export function itemNotFound(what: string, location?: string): RichApiError {
  return new RichApiError('ItemNotFound', `The requested resource doesn't exist. (${what})`, location);
}

export function invalidArgument(detail: string, location?: string): RichApiError {
  return new RichApiError(
    'InvalidArgument',
    `The argument is invalid or missing or has an incorrect format. (${detail})`,
    location,
  );
}

export function alreadyExists(detail: string, location?: string): RichApiError {
  return new RichApiError('ItemAlreadyExists', `The resource already exists. (${detail})`, location);
}

export function invalidOperation(detail: string, location?: string): RichApiError {
  return new RichApiError('InvalidOperation', `The operation is invalid for the object. (${detail})`, location);
}

/** Excel's answer to a write on a protected sheet, or a structure change in a protected workbook. */
export function accessDenied(detail: string, location?: string): RichApiError {
  return new RichApiError('AccessDenied', `You cannot perform the requested operation. (${detail})`, location);
}
