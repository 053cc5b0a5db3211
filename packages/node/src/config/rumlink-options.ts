/**
 * `startRumlink` options, checked all at once before anything starts, so a mistake is a RumlinkConfigError at
 * setup and never a failure later while the app serves requests.
 */
import type { Attributes, AttributeValue, TextMapPropagator } from '@opentelemetry/api';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { LogRecordProcessor } from '@opentelemetry/sdk-logs';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { BaggageKeyFilter, type BaggageKeySelection, DEFAULT_BAGGAGE_KEYS } from '../baggage/baggage-keys.js';
import { composePropagators, type PropagatorSetting } from '../propagation/propagators.js';
import { invalidOption } from './config-error.js';

export interface RumlinkOptions {
  /** `service.name` of every span and log record. */
  serviceName: string;
  /** OTLP/HTTP base URL; `/v1/traces` and `/v1/logs` are appended. Default `http://127.0.0.1:4318` (rumlink). */
  endpoint?: string;
  /** Headers for the OTLP requests, e.g. `{ authorization: 'Bearer <ingest key>' }`. */
  headers?: Record<string, string>;
  /** Baggage entries copied onto spans and log records. Default `['session.id']`. */
  baggageKeys?: BaggageKeySelection;
  /** Default `['tracecontext', 'baggage', 'b3', 'datadog']`; the first valid trace context wins. */
  propagators?: readonly PropagatorSetting[];
  /** Replaces the default instrumentations (http, undici/fetch). */
  instrumentations?: (Instrumentation | Instrumentation[])[];
  /** Replaces the default OTLP batch span processor; the baggage span processor always runs first. */
  spanProcessors?: SpanProcessor[];
  /** Replaces the default OTLP batch log record processor; the baggage log processor always runs first. */
  logRecordProcessors?: LogRecordProcessor[];
  /** Extra resource attributes (`deployment.environment.name`, `service.version`, …). */
  resourceAttributes?: Attributes;
}

export interface ResolvedOptions {
  serviceName: string;
  tracesUrl: string;
  logsUrl: string;
  headers: Record<string, string>;
  baggageKeys: BaggageKeySelection;
  propagator: TextMapPropagator;
  instrumentations: Instrumentation[] | undefined;
  spanProcessors: SpanProcessor[] | undefined;
  logRecordProcessors: LogRecordProcessor[] | undefined;
  resourceAttributes: Attributes;
}

export const DEFAULT_ENDPOINT = 'http://127.0.0.1:4318';

const KNOWN_OPTIONS = [
  'serviceName',
  'endpoint',
  'headers',
  'baggageKeys',
  'propagators',
  'instrumentations',
  'spanProcessors',
  'logRecordProcessors',
  'resourceAttributes',
];
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** @throws RumlinkConfigError naming the first option that is wrong and how to fix it. */
export function resolveRumlinkOptions(options: RumlinkOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    throw invalidOption(
      'options',
      'startRumlink needs an options object',
      "Call startRumlink({ serviceName: 'my-service' })",
    );
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.includes(key)) {
      throw invalidOption(key, 'is not a rumlink option', `Known options: ${KNOWN_OPTIONS.join(', ')}`);
    }
  }
  const { serviceName, baggageKeys = DEFAULT_BAGGAGE_KEYS } = options;
  if (typeof serviceName !== 'string' || serviceName.trim() === '') {
    throw invalidOption(
      'serviceName',
      'is required',
      "Name the service its spans and logs belong to, e.g. serviceName: 'checkout-api'",
    );
  }
  new BaggageKeyFilter(baggageKeys);
  return {
    serviceName,
    ...otlpUrls(options.endpoint ?? DEFAULT_ENDPOINT, 'endpoint'),
    headers: exportHeaders(options.headers ?? {}),
    baggageKeys,
    propagator: composePropagators(options.propagators),
    instrumentations: objects(options.instrumentations, 'instrumentations', ['enable', 'disable'])?.flat(),
    spanProcessors: objects(options.spanProcessors, 'spanProcessors', ['onStart', 'onEnd', 'forceFlush', 'shutdown']),
    logRecordProcessors: objects(options.logRecordProcessors, 'logRecordProcessors', [
      'onEmit',
      'forceFlush',
      'shutdown',
    ]),
    resourceAttributes: attributes(options.resourceAttributes ?? {}, 'resourceAttributes'),
  };
}

/** The traces and logs URLs for an OTLP/HTTP base URL (OTLP exporter spec: base + `/v1/<signal>`). */
export function otlpUrls(endpoint: unknown, option: string): { tracesUrl: string; logsUrl: string } {
  let url: URL | undefined;
  try {
    url = typeof endpoint === 'string' ? new URL(endpoint) : undefined;
  } catch {}
  const fix = `Pass the OTLP/HTTP base URL, e.g. ${DEFAULT_ENDPOINT}`;
  if (url === undefined || !/^https?:$/.test(url.protocol) || url.search !== '' || url.hash !== '') {
    throw invalidOption(option, `${JSON.stringify(endpoint)} is not an http(s) URL without query or fragment`, fix);
  }
  const base = url.href.replace(/\/+$/, '');
  if (/\/v1\/(traces|logs)$/.test(base)) {
    throw invalidOption(option, `${base} is a signal URL`, `${fix}; rumlink adds /v1/traces and /v1/logs itself`);
  }
  return { tracesUrl: `${base}/v1/traces`, logsUrl: `${base}/v1/logs` };
}

function exportHeaders(headers: unknown): Record<string, string> {
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) {
    throw invalidOption(
      'headers',
      'expected an object of header names to values',
      "Pass e.g. { authorization: 'Bearer …' }",
    );
  }
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name) || typeof value !== 'string') {
      // Never echo the value: these headers carry credentials.
      throw invalidOption(`headers.${name}`, 'must be a header name with a string value', 'Fix or remove that header');
    }
  }
  return { ...(headers as Record<string, string>) };
}

function objects<T>(value: T[] | undefined, option: string, methods: readonly string[]): T[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw invalidOption(option, `expected a list, got ${typeof value}`, 'Pass an array');
  value.flat().forEach((item: unknown, index) => {
    const missing = methods.filter(
      (method) => typeof (item as Record<string, unknown> | null)?.[method] !== 'function',
    );
    if (missing.length > 0) {
      throw invalidOption(
        `${option}[${index}]`,
        `is missing ${missing.join(', ')}`,
        `Pass OpenTelemetry ${option} objects`,
      );
    }
  });
  return value;
}

function attributes(value: unknown, option: string): Attributes {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidOption(
      option,
      'expected an object of attribute names to values',
      "Pass e.g. { 'service.version': '1.4.2' }",
    );
  }
  for (const [key, attribute] of Object.entries(value)) {
    if (!isAttributeValue(attribute)) {
      throw invalidOption(
        `${option}.${key}`,
        'must be a string, number, boolean or an array of one of those',
        'Fix or remove it',
      );
    }
  }
  return { ...(value as Attributes) };
}

const PRIMITIVES = ['string', 'number', 'boolean'];
function isAttributeValue(value: unknown): value is AttributeValue {
  if (PRIMITIVES.includes(typeof value)) return true;
  if (!Array.isArray(value)) return false;
  const types = new Set(value.filter((item) => item !== null && item !== undefined).map((item) => typeof item));
  return types.size <= 1 && [...types].every((type) => PRIMITIVES.includes(type));
}
