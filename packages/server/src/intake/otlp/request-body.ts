import type protobuf from 'protobufjs';
import { BoundaryError } from '../../errors.js';
import type { OtlpFormat } from './decoded-batch.js';
import { messageFromJson } from './message-from-json.js';

/**
 * An OTLP/HTTP request body → message. Whatever cannot be decoded at all becomes a BoundaryError (`invalid_body`):
 * the route answers 400 and the sender learns what to fix; no protobufjs or JSON exception escapes untyped.
 */
export function decodeRequestBody(type: protobuf.Type, body: Uint8Array, format: OtlpFormat): unknown {
  // A Buffer view (no copy) makes protobufjs use its faster Node string/bytes readers.
  const buffer = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  return format === 'json' ? fromJson(type, buffer) : fromProtobuf(type, buffer);
}

function fromProtobuf(type: protobuf.Type, body: Buffer): protobuf.Message {
  try {
    return type.decode(body);
  } catch (error) {
    throw invalidBody(`The body is not a valid protobuf-encoded ${type.name} (${reason(error)})`, error);
  }
}

function fromJson(type: protobuf.Type, body: Buffer): protobuf.Message {
  let json: unknown;
  try {
    const text = body.toString('utf8');
    // Some clients prefix a byte order mark, which JSON.parse rejects.
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw invalidBody(`The body is not valid JSON (${reason(error)})`, error);
  }
  try {
    return messageFromJson(type, json);
  } catch (error) {
    if (error instanceof BoundaryError) throw error;
    // Only pathological input gets here, e.g. nesting deep enough to overflow the stack.
    throw invalidBody(`The OTLP/JSON body could not be read (${reason(error)})`, error);
  }
}

function invalidBody(problem: string, cause: unknown): BoundaryError {
  return new BoundaryError(
    'invalid_body',
    `${problem}. Send an OTLP export request as protobuf (Content-Type: application/x-protobuf) or as OTLP/JSON (Content-Type: application/json).`,
    { cause },
  );
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
