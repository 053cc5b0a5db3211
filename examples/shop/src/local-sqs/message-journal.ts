/**
 * One queue's messages, kept in an append-only journal file so that a message accepted by SendMessage survives a
 * restart until a DeleteMessage removes it (at-least-once, like SQS). Visibility (who holds a message right now) is
 * deliberately not journalled: after a restart every undeleted message is visible again, which is what SQS does
 * when a consumer's visibility timeout runs out. Writes reach the OS before the request is answered (a process
 * crash loses nothing); they are not fsynced, which only matters for a power cut on a demo machine.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { MessageAttributes } from './sqs-requests.js';

export interface QueuedMessage {
  id: string;
  body: string;
  attributes: MessageAttributes;
  sentAt: number;
  receiveCount: number;
  /** Epoch ms from which the message may be received (delay, or the end of its visibility timeout). */
  visibleAt: number;
  /** Only the most recent receipt handle deletes the message (SQS: "you must provide the most recently received"). */
  receiptHandle: string | undefined;
}

type JournalEntry =
  | { op: 'send'; id: string; body: string; attributes: MessageAttributes; sentAt: number; visibleAt: number }
  | { op: 'delete'; id: string };

export interface MessageJournal {
  send(body: string, attributes: MessageAttributes, delaySeconds: number): QueuedMessage;
  /** Up to `max` visible messages, each hidden for `visibilityTimeoutSeconds` and given a new receipt handle. */
  receive(max: number, visibilityTimeoutSeconds: number): QueuedMessage[];
  /** `missing`: no such message any more (already deleted: SQS answers success); `stale`: received again since. */
  delete(receiptHandle: string): 'deleted' | 'missing' | 'stale';
  /** When the next invisible message becomes visible, if any is waiting. */
  nextVisibleAt(): number | undefined;
  size(): number;
}

const RECEIPT_HANDLE = /^([0-9a-f-]{36})\.([0-9a-f]{32})$/;
export const isReceiptHandle = (value: string) => RECEIPT_HANDLE.test(value);

export function openMessageJournal(file: string, clock: () => number = Date.now): MessageJournal {
  const messages = new Map<string, QueuedMessage>();
  if (existsSync(file)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const entry = parseEntry(line);
      if (entry?.op === 'send') messages.set(entry.id, { ...entry, receiveCount: 0, receiptHandle: undefined });
      else if (entry?.op === 'delete') messages.delete(entry.id);
    }
  }
  // Compact on open: the journal then holds exactly the live messages, and a torn last line is gone.
  const live = [...messages.values()].map(({ id, body, attributes, sentAt, visibleAt }) =>
    JSON.stringify({ op: 'send', id, body, attributes, sentAt, visibleAt }),
  );
  writeFileSync(`${file}.tmp`, live.map((line) => `${line}\n`).join(''));
  renameSync(`${file}.tmp`, file);

  const append = (entry: JournalEntry) => appendFileSync(file, `${JSON.stringify(entry)}\n`);

  return {
    send(body, attributes, delaySeconds) {
      const sentAt = clock();
      const message: QueuedMessage = {
        id: randomUUID(),
        body,
        attributes,
        sentAt,
        receiveCount: 0,
        visibleAt: sentAt + delaySeconds * 1000,
        receiptHandle: undefined,
      };
      append({ op: 'send', id: message.id, body, attributes, sentAt, visibleAt: message.visibleAt });
      messages.set(message.id, message);
      return message;
    },
    receive(max, visibilityTimeoutSeconds) {
      const now = clock();
      const received: QueuedMessage[] = [];
      for (const message of messages.values()) {
        if (received.length === max) break;
        if (message.visibleAt > now) continue;
        message.receiveCount += 1;
        message.visibleAt = now + visibilityTimeoutSeconds * 1000;
        message.receiptHandle = `${message.id}.${randomBytes(16).toString('hex')}`;
        received.push(message);
      }
      return received;
    },
    delete(receiptHandle) {
      const id = RECEIPT_HANDLE.exec(receiptHandle)?.[1];
      const message = id === undefined ? undefined : messages.get(id);
      if (!message) return 'missing';
      if (message.receiptHandle !== receiptHandle) return 'stale';
      append({ op: 'delete', id: message.id });
      messages.delete(message.id);
      return 'deleted';
    },
    nextVisibleAt() {
      let next: number | undefined;
      for (const message of messages.values()) next = Math.min(next ?? Infinity, message.visibleAt);
      return next;
    },
    size: () => messages.size,
  };
}

function parseEntry(line: string): JournalEntry | undefined {
  if (line.trim() === '') return undefined;
  try {
    return JSON.parse(line) as JournalEntry;
  } catch {
    return undefined; // a line torn by a crash mid-append: the send was never acknowledged
  }
}
