/**
 * OTLP request bodies are decompressed, decoded and encoded into store rows on worker threads, not on the event loop.
 *
 * Why: decoding is the server's own largest CPU cost per span, and most of it was garbage collection of the short-lived
 * message objects (40 % in a CPU profile). A worker gets a young generation sized for that churn
 * (`youngGenerationMb`), which a running process cannot give its main thread, and the event loop stays free for the
 * query API and the group-commit writer while a large export is decoded. bench/RESULTS.md has the figures.
 *
 * Bodies waiting for a worker are bounded in bytes: past the bound, requests are refused at once (429 + Retry-After),
 * as the write buffer does, instead of queueing without limit.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { BoundaryError, type BoundaryErrorCode, shuttingDownError } from '../../errors.js';
import type { EncodedRows } from '../../store/row-encoding.js';
import type { BodyEncoding } from '../decompress.js';
import type { OtlpFormat } from './decoded-batch.js';

export type OtlpSignal = 'traces' | 'logs';

export interface OtlpDecodeJob {
  signal: OtlpSignal;
  format: OtlpFormat;
  encoding: BodyEncoding;
  /** The body as received (still compressed when `encoding` says so). */
  body: Uint8Array;
  /** The caller will not read `body` again: when it owns its whole ArrayBuffer, the buffer moves to the worker
   *  instead of being copied (and `body` is left empty). */
  bodyIsDisposable?: boolean;
}

/** The rows ready for `GroupCommitWriter.writeEncoded`, and the records rejected one by one (partial success). */
export interface DecodedOtlp extends EncodedRows {
  rejected: number;
  errorMessage: string;
}

export interface OtlpDecodeLimits {
  maxDecompressedBytes: number;
  maxAttributeLength: number;
}

export interface OtlpDecodePoolOptions {
  /** Worker threads (default: one per core but one, at least one, at most four). */
  threads?: number;
  limits: OtlpDecodeLimits;
  /** Bytes of bodies sent to workers and not yet decoded before new bodies are refused (default 64 MiB). */
  maxQueuedBytes?: number;
  /** Each worker's young generation (default 192 MiB; V8's own default is a fraction of that). */
  youngGenerationMb?: number;
  /** A worker that crashed (it is replaced; the requests it held are answered 503). */
  onWorkerFailure?: (error: unknown) => void;
  /** The worker's script (default: decode-worker.js); tests swap it. */
  workerEntry?: URL;
}

export interface OtlpDecodePool {
  decode(job: OtlpDecodeJob): Promise<DecodedOtlp>;
  /** Waits for the bodies being decoded, then ends the workers. */
  stop(): Promise<void>;
}

/** Worker → pool messages (decode-worker.ts): `ready` once it has loaded, then one reply per request. */
export type DecodeWorkerReply =
  | { ready: true }
  | { id: number; ok: true; bytes: Uint8Array; rows: number; rejected: number; errorMessage: string }
  | { id: number; ok: false; code: BoundaryErrorCode; message: string }
  | { id: number; ok: false; code: undefined; message: string; stack: string | undefined };

/** Pool → worker messages. */
export interface DecodeWorkerRequest extends OtlpDecodeJob, OtlpDecodeLimits {
  id: number;
}

interface PendingJob {
  bytes: number;
  resolve: (decoded: DecodedOtlp) => void;
  reject: (error: unknown) => void;
}

interface PoolWorker {
  worker: Worker;
  jobs: Map<number, PendingJob>;
}

/** The OS name of each worker's thread (`top -H`, /proc/<pid>/task/<tid>/comm), where Node names every thread
 *  "node": CPU spent decoding can be told from the engine's and libuv's. */
export const DECODE_THREAD_NAME = 'otlp-decode';

export function defaultDecodeThreads(): number {
  return Math.min(4, Math.max(1, availableParallelism() - 1));
}

/**
 * The worker's compiled entry. Under Vitest this module runs from `src/`, whose `.ts` files a worker cannot load, so
 * tests use the build (`npm run build`, which `npm install` runs).
 */
function defaultWorkerEntry(): URL {
  return import.meta.url.endsWith('.ts')
    ? new URL('../../../dist/intake/otlp/decode-worker.js', import.meta.url)
    : new URL('./decode-worker.js', import.meta.url);
}

