/**
 * Datadog browser SDK intake (`@datadog/browser-rum` / `@datadog/browser-logs` 7.x with the `proxy` option):
 * pure translation from what the SDK sends to rumlink rows. The HTTP route reads the request, calls
 * `parseDatadogRequest`, checks `clientToken` against the application the translation returns, and writes the rows.
 */
export type { DatadogBatch, DatadogBatchOptions } from './batch-body.js';
export { type DatadogRequest, type DatadogTrack, parseDatadogRequest } from './forwarded-request.js';
export { translateLogsBatch } from './log-event.js';
export { parseReplayUpload, type ReplayUpload, type ReplayUploadOptions } from './replay-segment.js';
export { translateRumBatch } from './rum-event.js';
