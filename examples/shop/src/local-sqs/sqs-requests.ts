/**
 * The three SQS actions the shop needs, validated from their AWS JSON 1.0 request bodies into plain values. Limits
 * are SQS's own (developer guide, "Amazon SQS message quotas"), so code that works here works against AWS.
 */
import { invalidParameter, missingParameter, SqsError } from './sqs-error.js';

export interface MessageAttribute {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string;
}
export type MessageAttributes = Record<string, MessageAttribute>;

export interface SendMessageRequest {
  queueUrl: string;
  body: string;
  delaySeconds: number;
  attributes: MessageAttributes;
}
export interface ReceiveMessageRequest {
  queueUrl: string;
  maxMessages: number;
  waitSeconds: number;
  visibilityTimeoutSeconds: number | undefined;
  attributeNames: string[];
}
export interface DeleteMessageRequest {
  queueUrl: string;
  receiptHandle: string;
}

const MAX_MESSAGE_BYTES = 256 * 1024;
const MAX_ATTRIBUTES = 10;
/** SQS: letters, digits, `_`, `-`, `.`; no leading/trailing or double period; no AWS-reserved prefix. */
const ATTRIBUTE_NAME = /^(?!\.)(?!.*\.\.)(?!.*\.$)[A-Za-z0-9_.-]{1,256}$/;
/** The characters SQS accepts in a message body (#x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | supplementary). */
const INVALID_BODY_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

type Input = Record<string, unknown>;

function text(input: Input, name: string): string {
  const value = input[name];
  if (value === undefined || value === null) throw missingParameter(name);
  if (typeof value !== 'string') throw invalidParameter(`${name} must be a string.`);
  return value;
}

function integer(input: Input, name: string, min: number, max: number, fallback: number | undefined) {
  const value = input[name];
  if (value === undefined || value === null) return fallback;
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    throw invalidParameter(
      `Value ${JSON.stringify(value)} for parameter ${name} is invalid. Reason: must be an integer from ${min} to ${max}.`,
    );
  }
  return value as number;
}

function messageAttributes(value: unknown): MessageAttributes {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw invalidParameter('MessageAttributes must be an object of name → { DataType, StringValue | BinaryValue }.');
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > MAX_ATTRIBUTES) {
    throw invalidParameter(
      `Number of message attributes [${entries.length}] exceeds the allowed maximum [${MAX_ATTRIBUTES}].`,
    );
  }
  const attributes: MessageAttributes = {};
  for (const [name, raw] of entries) {
    if (!ATTRIBUTE_NAME.test(name) || /^(aws|amazon)\./i.test(name)) {
      throw new SqsError('InvalidAttributeName', `Message attribute name '${name}' is invalid.`);
    }
    const attribute = raw as Partial<MessageAttribute> | null;
    const dataType = attribute?.DataType;
    if (typeof dataType !== 'string' || !/^(String|Number|Binary)(\..+)?$/.test(dataType)) {
      throw new SqsError(
        'InvalidAttributeValue',
        `Message attribute '${name}' must have a DataType of String, Number or Binary.`,
      );
    }
    const binary = dataType.startsWith('Binary');
    const payload = binary ? attribute?.BinaryValue : attribute?.StringValue;
    if (typeof payload !== 'string' || payload === '') {
      throw new SqsError(
        'InvalidAttributeValue',
        `Message attribute '${name}' must contain a non-empty ${binary ? 'BinaryValue' : 'StringValue'}.`,
      );
    }
    attributes[name] = binary
      ? { DataType: dataType, BinaryValue: payload }
      : { DataType: dataType, StringValue: payload };
  }
  return attributes;
}

export function parseSendMessage(input: Input): SendMessageRequest {
  const body = text(input, 'MessageBody');
  if (body === '') throw invalidParameter('The request must contain a non-empty MessageBody.');
  if (INVALID_BODY_CHARACTER.test(body)) {
    throw new SqsError('InvalidMessageContents', 'Invalid binary character in the message body.');
  }
  const attributes = messageAttributes(input.MessageAttributes);
  const size =
    Buffer.byteLength(body) +
    Object.entries(attributes).reduce(
      (sum, [name, a]) =>
        sum +
        Buffer.byteLength(name) +
        Buffer.byteLength(a.DataType) +
        Buffer.byteLength(a.StringValue ?? a.BinaryValue ?? ''),
      0,
    );
  if (size > MAX_MESSAGE_BYTES) {
    throw invalidParameter(`Message must be shorter than ${MAX_MESSAGE_BYTES} bytes (body and attributes: ${size}).`);
  }
  return {
    queueUrl: text(input, 'QueueUrl'),
    body,
    delaySeconds: integer(input, 'DelaySeconds', 0, 900, 0)!,
    attributes,
  };
}

export function parseReceiveMessage(input: Input): ReceiveMessageRequest {
  const names = input.MessageAttributeNames ?? [];
  if (!Array.isArray(names) || !names.every((name) => typeof name === 'string')) {
    throw invalidParameter('MessageAttributeNames must be a list of strings.');
  }
  return {
    queueUrl: text(input, 'QueueUrl'),
    maxMessages: integer(input, 'MaxNumberOfMessages', 1, 10, 1)!,
    waitSeconds: integer(input, 'WaitTimeSeconds', 0, 20, 0)!,
    visibilityTimeoutSeconds: integer(input, 'VisibilityTimeout', 0, 43_200, undefined),
    attributeNames: names,
  };
}

export function parseDeleteMessage(input: Input): DeleteMessageRequest {
  return { queueUrl: text(input, 'QueueUrl'), receiptHandle: text(input, 'ReceiptHandle') };
}

/** `MessageAttributeNames` selection: `All`, `.*`, exact names, or prefixes written `prefix.*`. */
export function selectAttributes(attributes: MessageAttributes, names: string[]): MessageAttributes | undefined {
  const wanted = (name: string) =>
    names.some((pattern) =>
      pattern === 'All' || pattern === '.*'
        ? true
        : pattern.endsWith('.*')
          ? name.startsWith(pattern.slice(0, -1))
          : pattern === name,
    );
  const selected = Object.entries(attributes).filter(([name]) => wanted(name));
  return selected.length > 0 ? Object.fromEntries(selected) : undefined;
}
