/** Configuration of the complete SDK: the tracing core's options plus RUM collection and transport. */
import { type Infer, type InitInput, isListOf, isOneOf, isString, option } from '../config/schema.js';
import { tracingConfigShape } from '../config/tracing-config.js';
import type { RumEvent } from './rum-event.js';

export type PrivacyLevel = 'mask-user-input' | 'mask' | 'allow';
export type ConsoleLevel = 'debug' | 'info' | 'log' | 'warn' | 'error';

const CONSOLE_LEVELS: ConsoleLevel[] = ['debug', 'info', 'log', 'warn', 'error'];
const ID = /^[\w.:-]{1,128}$/;
const flag = (fallback: boolean) => option(fallback, 'true or false', isOneOf([true, false]));
const required = (expected: string, check: (value: string) => boolean) =>
  option('', expected, (value) => isString(value) && check(value), true);

export const rumConfigShape = {
  ...tracingConfigShape,
  applicationId: required('the id of a rumlink application (1-128 characters of A-Z a-z 0-9 . _ : -)', (value) =>
    ID.test(value),
  ),
  clientToken: required('the application’s client token, a non-empty string', (value) => value.length > 0),
  endpoint: required('the rumlink intake URL, e.g. "https://rum.example.com" or "http://127.0.0.1:4318"', (value) => {
    try {
      return /^https?:$/.test(new URL(value).protocol);
    } catch {
      return false;
    }
  }),
  /** Only `rumlink.startView()` starts views; route changes do not. */
  trackViewsManually: flag(false),
  trackUserInteractions: flag(true),
  trackLongTasks: flag(true),
  /** `console.error` calls become error events. */
  trackConsoleErrors: flag(true),
  /** Console calls of these levels become log events: a list of levels, or 'all'. */
  forwardConsoleLogs: option<ConsoleLevel[] | 'all'>(
    [],
    `'all' or an array of ${CONSOLE_LEVELS.map((level) => `'${level}'`).join(', ')}`,
    (value) => value === 'all' || isListOf(isOneOf(CONSOLE_LEVELS))(value),
  ),
  defaultPrivacyLevel: option<PrivacyLevel>(
    'mask-user-input',
    "'mask-user-input', 'mask' or 'allow'",
    isOneOf(['mask-user-input', 'mask', 'allow']),
  ),
  /** Removes the query string from every URL the SDK reports (it may hold tokens or personal data). */
  stripQueryStrings: flag(false),
  /** Sees every event before it is sent; may edit it, or return false to drop it. */
  beforeSend: option<((event: RumEvent) => boolean | undefined) | undefined>(
    undefined,
    'a function',
    (value) => typeof value === 'function',
  ),
  /** How long events wait to be batched before they are sent. */
  flushIntervalMs: option(5000, 'a number of milliseconds from 100 to 60000', (value) => {
    const n = value as number;
    return n >= 100 && n <= 60_000;
  }),
};

export type RumConfigShape = typeof rumConfigShape;
export type RumConfig = Infer<RumConfigShape>;
export type RumInitConfiguration = InitInput<RumConfigShape>;
