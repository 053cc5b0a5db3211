import protobuf from 'protobufjs';
import { BoundaryError } from '../../errors.js';
import type { Int64 } from './messages.js';

/**
 * OTLP/JSON → the message shape protobufjs decodes, driven by the reflected `.proto` types. protobufjs' own
 * `fromObject` is not usable here: OTLP/JSON carries trace and span ids as hex (not base64), and the protobuf JSON
 * mapping also allows the original snake_case field names, which `fromObject` does not know.
 *
 * Accepted per the OTLP "JSON Protobuf Encoding": lowerCamelCase or snake_case keys (unknown keys ignored, null
 * treated as absent), enums as integers or value names, 64-bit integers as decimal strings or numbers, bytes as
 * base64, ids as hex strings (their content is checked per record later, so a bad id rejects one record).
 * A value of the wrong JSON type anywhere makes the whole body invalid.
 */

const ID_FIELDS = new Set(['traceId', 'spanId', 'parentSpanId']);
const INTEGER_TEXT = /^-?[0-9]+$/;
const BASE64_TEXT = /^[A-Za-z0-9+/_-]*={0,2}$/;
const NON_FINITE: Record<string, number> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
};
const UINT64_END = 1n << 64n;
const INT64_MIN = -(1n << 63n);
const INT64_END = 1n << 63n;

export function messageFromJson(type: protobuf.Type, json: unknown): protobuf.Message {
  try {
    return readMessage(type, json);
  } catch (error) {
    if (!(error instanceof ShapeError)) throw error;
    throw new BoundaryError(
      'invalid_body',
      `Invalid OTLP/JSON ${type.name} at ${error.path()}: ${error.message}. Send the OTLP/JSON encoding of an ${type.name} (lowerCamelCase keys, hex trace/span ids, enums as integers, 64-bit integers as decimal strings).`,
    );
  }
}

/** A JSON type mismatch; the path is collected while the recursion unwinds, so the happy path builds no strings. */
class ShapeError extends Error {
  readonly segments: string[] = [];

  path(): string {
    return this.segments.length === 0 ? 'the top level' : this.segments.join('').replace(/^\./, '');
  }
}

function at(error: unknown, segment: string): unknown {
  if (error instanceof ShapeError) error.segments.unshift(segment);
  return error;
}

function expected(what: string, value: unknown): ShapeError {
  const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : `${typeof value} ${JSON.stringify(value)}`;
  return new ShapeError(`expected ${what}, got ${got.length > 60 ? `${got.slice(0, 57)}...` : got}`);
}

const fieldsByJsonName = new WeakMap<protobuf.Type, Map<string, protobuf.Field>>();

function jsonFields(type: protobuf.Type): Map<string, protobuf.Field> {
  let fields = fieldsByJsonName.get(type);
  if (fields === undefined) {
    fields = new Map();
    for (const field of type.fieldsArray) {
      fields.set(field.name, field);
      fields.set(
        field.name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`),
        field,
      );
    }
    fieldsByJsonName.set(type, fields);
  }
  return fields;
}

function readMessage(type: protobuf.Type, json: unknown): protobuf.Message {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw expected('an object', json);
  const message = type.create() as protobuf.Message & Record<string, unknown>;
  const fields = jsonFields(type);
  const object = json as Record<string, unknown>;
  for (const key in object) {
    const field = fields.get(key);
    const value = object[key];
    if (field === undefined || value === null) continue;
    try {
      message[field.name] = field.repeated ? readRepeated(field, value) : readValue(field, value);
    } catch (error) {
      throw at(error, `.${key}`);
    }
  }
  return message;
}

function readRepeated(field: protobuf.Field, json: unknown): unknown[] {
  if (!Array.isArray(json)) throw expected('an array', json);
  const values = new Array<unknown>(json.length);
  for (let i = 0; i < json.length; i++) {
    try {
      values[i] = readValue(field, json[i]);
    } catch (error) {
      throw at(error, `[${i}]`);
    }
  }
  return values;
}

function readValue(field: protobuf.Field, json: unknown): unknown {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) return readMessage(resolved, json);
  if (resolved instanceof protobuf.Enum) return readEnum(resolved, json);
  switch (field.type) {
    case 'string':
      if (typeof json === 'string') return json;
      throw expected('a string', json);
    case 'bool':
      if (typeof json === 'boolean') return json;
      throw expected('true or false', json);
    case 'bytes':
      return ID_FIELDS.has(field.name) ? readHexId(json) : readBase64(json);
    case 'double':
    case 'float':
      return readDouble(json);
    case 'uint64':
    case 'fixed64':
      return readInt64(json, true);
    case 'int64':
    case 'sint64':
    case 'sfixed64':
      return readInt64(json, false);
    default:
      return readInt32(json, field.type === 'uint32' || field.type === 'fixed32');
  }
}

function readEnum(type: protobuf.Enum, json: unknown): number {
  if (typeof json === 'number' && Number.isInteger(json)) return json;
  if (typeof json === 'string') {
    const value = type.values[json];
    if (value !== undefined) return value;
  }
  throw expected(`an integer or one of ${Object.keys(type.values).join(', ')}`, json);
}

function readHexId(json: unknown): string {
  if (typeof json === 'string') return json;
  throw expected('a hex string', json);
}

function readBase64(json: unknown): Buffer {
  if (typeof json === 'string' && BASE64_TEXT.test(json)) return Buffer.from(json, 'base64');
  throw expected('a base64 string', json);
}

function readDouble(json: unknown): number {
  if (typeof json === 'number') return json;
  if (typeof json === 'string') {
    const special = NON_FINITE[json];
    if (special !== undefined) return special;
    const number = Number(json);
    if (json.trim() !== '' && !Number.isNaN(number)) return number;
  }
  throw expected('a number', json);
}

function readInt32(json: unknown, unsigned: boolean): number {
  const number = typeof json === 'string' && INTEGER_TEXT.test(json) ? Number(json) : json;
  if (typeof number === 'number' && Number.isInteger(number)) {
    if (unsigned ? number >= 0 && number <= 0xffffffff : number >= -0x80000000 && number <= 0x7fffffff) return number;
  }
  throw expected(unsigned ? 'an unsigned 32-bit integer' : 'a 32-bit integer', json);
}

function readInt64(json: unknown, unsigned: boolean): Int64 {
  let value: bigint | undefined;
  if (typeof json === 'number' && Number.isInteger(json)) value = BigInt(json);
  else if (typeof json === 'string' && INTEGER_TEXT.test(json)) value = BigInt(json);
  const inRange =
    value !== undefined && (unsigned ? value >= 0n && value < UINT64_END : value >= INT64_MIN && value < INT64_END);
  if (!inRange) {
    throw expected(
      unsigned ? 'an unsigned 64-bit integer (decimal string)' : 'a 64-bit integer (decimal string)',
      json,
    );
  }
  const bits = BigInt.asUintN(64, value as bigint);
  return { low: Number(bits & 0xffffffffn) | 0, high: Number(bits >> 32n) | 0, unsigned };
}
