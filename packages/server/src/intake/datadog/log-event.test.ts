import { describe, expect, it } from 'vitest';
import { rejection } from '../../../test/boundary-error.js';
import { translateLogsBatch } from './log-event.js';

/*
 * Logs shaped like browser-logs 7.16.2 sends them (captured from the real SDK in Chromium, ids fixed): a logger call
 * with RUM on the page, a forwarded runtime error, and a network error; the global context (`team`) and the message
 * context (`cart`) sit at the top level.
 */
const APP = 'a1b2c3d4-0000-4000-8000-000000000001';
const SESSION = 'b5c5641d-6783-4af6-b860-c159910b5544';
const VIEW = '5a358c04-8c37-4f10-9641-322fc22ca077';
const ACTION = 'eec7f00f-b80e-46f1-aa39-834bddb604d4';
const OPTIONS = {
  receivedAt: 1_795_248_700_000,
  maxDecompressedBytes: 1_000_000,
  maxEvents: 100,
  maxAttributeLength: 256,
};
const REQUEST = { track: 'logs', clientToken: 'pub0123456789abcdef0123456789abcd', encoding: 'identity' } as const;

type Event = Record<string, unknown>;

/** The logs SDK's default attributes (sessionContext, RUM internal context, tab, user) around a raw log. */
function log(raw: Event, withRum = true): Event {
  return {
    view: { referrer: '', url: 'https://shop.example.com/cart', ...(withRum ? { id: VIEW } : {}) },
    service: 'shop-web',
    version: '1.4.2',
    session_id: SESSION,
    session: { id: SESSION },
    usr: { anonymous_id: '76d63f09-6d93-4576-8d8e-f1f227342833' },
    team: 'checkout',
    ...(withRum ? { application_id: APP, user_action: { id: [ACTION, 'e413b38b-1d05-4674-9964-a22a3e9d4b8b'] } } : {}),
    tab: { id: 'd532f460-58f0-45fb-a069-0039500dbfac' },
    ...raw,
    ddtags: 'sdk_version:7.16.2,env:staging,service:shop-web,version:1.4.2',
  };
}

const loggerInfo = log({
  date: 1_795_248_630_578,
  message: 'cart updated',
  status: 'info',
  origin: 'logger',
  _dd: {},
  cart: { items: 3 },
});
const runtimeError = log({
  message: 'boom in handler',
  date: 1_795_248_632_582,
  error: { stack: 'TypeError: boom in handler\n  at eval @ :370:30', kind: 'TypeError', handling: 'unhandled' },
  _dd: {},
  origin: 'source',
  status: 'error',
});
const networkError = log(
  {
    message: 'Fetch error POST https://shop.example.com/api/pay',
    date: 1_795_248_633_000,
    error: { stack: 'Failed to load' },
    _dd: {},
    http: { method: 'POST', status_code: 502, url: 'https://shop.example.com/api/pay' },
    status: 'error',
    origin: 'network',
  },
  false,
);

const ndjson = (events: Event[]) => Buffer.from(events.map((event) => JSON.stringify(event)).join('\n'));

describe('translateLogsBatch', () => {
  it('turns a logger call on a RUM page into a log row of the RUM application', async () => {
    const { applicationId, rows, skipped } = await translateLogsBatch(ndjson([loggerInfo]), REQUEST, OPTIONS);
    expect({ applicationId, skipped }).toEqual({ applicationId: APP, skipped: 0 });
    expect(rows[0]).toMatchObject({
      Timestamp: 1_795_248_630_578,
      ApplicationId: APP,
      SessionId: SESSION,
      ViewId: VIEW,
      Type: 'log',
      Version: 0,
      Source: 'datadog',
      Service: 'shop-web',
      Env: 'staging',
      AppVersion: '1.4.2',
      ViewUrl: 'https://shop.example.com/cart',
      Url: 'https://shop.example.com/cart',
      ActionId: ACTION,
      Name: 'cart updated',
      Kind: 'info',
      TraceId: '',
      Payload: JSON.stringify(loggerInfo),
      ReceivedAt: OPTIONS.receivedAt,
    });
    expect(rows[0]!.EventId).toMatch(/^[0-9a-f]{32}$/);
    expect(rows[0]!.Attributes).toEqual({
      'usr.anonymous_id': '76d63f09-6d93-4576-8d8e-f1f227342833',
      team: 'checkout',
      origin: 'logger',
      'cart.items': '3',
    });
  });

  it('keeps error details and the failed request of network errors', async () => {
    const { rows } = await translateLogsBatch(ndjson([runtimeError, networkError]), REQUEST, OPTIONS);
    expect(rows[0]).toMatchObject({ Name: 'boom in handler', Kind: 'error', ActionId: ACTION });
    expect(rows[0]!.Attributes).toMatchObject({
      'error.kind': 'TypeError',
      'error.handling': 'unhandled',
      origin: 'source',
    });
    expect(rows[1]).toMatchObject({
      Url: 'https://shop.example.com/api/pay',
      Method: 'POST',
      StatusCode: 502,
      ViewId: '',
    });
  });

  it('gives every row the application of the batch, also logs sent before RUM started', async () => {
    const { applicationId, rows } = await translateLogsBatch(ndjson([networkError, loggerInfo]), REQUEST, OPTIONS);
    expect(applicationId).toBe(APP);
    expect(rows.map((row) => row.ApplicationId)).toEqual([APP, APP]);
  });

  it('answers no application for a logs-only page: the route authorises by client token', async () => {
    const { applicationId, rows } = await translateLogsBatch(ndjson([networkError]), REQUEST, OPTIONS);
    expect(applicationId).toBe('');
    expect(rows[0]!.ApplicationId).toBe('');
  });

  it('gives a log the same EventId when the SDK retries it, and distinct logs distinct ids', async () => {
    const first = await translateLogsBatch(ndjson([loggerInfo, runtimeError]), REQUEST, OPTIONS);
    const retry = await translateLogsBatch(
      ndjson([loggerInfo, runtimeError]),
      { ...REQUEST, requestId: 'r2' },
      OPTIONS,
    );
    expect(retry.rows.map((row) => row.EventId)).toEqual(first.rows.map((row) => row.EventId));
    expect(new Set(first.rows.map((row) => row.EventId)).size).toBe(2);
  });

  it('skips logs of a session that is no longer tracked (no session_id)', async () => {
    const { session_id: _id, session: _session, ...untracked } = loggerInfo;
    const { rows, skipped } = await translateLogsBatch(ndjson([untracked, runtimeError]), REQUEST, OPTIONS);
    expect({ rows: rows.length, skipped }).toEqual({ rows: 1, skipped: 1 });
  });

  it.each([
    [
      'two applications',
      ndjson([loggerInfo, { ...runtimeError, application_id: 'other' }]),
      'invalid_body',
      /^line 2: application other differs/,
    ],
    ['a line that is not JSON', Buffer.from('{"message":'), 'invalid_event', /^line 1: not JSON/],
    ['a log without date', ndjson([{ ...loggerInfo, date: 'yesterday' }]), 'invalid_event', /^line 1: "date"/],
    ['more logs than allowed', ndjson(Array(101).fill(loggerInfo)), 'too_many_events', /101 events/],
  ])('rejects the whole batch for %s', async (_name, body, code, message) => {
    const error = await rejection(translateLogsBatch(body, REQUEST, OPTIONS));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });
});
