/**
 * A tiny declarative schema for the SDK configuration: each option is one `[default, expected, check]` entry,
 * and the type of the validated configuration is derived from the declaration. No runtime dependency, few bytes.
 */

/** `[default, what a valid value is (for the error message), check, required]`. */
export type Option<T> = readonly [
  fallback: T,
  expected: string,
  check: (value: unknown) => boolean,
  required?: boolean,
];
export type Shape = Record<string, Option<unknown>>;
export type Infer<S extends Shape> = { -readonly [K in keyof S]: S[K][0] };
/** What a user may pass: every option is optional. */
export type InitInput<S extends Shape> = Partial<Infer<S>>;

export const option = <T>(
  fallback: T,
  expected: string,
  check: (value: unknown) => boolean,
  required?: boolean,
): Option<T> => [fallback, expected, check, required];

export const isString = (value: unknown): value is string => typeof value === 'string';
export const isPercentage = (value: unknown) => typeof value === 'number' && value >= 0 && value <= 100;
export const isListOf = (check: (item: unknown) => boolean) => (value: unknown) =>
  Array.isArray(value) && value.every(check);
export const isOneOf = (values: readonly unknown[]) => (value: unknown) => values.includes(value);

/** Validates `input` against `shape`; returns the configuration, or the first problem as one sentence. */
export function validate<S extends Shape>(shape: S, input: unknown): Infer<S> | string {
  if (typeof input !== 'object' || !input) return 'init() needs a configuration object';
  const config: Record<string, unknown> = {};
  for (const key in shape) {
    const [fallback, expected, check, required] = shape[key]!;
    const value = (input as Record<string, unknown>)[key];
    if ((required || value !== undefined) && !check(value)) {
      return `the "${key}" option ${value === undefined ? 'is required: pass' : 'must be'} ${expected}`;
    }
    config[key] = value ?? fallback;
  }
  return config as Infer<S>;
}
