import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BoundaryError } from '../../errors.js';
import { decodeLogsRequest, decodeTraceRequest, type OtlpFormat } from './index.js';
import { otlpProtoTypes } from './proto-types.js';

const text = (body: string) => Buffer.from(body);

function validTraceProtobuf(): Uint8Array {
  const type = otlpProtoTypes().traceRequest;
  const span = { traceId: Buffer.alloc(16, 1), spanId: Buffer.alloc(8, 2), name: 'a span with a name long enough' };
  return type.encode(type.fromObject({ resourceSpans: [{ scopeSpans: [{ spans: [span, span] }] }] })).finish();
}

function invalidBodyError(decode: () => unknown): BoundaryError {
  try {
    decode();
  } catch (error) {
    expect(error).toBeInstanceOf(BoundaryError);
    expect((error as BoundaryError).code).toBe('invalid_body');
    expect((error as BoundaryError).status).toBe(400);
    return error as BoundaryError;
  }
  throw new Error('expected the body to be rejected');
}

/** Nested arrays `depth` levels deep around one string, as OTLP/JSON. */
function nestedArray(depth: number): unknown {
  let value: unknown = { stringValue: 'core' };
  for (let i = 0; i < depth; i++) value = { arrayValue: { values: [value] } };
  return value;
}

const spanWith = (fields: Record<string, unknown>) =>
  `{"resourceSpans":[{"scopeSpans":[{"spans":[${JSON.stringify({ traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174', ...fields })}]}]}]}`;

describe('undecodable bodies throw BoundaryError invalid_body', () => {
  const cases: [name: string, format: OtlpFormat, body: Uint8Array, message: RegExp][] = [
    [
      'truncated protobuf',
      'protobuf',
      validTraceProtobuf().subarray(0, 20),
      /not a valid protobuf-encoded ExportTraceServiceRequest/,
    ],
    ['a wire type that does not exist', 'protobuf', Uint8Array.of(0x0f, 0x01), /not a valid protobuf/],
    ['JSON sent as protobuf', 'protobuf', text('{"resourceSpans":[]}'), /not a valid protobuf/],
    ['invalid JSON', 'json', text('{"resourceSpans": ['), /not valid JSON/],
    ['an empty JSON body', 'json', new Uint8Array(0), /not valid JSON/],
    ['a JSON array', 'json', text('[]'), /at the top level: expected an object, got an array/],
    ['a JSON string', 'json', text('"spans"'), /at the top level: expected an object, got string "spans"/],
    [
      'resourceSpans that is not an array',
      'json',
      text('{"resourceSpans":5}'),
      /at resourceSpans: expected an array, got number 5/,
    ],
    [
      'a span that is not an object',
      'json',
      text('{"resourceSpans":[{"scopeSpans":[{"spans":[true]}]}]}'),
      /at resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]: expected an object/,
    ],
    ['a numeric trace id', 'json', text(spanWith({ traceId: 12 })), /spans\[0\]\.traceId: expected a hex string/],
    [
      'a fractional timestamp',
      'json',
      text(spanWith({ startTimeUnixNano: 1.5 })),
      /startTimeUnixNano: expected an unsigned 64-bit/,
    ],
    [
      'a negative timestamp',
      'json',
      text(spanWith({ startTimeUnixNano: '-1' })),
      /startTimeUnixNano: expected an unsigned 64-bit/,
    ],
    [
      'a timestamp beyond 64 bits',
      'json',
      text(spanWith({ endTimeUnixNano: '18446744073709551616' })),
      /endTimeUnixNano/,
    ],
    [
      'an unknown enum name',
      'json',
      text(spanWith({ kind: 'SERVER' })),
      /kind: expected an integer or one of SPAN_KIND_UNSPECIFIED/,
    ],
    ['a name that is not a string', 'json', text(spanWith({ name: 42 })), /name: expected a string, got number 42/],
    [
      'bytes that are not base64',
      'json',
      text(spanWith({ attributes: [{ key: 'b', value: { bytesValue: '%%' } }] })),
      /bytesValue: expected a base64 string/,
    ],
    [
      'an attribute list that is an object',
      'json',
      text(spanWith({ attributes: { a: 1 } })),
      /attributes: expected an array/,
    ],
    [
      'values nested 100 levels deep',
      'json',
      text(spanWith({ attributes: [{ key: 'deep', value: nestedArray(100) }] })),
      /more than 64 levels deep/,
    ],
  ];

  it.each(cases)('%s', (_name, format, body, message) => {
    const error = invalidBodyError(() => decodeTraceRequest(body, format));
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/send /i);
  });

  it('reports log bodies with the logs request type', () => {
    const error = invalidBodyError(() => decodeLogsRequest(text('{"resourceLogs":[{"scopeLogs":{}}]}'), 'json'));
    expect(error.message).toMatch(
      /Invalid OTLP\/JSON ExportLogsServiceRequest at resourceLogs\[0\]\.scopeLogs: expected an array/,
    );
  });

  it('turns pathological nesting that overflows the stack into invalid_body', () => {
    const deep = `${'{"arrayValue":{"values":['.repeat(20_000)}{}${']}}'.repeat(20_000)}`;
    const body = text(spanWith({ attributes: [{ key: 'deep', value: '__DEEP__' }] }).replace('"__DEEP__"', deep));
    invalidBodyError(() => decodeTraceRequest(body, 'json'));
  });
});

describe('decoding arbitrary bytes', () => {
  const decoders = [decodeTraceRequest, decodeLogsRequest];

  it.each(['protobuf', 'json'] as const)('either decodes or throws BoundaryError (%s)', (format) => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), fc.constantFrom(...decoders), (bytes, decode) => {
        try {
          const batch = decode(bytes, format);
          expect(batch.rows.length + batch.rejected).toBeGreaterThanOrEqual(0);
        } catch (error) {
          expect(error).toBeInstanceOf(BoundaryError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('either decodes or throws BoundaryError for mutated valid protobuf', () => {
    const valid = validTraceProtobuf();
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
        (edits) => {
          const body = Uint8Array.from(valid);
          for (const [index, byte] of edits) body[index] = byte;
          try {
            decodeTraceRequest(body, 'protobuf');
          } catch (error) {
            expect(error).toBeInstanceOf(BoundaryError);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('either decodes or throws BoundaryError for arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        try {
          decodeTraceRequest(text(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [value] }] }] })), 'json');
        } catch (error) {
          expect(error).toBeInstanceOf(BoundaryError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