export function startOtlpDecodePool(options: OtlpDecodePoolOptions): OtlpDecodePool {
  const threads = options.threads ?? defaultDecodeThreads();
  const maxQueuedBytes = options.maxQueuedBytes ?? 64 * 1024 * 1024;
  const youngGenerationMb = options.youngGenerationMb ?? 192;
  const workerEntry = options.workerEntry ?? defaultWorkerEntry();
  const workers: PoolWorker[] = [];
  const inFlight = new Set<Promise<DecodedOtlp>>();
  let queuedBytes = 0;
  let nextId = 0;
  let stopping = false;

  function settle(job: PendingJob): void {
    queuedBytes -= job.bytes;
  }

  function spawn(): PoolWorker {
    const entry: PoolWorker = {
      worker: new Worker(workerEntry, { resourceLimits: { maxYoungGenerationSizeMb: youngGenerationMb } }),
      jobs: new Map(),
    };
    let online = false;
    entry.worker.on('message', (reply: DecodeWorkerReply) => {
      if ('ready' in reply) {
        online = true;
        return;
      }
      const job = entry.jobs.get(reply.id);
      if (!job) return;
      entry.jobs.delete(reply.id);
      settle(job);
      if (reply.ok) {
        const bytes = Buffer.from(reply.bytes.buffer, reply.bytes.byteOffset, reply.bytes.byteLength);
        job.resolve({ bytes, rows: reply.rows, rejected: reply.rejected, errorMessage: reply.errorMessage });
      } else if (reply.code) {
        job.reject(new BoundaryError(reply.code, reply.message));
      } else {
        job.reject(Object.assign(new Error(reply.message), { stack: reply.stack }));
      }
    });
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      const failure = new BoundaryError('unavailable', 'the OTLP decoder stopped while decoding this request; retry', {
        retryAfterSeconds: 1,
        cause: error,
      });
      for (const job of entry.jobs.values()) {
        settle(job);
        job.reject(failure);
      }
      entry.jobs.clear();
      const index = workers.indexOf(entry);
      if (index >= 0) workers.splice(index, 1);
      if (stopping) return;
      options.onWorkerFailure?.(error);
      // A worker that never got ready (its script missing or broken) would fail again at once: no restart loop.
      if (online) workers.push(spawn());
    };
    entry.worker.on('error', fail);
    entry.worker.on('exit', (code) => fail(new Error(`OTLP decode worker exited with code ${code}`)));
    return entry;
  }

  for (let i = 0; i < threads; i++) workers.push(spawn());

  return {
    decode(job) {
      if (stopping) {
        return Promise.reject(shuttingDownError());
      }
      const bytes = job.body.byteLength;
      if (queuedBytes + bytes > maxQueuedBytes && queuedBytes > 0) {
        return Promise.reject(
          new BoundaryError(
            'overloaded',
            `too many request bodies are waiting to be decoded (${maxQueuedBytes} bytes); retry after the delay`,
            { retryAfterSeconds: 1 },
          ),
        );
      }
      if (workers.length === 0) {
        return Promise.reject(
          new BoundaryError('unavailable', 'the OTLP decoder could not start; see the server log', {
            retryAfterSeconds: 30,
          }),
        );
      }
      // The least busy worker: bodies differ in size, so counting jobs beats taking turns.
      let target = workers[0]!;
      for (const candidate of workers) if (candidate.jobs.size < target.jobs.size) target = candidate;
      const id = nextId++;
      queuedBytes += bytes;
      const decoded = new Promise<DecodedOtlp>((resolve, reject) => {
        target.jobs.set(id, { bytes, resolve, reject });
        const { bodyIsDisposable, ...fields } = job;
        const { body } = fields;
        const movable = bodyIsDisposable && body.byteOffset === 0 && body.byteLength === body.buffer.byteLength;
        const request: DecodeWorkerRequest = { id, ...fields, ...options.limits };
        target.worker.postMessage(request, movable ? [body.buffer as ArrayBuffer] : []);
      });
      const forget = () => inFlight.delete(decoded);
      decoded.then(forget, forget);
      inFlight.add(decoded);
      return decoded;
    },

    async stop() {
      stopping = true;
      await Promise.allSettled(inFlight);
      await Promise.all(workers.map(({ worker }) => worker.terminate()));
    },
  };
}
