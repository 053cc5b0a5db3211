/**
 * Datadog's `x-datadog-*` headers, as dd-trace writes and reads them:
 *
 *   x-datadog-trace-id          decimal of the low 64 bits of the trace id
 *   x-datadog-parent-id         decimal of the span id
 *   x-datadog-sampling-priority integer; >= 1 keeps the trace (1 auto, 2 user), <= 0 drops it
 *   x-datadog-origin            where the trace started (`rum` for the browser SDKs); passed on unchanged
 *   x-datadog-tags              `_dd.p.*` trace tags; `_dd.p.tid=<16 hex>` carries the high 64 bits
 *
 * A trace id without `_dd.p.tid` is a 64-bit id, left-padded with zeros. A missing or unreadable sampling priority
 * reads as not sampled, as OpenTelemetry's B3 propagator reads a deferred decision. Origin, priority and the other
 * `_dd.p.*` tags are kept in the context and injected again downstream, as dd-trace does.
 */
import {
  type Context,
  createContextKey,
  diag,
  isSpanContextValid,
  type TextMapGetter,
  type TextMapPropagator,
  type TextMapSetter,
  TraceFlags,
  trace,
} from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import { decimalToHex64, hex64ToDecimal, isHex64, joinTraceId, splitTraceId, ZERO_HEX_64 } from '../ids.js';

export const DATADOG_HEADERS = {
  traceId: 'x-datadog-trace-id',
  parentId: 'x-datadog-parent-id',
  samplingPriority: 'x-datadog-sampling-priority',
  origin: 'x-datadog-origin',
  tags: 'x-datadog-tags',
} as const;

/** dd-trace's default `DD_TRACE_X_DATADOG_TAGS_MAX_LENGTH`: longer tag headers are neither read nor written. */
const TAGS_MAX_LENGTH = 512;
const TRACE_ID_TAG = '_dd.p.tid';
/** A propagated trace tag: `_dd.p.<key>=<value>`, printable ASCII without `,` or `=` in the key. */
const PROPAGATED_TAG = /^_dd\.p\.[\x21-\x2b\x2d-\x3c\x3e-\x7e]+=[\x20-\x2b\x2d-\x7e]+$/;
const ORIGIN = /^[\x20-\x7e]{1,256}$/;
const PRIORITY = /^-?[0-9]{1,10}$/;

/** What dd-trace carries beside the ids, for the trace it arrived with. */
interface DatadogTraceState {
  traceId: string;
  samplingPriority: number | undefined;
  origin: string | undefined;
  /** `_dd.p.*` tags other than `_dd.p.tid`, as `key=value`. */
  tags: string[];
}

const DATADOG_STATE = createContextKey('@rumlink/node datadog trace state');

export class DatadogPropagator implements TextMapPropagator {
  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    const spanContext = trace.getSpanContext(context);
    if (spanContext === undefined || !isSpanContextValid(spanContext) || isTracingSuppressed(context)) return;
    const { high, low } = splitTraceId(spanContext.traceId);
    // Datadog ids are 64-bit and 0 means "no id": a trace whose low half is zero cannot be sent this way.
    if (low === ZERO_HEX_64) return;
    const sampled = (spanContext.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED;
    const state = context.getValue(DATADOG_STATE) as DatadogTraceState | undefined;
    const known = state?.traceId === spanContext.traceId ? state : undefined;
    // Keep the extracted decision (2 / -1 are user decisions) while it agrees with the sampling flag.
    const extracted = known?.samplingPriority;
    const extractedKeeps = extracted !== undefined && extracted > 0;
    const samplingPriority = extracted !== undefined && extractedKeeps === sampled ? extracted : sampled ? 1 : 0;

    setter.set(carrier, DATADOG_HEADERS.traceId, hex64ToDecimal(low));
    setter.set(carrier, DATADOG_HEADERS.parentId, hex64ToDecimal(spanContext.spanId));
    setter.set(carrier, DATADOG_HEADERS.samplingPriority, String(samplingPriority));
    if (known?.origin !== undefined) setter.set(carrier, DATADOG_HEADERS.origin, known.origin);
    const traceIdTag = high === ZERO_HEX_64 ? [] : [`${TRACE_ID_TAG}=${high}`];
    let tags = [...traceIdTag, ...(known?.tags ?? [])].join(',');
    if (tags.length > TAGS_MAX_LENGTH) tags = traceIdTag.join(',');
    if (tags !== '') setter.set(carrier, DATADOG_HEADERS.tags, tags);
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    const traceIdHeader = header(getter, carrier, DATADOG_HEADERS.traceId);
    if (traceIdHeader === undefined) return context;
    const low = decimalToHex64(traceIdHeader);
    const spanId = decimalToHex64(header(getter, carrier, DATADOG_HEADERS.parentId));
    if (low === undefined || spanId === undefined) {
      diag.debug('rumlink: ignored x-datadog-* headers: trace and parent ids must be decimal integers in 1..2^64-1');
      return context;
    }
    const { high, tags } = readTags(header(getter, carrier, DATADOG_HEADERS.tags));
    const priorityHeader = header(getter, carrier, DATADOG_HEADERS.samplingPriority)?.trim();
    const samplingPriority =
      priorityHeader !== undefined && PRIORITY.test(priorityHeader) ? Number(priorityHeader) : undefined;
    const originHeader = header(getter, carrier, DATADOG_HEADERS.origin)?.trim();
    const origin = originHeader !== undefined && ORIGIN.test(originHeader) ? originHeader : undefined;

    const traceId = joinTraceId(high, low);
    const sampled = samplingPriority !== undefined && samplingPriority >= 1;
    const withSpan = trace.setSpanContext(context, {
      traceId,
      spanId,
      traceFlags: sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
      isRemote: true,
    });
    const state: DatadogTraceState = { traceId, samplingPriority, origin, tags };
    return withSpan.setValue(DATADOG_STATE, state);
  }

  fields(): string[] {
    return Object.values(DATADOG_HEADERS);
  }
}

function header(getter: TextMapGetter, carrier: unknown, name: string): string | undefined {
  const value = getter.get(carrier, name);
  return Array.isArray(value) ? value[0] : value;
}

/**
 * `_dd.p.tid` (the high half, when valid and non-zero) and the other propagated tags. Like dd-trace, a header that is
 * too long or holds any malformed tag is ignored whole (the trace id is then 64-bit).
 */
function readTags(value: string | undefined): { high: string | undefined; tags: string[] } {
  const none = { high: undefined, tags: [] };
  if (value === undefined || value.trim() === '') return none;
  if (value.length > TAGS_MAX_LENGTH) {
    diag.debug(`rumlink: ignored x-datadog-tags longer than ${TAGS_MAX_LENGTH} characters (dd-trace's limit)`);
    return none;
  }
  const tags = value.split(',').map((tag) => tag.trim());
  if (!tags.every((tag) => PROPAGATED_TAG.test(tag))) {
    diag.debug('rumlink: ignored x-datadog-tags: every tag must be _dd.p.<key>=<printable ASCII value>');
    return none;
  }
  const tid = tags.find((tag) => tag.startsWith(`${TRACE_ID_TAG}=`))?.slice(TRACE_ID_TAG.length + 1);
  if (tid !== undefined && !isHex64(tid)) {
    diag.debug('rumlink: ignored a malformed _dd.p.tid (must be 16 lowercase hex digits); the trace id is 64-bit');
  }
  return {
    high: isHex64(tid) && tid !== ZERO_HEX_64 ? tid : undefined,
    tags: tags.filter((tag) => !tag.startsWith(`${TRACE_ID_TAG}=`)),
  };
}
