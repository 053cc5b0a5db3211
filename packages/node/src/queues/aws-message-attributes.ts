/**
 * Writing propagation fields as SQS / SNS message attributes, within AWS's limit of 10 attributes per message.
 *
 * SQS rejects a message with more than 10 attributes, and SNS → SQS raw message delivery keeps at most 10, so a
 * message can only take the fields that fit. Priority: `traceparent` (the trace survives), then `baggage` (the
 * session survives), then the remaining fields in the order the propagator wrote them (`tracestate`, B3, Datadog…).
 * The message is always sent; an attribute the app set is never overwritten; a field left out is reported once per
 * process and field through `diag.warn`, so a hot producer does not flood the log.
 */
import { type Context, context, diag } from '@opentelemetry/api';
import { fieldsMissingFrom, injectedFields } from './carrier.js';

/** SQS and SNS both cap a message at 10 attributes (SQS `SendMessage`; SNS for raw delivery to SQS). */
export const AWS_MAX_MESSAGE_ATTRIBUTES = 10;

/** The part of the AWS SDK's `MessageAttributeValue` (SQS and SNS share it) that this module reads and writes. */
export interface AwsMessageAttributeValue {
  DataType: string | undefined;
  StringValue?: string | undefined;
}

export type AwsMessageAttributes = Record<string, AwsMessageAttributeValue>;

export interface AttributePlan {
  /** Fields to add, in priority order. */
  added: Array<readonly [string, string]>;
  /** Fields that did not fit within the limit, in priority order. */
  omitted: string[];
  /** Fields whose name AWS would reject (the whole message with it). */
  invalidNames: string[];
}

const PRIORITY = ['traceparent', 'baggage'];

function priorityOf(name: string): number {
  const index = PRIORITY.indexOf(name.toLowerCase());
  return index === -1 ? PRIORITY.length : index;
}

/**
 * AWS attribute names: up to 256 of `A-Z a-z 0-9 _ - .`, no leading/trailing or doubled period, no `AWS.` or
 * `Amazon.` prefix in any case (SQS `MessageAttributeValue` docs). A bad name would make AWS reject the whole message.
 */
export function isAwsAttributeName(name: string): boolean {
  return (
    /^[A-Za-z0-9_.-]{1,256}$/.test(name) &&
    !name.startsWith('.') &&
    !name.endsWith('.') &&
    !name.includes('..') &&
    !/^(aws|amazon)\./i.test(name)
  );
}

/** Pure: which injected fields a message that already carries `existingNames` can take. */
export function planPropagationAttributes(
  existingNames: readonly string[],
  fields: ReadonlyArray<readonly [string, string]>,
  limit: number = AWS_MAX_MESSAGE_ATTRIBUTES,
): AttributePlan {
  const candidates = fieldsMissingFrom(existingNames, fields)
    .map((field, order) => ({ field, order }))
    .sort((a, b) => priorityOf(a.field[0]) - priorityOf(b.field[0]) || a.order - b.order)
    .map(({ field }) => field);
  let room = Math.max(0, limit - existingNames.length);
  const plan: AttributePlan = { added: [], omitted: [], invalidNames: [] };
  for (const field of candidates) {
    if (!isAwsAttributeName(field[0])) {
      plan.invalidNames.push(field[0]);
    } else if (room > 0) {
      plan.added.push(field);
      room -= 1;
    } else {
      plan.omitted.push(field[0]);
    }
  }
  return plan;
}

const reportedFields = new Set<string>();

function reportOnce(system: string, names: readonly string[], message: string): void {
  const fresh = names.filter((name) => !reportedFields.has(`${system} ${name}`));
  if (fresh.length === 0) return;
  for (const name of fresh) reportedFields.add(`${system} ${name}`);
  diag.warn(`${message} (Reported once per field.)`);
}

function reportPlan(system: string, plan: AttributePlan, existingCount: number): void {
  if (plan.omitted.length > 0) {
    reportOnce(
      system,
      plan.omitted,
      `rumlink: ${system} message already has ${existingCount} of its ${AWS_MAX_MESSAGE_ATTRIBUTES} message ` +
        `attributes; left out propagation field(s) ${plan.omitted.join(', ')}, so its consumer cannot restore them ` +
        '(no traceparent: the consumer starts a new trace; no baggage: no session.id). ' +
        'Move app data from message attributes into the body to make room.',
    );
  }
  if (plan.invalidNames.length > 0) {
    reportOnce(
      system,
      plan.invalidNames,
      `rumlink: ${system} does not accept propagation field name(s) ${plan.invalidNames.join(', ')} as message ` +
        'attribute names (allowed: A-Z a-z 0-9 _ - . up to 256, no AWS./Amazon. prefix); left them out.',
    );
  }
}

/** For tests: forget which omissions were already reported. */
export function forgetReportedOmissions(): void {
  reportedFields.clear();
}

/**
 * `attributes` plus the propagation fields for `activeContext` that fit. Returns the same object when nothing is
 * added, so a message that is already full is sent exactly as the app built it.
 */
export function withPropagationAttributes<A extends AwsMessageAttributes>(
  attributes: A | undefined,
  system: string,
  activeContext: Context = context.active(),
): A | undefined {
  const fields = injectedFields(activeContext);
  if (fields.length === 0) return attributes;
  const existingNames = Object.keys(attributes ?? {});
  const plan = planPropagationAttributes(existingNames, fields);
  reportPlan(system, plan, existingNames.length);
  if (plan.added.length === 0) return attributes;
  const added: AwsMessageAttributes = {};
  for (const [name, value] of plan.added) added[name] = { DataType: 'String', StringValue: value };
  return { ...attributes, ...added } as A;
}
