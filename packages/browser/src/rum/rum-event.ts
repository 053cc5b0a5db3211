/**
 * The events the SDK sends, as docs/wire-formats.md defines them (the server validates the same schema).
 * Types only: nothing here reaches the bundle.
 */

export type Context = Record<string, string | number | boolean | null>;

export interface TraceLink {
  traceId?: string;
  spanId?: string;
  sampled?: boolean;
  /** `header`: the request carried the SDK's (or the page's) trace headers; `server-timing`: read back from the response. */
  linkSource?: 'header' | 'server-timing';
}

export interface ViewFields {
  id: string;
  url: string;
  name?: string;
  referrer?: string;
  version?: number;
  timeSpentMs?: number;
  loadingTimeMs?: number;
  vitals?: Record<string, number>;
  counts?: Record<string, number>;
}

export interface ResourceFields extends TraceLink {
  url: string;
  method: string;
  statusCode: number;
  durationMs: number;
  kind: string;
  transferSize?: number;
  encodedBodySize?: number;
  decodedBodySize?: number;
  /** Phases in ms, when the server allows it (same origin or `Timing-Allow-Origin`). */
  timing?: { dns: number; connect: number; tls: number; firstByte: number; download: number };
}

export interface ActionFields {
  id: string;
  type: string;
  name: string;
  durationMs?: number;
  traceIds?: string[];
}

export interface ErrorFields extends TraceLink {
  message: string;
  type?: string;
  stack?: string;
  source: string;
}

/** What a collection hands to assembly: the type-specific part of an event. */
export type RawEvent = { time: number; context?: Context | undefined } & (
  | { type: 'view'; view: ViewFields }
  | { type: 'resource'; resource: ResourceFields; viewRef?: ViewFields; actionId?: string | undefined }
  | { type: 'action'; action: ActionFields; viewRef?: ViewFields }
  | { type: 'error'; error: ErrorFields; viewRef?: ViewFields; actionId?: string | undefined }
  | { type: 'long_task'; longTask: { durationMs: number; kind: string } }
  | { type: 'log'; log: { message: string; level: string } }
);

/** An event as sent: what `beforeSend` sees and may edit. */
export interface RumEvent {
  type: RawEvent['type'];
  id: string;
  time: number;
  session: { id: string; previousId?: string };
  view: ViewFields;
  service?: string;
  env?: string;
  version?: string;
  action?: { id: string } | ActionFields;
  usr?: Context;
  attributes?: Context;
  resource?: ResourceFields;
  error?: ErrorFields;
  longTask?: { durationMs: number; kind: string };
  log?: { message: string; level: string };
}
