/**
 * The only code that knows the intake listener's routes: OTLP/HTTP, rumlink RUM events, and the Datadog browser
 * SDK's intake (direct or through `?ddforward=`). Routes translate HTTP into decode → validate → group commit and
 * answer only after the rows are stored.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BoundaryError } from '../errors.js';
import type { IntakeCredentials } from '../intake/authorize.js';
import {
  parseDatadogRequest,
  parseReplayUpload,
  translateLogsBatch,
  translateRumBatch,
} from '../intake/datadog/index.js';
import { decompressBody, parseContentEncoding } from '../intake/decompress.js';
import type { OtlpDecodePool } from '../intake/otlp/decode-pool.js';
import { encodeExportResponse, type OtlpFormat } from '../intake/otlp/index.js';
import { clockCorrection } from '../intake/rum/clock-correction.js';
import { parseRumBatch } from '../intake/rum/parse-batch.js';
import type { ServerMetrics } from '../metrics.js';
import type { GroupCommitWriter } from '../store/group-commit-writer.js';
import type { RumEventRow } from '../store/rows.js';

export interface IntakeLimits {
  /** Largest request body as sent (compressed), bytes. */
  maxBodyBytes: number;
  /** Largest body after decompression, bytes. */
  maxDecompressedBytes: number;
  /** Most RUM events or log lines in one request. */
  maxEvents: number;
  /** Longest attribute value kept; longer values are truncated. */
  maxAttributeLength: number;
}

export interface IntakeDependencies {
  credentials: IntakeCredentials;
  writer: GroupCommitWriter;
  /** Decodes OTLP bodies into store rows off the event loop. */
  otlpDecoder: OtlpDecodePool;
  metrics: ServerMetrics;
  limits: IntakeLimits;
}

type Query = Record<string, string | string[] | undefined>;

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function otlpFormat(contentType: string | undefined): OtlpFormat {
  const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType === 'application/x-protobuf' || mediaType === 'application/protobuf') return 'protobuf';
  if (mediaType === 'application/json') return 'json';
  throw new BoundaryError(
    'unsupported_media_type',
    `Content-Type "${mediaType || '(none)'}" is not OTLP/HTTP; send application/x-protobuf or application/json`,
  );
}

/** `dropped=<n>`: how many events the SDK's bounded queue dropped since its last delivered batch. */
function droppedCount(value: string | undefined): number {
  if (value === undefined) return 0;
  if (!/^\d{1,9}$/.test(value)) {
    throw new BoundaryError('invalid_parameter', `dropped must be a non-negative integer, got "${value.slice(0, 32)}"`);
  }
  return Number(value);
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.toLowerCase().startsWith('bearer ')) return header.slice(7).trim();
  return single(request.headers['x-rumlink-ingest-key']);
}

export function registerIntakeRoutes(app: FastifyInstance, deps: IntakeDependencies): void {
  const { credentials, writer, otlpDecoder, metrics, limits } = deps;

  /** `encoding`: a query parameter that names the body's compression, for browsers: sendBeacon and CORS "simple"
   *  requests cannot set Content-Encoding without a preflight. */
  async function body(request: FastifyRequest, encoding?: string): Promise<Buffer> {
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    return encoding === undefined
      ? decompressBody(raw, parseContentEncoding(request.headers['content-encoding']), limits.maxDecompressedBytes)
      : decompressBody(raw, parseContentEncoding(encoding, 'encoding'), limits.maxDecompressedBytes, 'encoding');
  }

  async function storeRumRows(rows: RumEventRow[]): Promise<void> {
    await writer.write('rum_events', rows);
    metrics.accepted.add({ kind: 'rum_event' }, rows.length);
  }

  for (const signal of ['traces', 'logs'] as const) {
    const table = signal === 'traces' ? 'otel_traces' : 'otel_logs';
    const kind = signal === 'traces' ? 'span' : 'log';
    app.post(`/v1/${signal}`, async (request, reply) => {
      credentials.checkIngestKey(bearer(request));
      const format = otlpFormat(request.headers['content-type']);
      const encoding = parseContentEncoding(request.headers['content-encoding']);
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      // The body is read only here: it moves to the decode worker rather than being copied.
      const decoded = await otlpDecoder.decode({ signal, format, encoding, body, bodyIsDisposable: true });
      await writer.writeEncoded(table, decoded);
      metrics.accepted.add({ kind }, decoded.rows);
      if (decoded.rejected > 0) metrics.rejected.add({ kind, code: 'invalid_item' }, decoded.rejected);
      const response = encodeExportResponse(signal, format, decoded);
      return reply.code(200).header('content-type', response.contentType).send(response.body);
    });
  }

  app.post('/rum/v1/events', async (request, reply) => {
    const query = request.query as Query;
    const application = credentials.application(
      single(query.app),
      single(query.token) ?? single(request.headers['x-rumlink-token']),
    );
    const dropped = droppedCount(single(query.dropped));
    const receivedAt = Date.now();
    const clockCorrectionMs = clockCorrection(single(query.sentAt), receivedAt);
    const rows = parseRumBatch(await body(request, single(query.encoding)), {
      applicationId: application.id,
      receivedAt,
      clockCorrectionMs,
      maxEvents: limits.maxEvents,
      maxAttributeLength: limits.maxAttributeLength,
    });
    await storeRumRows(rows);
    if (dropped > 0) metrics.clientDropped.add({ application: application.id }, dropped);
    return reply.code(202).send({ accepted: rows.length });
  });

  async function datadogIntake(request: FastifyRequest, reply: FastifyReply) {
    const ddRequest = parseDatadogRequest(request.url.split('?')[0]!, request.query as Query, request.headers);
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const receivedAt = Date.now();
    const options = {
      receivedAt,
      clockCorrectionMs: clockCorrection(ddRequest.batchTime, receivedAt, 'batch_time'),
      maxDecompressedBytes: limits.maxDecompressedBytes,
      maxEvents: limits.maxEvents,
      maxAttributeLength: limits.maxAttributeLength,
    };
    if (ddRequest.track === 'replay') {
      const upload = await parseReplayUpload(raw, request.headers['content-type'] ?? '', ddRequest, options);
      credentials.application(upload.applicationId, ddRequest.clientToken);
      await writer.write('rum_replay_segments', upload.rows);
      metrics.accepted.add({ kind: 'replay_segment' }, upload.rows.length);
    } else {
      const translate = ddRequest.track === 'rum' ? translateRumBatch : translateLogsBatch;
      const batch = await translate(raw, ddRequest, options);
      const application = batch.applicationId
        ? credentials.application(batch.applicationId, ddRequest.clientToken)
        : credentials.applicationByToken(ddRequest.clientToken);
      for (const row of batch.rows) row.ApplicationId = application.id;
      await storeRumRows(batch.rows);
    }
    return reply.code(202).send({});
  }

  app.post('/api/v2/rum', datadogIntake);
  app.post('/api/v2/logs', datadogIntake);
  app.post('/api/v2/replay', datadogIntake);
  // Datadog's `proxy` option posts to the proxy URL with the real intake path in `?ddforward=`.
  app.post('/*', async (request, reply) => {
    if (single((request.query as Query).ddforward) === undefined) {
      throw new BoundaryError('not_found', `no route for POST ${request.url.split('?')[0]}`);
    }
    return datadogIntake(request, reply);
  });
}
