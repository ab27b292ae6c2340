import { Text } from '../../engine/i18n';

/**
 * A file the reader cannot or will not read, with one line a user can act on in both languages
 * (message = the English line). Never a parser's or zip library's own text.
 */
export class XlsxReadError extends Error {
  constructor(readonly text: Text) {
    super(text.en);
    this.name = 'XlsxReadError';
  }
}

export const readError = (en: string, zh: string): XlsxReadError => new XlsxReadError({ zh, en });
