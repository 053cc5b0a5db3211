/**
 * The OTLP decode pool's worker thread (decode-pool.ts): body → decompressed → decoded → encoded store rows, handed
 * back as bytes the pool takes over without a copy.
 */
import { writeFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { isBoundaryError } from '../../errors.js';
import { encodeRows } from '../../store/row-encoding.js';
import type { TableName, TableRows } from '../../store/rows.js';
import { decompressBody } from '../decompress.js';
import { decodeLogsRequest } from './decode-logs.js';
import { DECODE_THREAD_NAME, type DecodeWorkerReply, type DecodeWorkerRequest } from './decode-pool.js';
import { decodeTraceRequest } from './decode-traces.js';
import type { DecodedBatch } from './decoded-batch.js';
import { otlpProtoTypes } from './proto-types.js';

const port = parentPort;
if (!port) throw new Error('decode-worker.js runs as a worker thread of the OTLP decode pool');

// Best effort: only Linux has /proc/thread-self, and a thread without its name decodes just the same.
try {
  writeFileSync('/proc/thread-self/comm', DECODE_THREAD_NAME);
} catch {}

// Parse the .proto files now, not during the first request.
otlpProtoTypes();

/** A decoded batch as the bytes of its store rows, with its partial-success counts. */
function encoded<T extends TableName>(table: T, batch: DecodedBatch<TableRows[T]>) {
  // The block has its own ArrayBuffer (not Node's shared pool), so it can be transferred to the pool, not copied.
  const { rows, rejected, errorMessage } = batch;
  return { bytes: encodeRows(table, rows), rows: rows.length, rejected, errorMessage };
}

async function decode(request: DecodeWorkerRequest): Promise<DecodeWorkerReply & { ok: true; bytes: Uint8Array }> {
  const received = Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength);
  const body = await decompressBody(received, request.encoding, request.maxDecompressedBytes);
  const limits = { maxAttributeLength: request.maxAttributeLength };
  const { bytes, rows, rejected, errorMessage } =
    request.signal === 'traces'
      ? encoded('otel_traces', decodeTraceRequest(body, request.format, limits))
      : encoded('otel_logs', decodeLogsRequest(body, request.format, limits));
  return { id: request.id, ok: true, bytes, rows, rejected, errorMessage };
}

port.on('message', (request: DecodeWorkerRequest) => {
  decode(request).then(
    (reply) => port.postMessage(reply, [reply.bytes.buffer as ArrayBuffer]),
    (error: unknown) => {
      const reply: DecodeWorkerReply = isBoundaryError(error)
        ? { id: request.id, ok: false, code: error.code, message: error.message }
        : { id: request.id, ok: false, code: undefined, message: String(error), stack: (error as Error)?.stack };
      port.postMessage(reply);
    },
  );
});

const ready: DecodeWorkerReply = { ready: true };
port.postMessage(ready);
