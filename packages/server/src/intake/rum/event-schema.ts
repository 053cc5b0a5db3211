/**
 * rumlink's RUM event wire format (documented in docs/wire-formats.md): one JSON object per NDJSON line.
 * The schema is the single source of both validation and the TypeScript types. Unknown fields are kept in the
 * stored payload (forward compatible) but never interpreted.
 */
import { z } from 'zod';

const HEX_32 = /^[0-9a-fA-F]{32}$/;
const HEX_16 = /^[0-9a-fA-F]{16}$/;
/** Session, view, action and event ids: UUIDs in practice; anything URL-safe up to 128 characters is accepted. */
const ID = /^[A-Za-z0-9._:-]{1,128}$/;

const id = (what: string) => z.string().regex(ID, `${what} must be 1-128 characters of A-Z a-z 0-9 . _ : -`);
const traceId = z.string().regex(HEX_32, 'must be a W3C trace id: 32 hex digits');
const spanId = z.string().regex(HEX_16, 'must be a span id: 16 hex digits');
const epochMs = z.number().finite().positive('must be epoch milliseconds');
const durationMs = z.number().finite().nonnegative('must be a duration in milliseconds (>= 0)');
const attributeValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const common = {
  id: id('id'),
  time: epochMs,
  session: z.object({ id: id('session.id'), previousId: id('session.previousId').optional() }),
  view: z.object({
    id: id('view.id'),
    url: z.string().max(16_384),
    name: z.string().max(1024).optional(),
    referrer: z.string().max(16_384).optional(),
  }),
  service: z.string().max(256).optional(),
  env: z.string().max(256).optional(),
  version: z.string().max(256).optional(),
  /** The action this event happened under. */
  action: z.object({ id: id('action.id') }).optional(),
  usr: z.record(z.string(), attributeValue).optional(),
  attributes: z.record(z.string(), attributeValue).optional(),
};

const traceLink = {
  traceId: traceId.optional(),
  spanId: spanId.optional(),
  sampled: z.boolean().optional(),
  /** `header`: the SDK injected the trace headers; `server-timing`: read back from `Server-Timing: traceparent`. */
  linkSource: z.enum(['header', 'server-timing']).optional(),
};

const viewEvent = z.looseObject({
  ...common,
  type: z.literal('view'),
  view: common.view.extend({
    /** Views are sent as versions of one event; the highest version wins. */
    version: z.number().int().nonnegative(),
    timeSpentMs: durationMs.optional(),
    loadingTimeMs: durationMs.optional(),
    vitals: z.record(z.string(), z.number().finite()).optional(),
    counts: z.record(z.string(), z.number().int().nonnegative()).optional(),
  }),
});

const resourceEvent = z.looseObject({
  ...common,
  type: z.literal('resource'),
  resource: z.looseObject({
    url: z.string().min(1).max(16_384),
    method: z.string().max(16).default('GET'),
    statusCode: z.number().int().min(0).max(999).default(0),
    durationMs: durationMs,
    kind: z.string().max(32).default('other'),
    ...traceLink,
  }),
});

const actionEvent = z.looseObject({
  ...common,
  type: z.literal('action'),
  action: z.looseObject({
    id: id('action.id'),
    type: z.string().max(64),
    name: z.string().max(1024),
    durationMs: durationMs.optional(),
    /** Trace ids of the resources this action started: the action's own link to the backend. */
    traceIds: z.array(traceId).max(100).optional(),
  }),
});

const errorEvent = z.looseObject({
  ...common,
  type: z.literal('error'),
  error: z.looseObject({
    message: z.string().max(16_384),
    type: z.string().max(256).optional(),
    stack: z.string().max(65_536).optional(),
    source: z.string().max(64).default('custom'),
    ...traceLink,
  }),
});

const longTaskEvent = z.looseObject({
  ...common,
  type: z.literal('long_task'),
  longTask: z.looseObject({ durationMs, kind: z.string().max(64).default('long-task') }),
});

const vitalEvent = z.looseObject({
  ...common,
  type: z.literal('vital'),
  vital: z.looseObject({ name: z.string().min(1).max(256), value: z.number().finite() }),
});

const logEvent = z.looseObject({
  ...common,
  type: z.literal('log'),
  log: z.looseObject({ message: z.string().max(65_536), level: z.string().max(32).default('info') }),
});

export const rumEventSchema = z.discriminatedUnion('type', [
  viewEvent,
  resourceEvent,
  actionEvent,
  errorEvent,
  longTaskEvent,
  vitalEvent,
  logEvent,
]);

export type RumEvent = z.infer<typeof rumEventSchema>;
