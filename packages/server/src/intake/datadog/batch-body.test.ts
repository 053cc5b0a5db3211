import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rejection } from '../../../test/boundary-error.js';
import { BoundaryError } from '../../errors.js';
import { decodeBody } from './batch-body.js';
import { parseDatadogRequest } from './forwarded-request.js';
import { translateLogsBatch } from './log-event.js';
import { parseReplayUpload } from './replay-segment.js';
import { translateRumBatch } from './rum-event.js';

const OPTIONS = { receivedAt: 1, maxDecompressedBytes: 64 * 1024, maxEvents: 50, maxAttributeLength: 64 };
const token = 'pub0123456789abcdef0123456789abcd';
const request = (track: 'rum' | 'logs' | 'replay', encoding: 'deflate' | 'identity') => ({
  track,
  clientToken: token,
  encoding,
});

describe('decodeBody', () => {
  it('inflates the zlib stream the SDK deflate worker produces', async () => {
    const text = '{"type":"view"}\n{"type":"action"}';
    expect((await decodeBody(deflateSync(text), 'deflate', 1024)).toString()).toBe(text);
  });

  it('stops a zip bomb at the limit instead of inflating it', async () => {
    const bomb = deflateSync(Buffer.alloc(16 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(20_000);
    const error = await rejection(decodeBody(bomb, 'deflate', 1024 * 1024));
    expect(error.code).toBe('body_too_large');
    expect(error.message).toContain('1048576 bytes');
  });

  it('applies the same limit to an uncompressed body', async () => {
    const error = await rejection(decodeBody(Buffer.alloc(2048, 32), 'identity', 1024));
    expect(error.code).toBe('body_too_large');
  });

  it.each([
    ['corrupt bytes', Buffer.from('not deflate at all')],
    ['a truncated stream', deflateSync('{"type":"view"}'.repeat(50)).subarray(0, 20)],
    ['gzip', gzipSync('{"type":"view"}')],
  ])('rejects %s as an invalid body', async (_name, body) => {
    const error = await rejection(decodeBody(body, 'deflate', 1024));
    expect(error.code).toBe('invalid_body');
    expect(error.message).toMatch(/not valid deflate data.*dd-evp-encoding=deflate/);
  });

  it('also accepts raw deflate without the zlib header, as HTTP deflate decoders do', async () => {
    expect((await decodeBody(deflateRawSync('{"type":"view"}'), 'deflate', 1024)).toString()).toBe('{"type":"view"}');
  });

  it('rejects a batch that is not UTF-8', async () => {
    const error = await rejection(
      translateRumBatch(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), request('rum', 'identity'), OPTIONS),
    );
    expect(error.code).toBe('invalid_body');
  });
});

describe('untrusted input', () => {
  const onlyBoundaryErrors = async (run: () => Promise<unknown>) => {
    try {
      await run();
    } catch (error) {
      if (!(error instanceof BoundaryError)) throw error;
    }
  };

  it('answers arbitrary bytes with rows or a BoundaryError, never anything else', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 512 }), fc.boolean(), async (bytes, deflate) => {
        const body = Buffer.from(bytes);
        const encoding = deflate ? 'deflate' : 'identity';
        await onlyBoundaryErrors(() => translateRumBatch(body, request('rum', encoding), OPTIONS));
        await onlyBoundaryErrors(() => translateLogsBatch(body, request('logs', encoding), OPTIONS));
        await onlyBoundaryErrors(() =>
          parseReplayUpload(body, 'multipart/form-data; boundary=b', request('replay', encoding), OPTIONS),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('answers arbitrary JSON lines, deflated or not, with rows or a BoundaryError', async () => {
    const event = fc.oneof(
      fc.jsonValue(),
      fc.record({
        type: fc.constantFrom('view', 'resource', 'action', 'error', 'long_task', 'vital', 'telemetry'),
        date: fc.oneof(fc.integer(), fc.double(), fc.string()),
        application: fc.record({ id: fc.oneof(fc.constant('app'), fc.string()) }),
        session: fc.record({ id: fc.string() }),
        session_id: fc.string(),
        view: fc.record({ id: fc.string(), url: fc.string(), name: fc.jsonValue() }),
        resource: fc.dictionary(fc.string(), fc.jsonValue()),
        _dd: fc.record({ trace_id: fc.jsonValue(), span_id: fc.jsonValue(), document_version: fc.jsonValue() }),
        context: fc.jsonValue(),
        usr: fc.jsonValue(),
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(event, { maxLength: 8 }), fc.boolean(), async (events, deflate) => {
        const text = events.map((item) => JSON.stringify(item) ?? '').join('\n');
        const body = deflate ? deflateSync(text) : Buffer.from(text);
        const encoding = deflate ? 'deflate' : 'identity';
        await onlyBoundaryErrors(() => translateRumBatch(body, request('rum', encoding), OPTIONS));
        await onlyBoundaryErrors(() => translateLogsBatch(body, request('logs', encoding), OPTIONS));
      }),
      { numRuns: 300 },
    );
  });

  it('survives JSON nested too deeply to serialise again', async () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    const line = `{"type":"error","date":1,"application":{"id":"a"},"session":{"id":"s"},"error":{"id":"e"},"context":{"x":${deep}}}`;
    const { rows } = await translateRumBatch(Buffer.from(line), request('rum', 'identity'), {
      ...OPTIONS,
      maxDecompressedBytes: 1_000_000,
    });
    expect(rows[0]!.Attributes['context.x']).toBeUndefined();
  });

  it('answers arbitrary request lines with a request or a BoundaryError', () => {
    const query = fc.dictionary(
      fc.constantFrom('ddforward', 'dd-api-key', 'dd-evp-encoding', 'x'),
      fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 3 }), fc.constant('/api/v2/rum?dd-api-key=pub1')),
    );
    fc.assert(
      fc.property(fc.string(), query, fc.dictionary(fc.string(), fc.string()), (path, params, headers) => {
        try {
          parseDatadogRequest(path, params, headers);
        } catch (error) {
          if (!(error instanceof BoundaryError)) throw error;
        }
      }),
      { numRuns: 500 },
    );
  });
});
