/**
 * The one error rumlink throws at a boundary: a bad option or environment variable, found when rumlink is set up
 * (never later, while the app serves requests). The message names what was wrong and how to fix it.
 */
export type RumlinkConfigErrorCode = 'invalid_option' | 'already_started';

export class RumlinkConfigError extends Error {
  readonly code: RumlinkConfigErrorCode;
  /** The option (`endpoint`, `baggageKeys[2]`) or environment variable (`OTEL_PROPAGATORS`) that was wrong. */
  readonly option: string;

  constructor(code: RumlinkConfigErrorCode, option: string, problem: string, fix: string) {
    super(`${option}: ${problem}. ${fix}`);
    this.name = 'RumlinkConfigError';
    this.code = code;
    this.option = option;
  }
}

/** Shorthand for the common case: an option passed in code was wrong. */
export const invalidOption = (option: string, problem: string, fix: string): RumlinkConfigError =>
  new RumlinkConfigError('invalid_option', option, problem, fix);
