import { deflateSync } from 'node:zlib';
import { createEndpointBuilder } from '@datadog/js-core/transport';
import { describe, expect, it } from 'vitest';
import { rejection } from '../../../test/boundary-error.js';
import type { RumEventRow } from '../../store/rows.js';
import type { DatadogBatchOptions } from './batch-body.js';
import { parseDatadogRequest } from './forwarded-request.js';
import { translateRumBatch } from './rum-event.js';

/*
 * Events shaped like browser-rum 7.16.2 sends them: captured from the real SDK in Chromium (proxy mode, global
 * context, setUser, a traced fetch, a click, addAction/addError/addDurationVital, a long animation frame), then
 * given fixed ids.
 */
const APP = 'a1b2c3d4-0000-4000-8000-000000000001';
const SESSION = 'b5c5641d-6783-4af6-b860-c159910b5544';
const VIEW = '5a358c04-8c37-4f10-9641-322fc22ca077';
const CLICK = 'e413b38b-1d05-4674-9964-a22a3e9d4b8b';
const CUSTOM_ACTION = 'eec7f00f-b80e-46f1-aa39-834bddb604d4';
const RECEIVED_AT = 1_795_248_700_000;
const OPTIONS = { receivedAt: RECEIVED_AT, maxDecompressedBytes: 1_000_000, maxEvents: 100, maxAttributeLength: 256 };
const REQUEST = { track: 'rum', clientToken: 'pub0123456789abcdef0123456789abcd', encoding: 'identity' } as const;

type Event = Record<string, unknown>;

/** What `startRumAssembly` adds to every event (defaultContext, session, url, view, connectivity, tab, user...). */
function rumEvent(type: string, date: number, fields: Event): Event {
  return {
    type,
    _dd: {
      format_version: 2,
      drift: 0,
      configuration: {
        session_sample_rate: 100,
        session_replay_sample_rate: 100,
        profiling_sample_rate: 0,
        trace_sample_rate: 100,
      },
      sdk_name: 'rum',
      ...(fields._dd as Event | undefined),
    },
    application: { id: APP },
    date,
    source: 'browser',
    view: {
      url: 'https://shop.example.com/cart?step=2',
      referrer: '',
      id: VIEW,
      ...(fields.view as Event | undefined),
    },
    session: { id: SESSION, type: 'user', has_replay: true },
    connectivity: { status: 'connected', effective_type: '4g' },
    tab: { id: 'd532f460-58f0-45fb-a069-0039500dbfac' },
    context: { tenant: { id: 't-1', tier: 'gold' } },
    usr: { id: 'u-42', name: 'Ada', email: 'ada@example.com', anonymous_id: '76d63f09-6d93-4576-8d8e-f1f227342833' },
    display: { viewport: { width: 1280, height: 720 } },
    service: 'shop-web',
    version: '1.4.2',
    ...Object.fromEntries(Object.entries(fields).filter(([key]) => key !== '_dd' && key !== 'view')),
    ddtags: 'sdk_version:7.16.2,env:staging,service:shop-web,version:1.4.2',
  };
}

function viewEvent(documentVersion: number, timeSpentNs: number, view: Event = {}): Event {
  return rumEvent('view', 1_795_248_628_809, {
    _dd: { page_states: [{ state: 'active', start: 0 }], document_version: documentVersion },
    view: {
      action: { count: 1 },
      error: { count: 1 },
      is_active: true,
      loading_type: 'initial_load',
      long_task: { count: 1 },
      resource: { count: 3 },
      time_spent: timeSpentNs,
      ...view,
    },
    privacy: { replay_level: 'allow' },
    device: { locale: 'en-US', locales: ['en-US', 'en'], time_zone: 'UTC' },
  });
}

function resourceEvent(resource: Event, dd: Event = {}): Event {
  return rumEvent('resource', 1_795_248_630_567, {
    _dd: { discarded: false, ...dd },
    action: { id: [CUSTOM_ACTION, CLICK] },
    resource: {
      id: 'a32e3de2-1187-43f9-8e08-529cd241801b',
      duration: 9_700_000,
      protocol: 'http/1.1',
      delivery_type: 'other',
      render_blocking_status: 'non-blocking',
      size: 11,
      ...resource,
    },
  });
}

const fetchResource = (dd: Event) =>
  resourceEvent({ type: 'fetch', method: 'POST', status_code: 200, url: 'https://shop.example.com/api/cart' }, dd);

const ndjson = (events: Event[]) => Buffer.from(events.map((event) => JSON.stringify(event)).join('\n'));
const translate = (events: Event[], options: DatadogBatchOptions = OPTIONS) =>
  translateRumBatch(ndjson(events), REQUEST, options);

describe('translateRumBatch', () => {
  it.each<[string, Event, Partial<RumEventRow>]>([
    [
      'view: path as name, loading type as kind, time spent in ms',
      viewEvent(3, 4_786_000_000),
      { Type: 'view', EventId: VIEW, Version: 3, DurationMs: 4786, Name: '/cart', Kind: 'initial_load', ViewName: '' },
    ],
    [
      'named view',
      viewEvent(1, 159_000_000, { name: 'Checkout' }),
      { Type: 'view', Name: 'Checkout', ViewName: 'Checkout', DurationMs: 159 },
    ],
    [
      'fetch with the injected trace (64-bit decimal ids, left-padded)',
      fetchResource({ span_id: '8118095113930891120', trace_id: '1234567890123456789', rule_psr: 1 }),
      {
        Type: 'resource',
        EventId: 'a32e3de2-1187-43f9-8e08-529cd241801b',
        Url: 'https://shop.example.com/api/cart',
        Method: 'POST',
        StatusCode: 200,
        DurationMs: 9.7,
        Name: 'fetch',
        Kind: 'fetch',
        TraceId: '0000000000000000112210f47de98115',
        SpanId: '70a9447e9eaf5f70',
        TraceSampled: 1,
        LinkSource: 'header',
        ActionId: CUSTOM_ACTION,
      },
    ],
    [
      'unsampled fetch (no _dd.trace_id)',
      fetchResource({}),
      { TraceId: '', SpanId: '', TraceSampled: 0, LinkSource: '' },
    ],
    [
      'document with the trace id from <meta name=dd-trace-id>',
      resourceEvent(
        { type: 'document', status_code: 200, url: 'https://shop.example.com/cart?step=2' },
        { trace_id: '1234567890123456789', span_id: '6467717695239534629', rule_psr: 1 },
      ),
      { Kind: 'document', Method: 'GET', TraceId: '0000000000000000112210f47de98115', SpanId: '', LinkSource: 'meta' },
    ],
    [
      'script without method or status',
      resourceEvent({ type: 'js', url: 'https://cdn.example.com/app.js' }),
      { Kind: 'js', Method: 'GET', StatusCode: 0, TraceId: '' },
    ],
    [
      'click action',
      rumEvent('action', 1_795_248_630_556, {
        _dd: { action: { target: { selector: '#buy', width: 73, height: 21 }, name_source: 'text_content' } },
        action: {
          id: CLICK,
          target: { name: 'Buy now' },
          type: 'click',
          loading_time: 20_000_000,
          error: { count: 1 },
          frustration: { type: ['error_click'] },
        },
      }),
      { Type: 'action', EventId: CLICK, ActionId: CLICK, Name: 'Buy now', Kind: 'click', DurationMs: 20 },
    ],
    [
      'custom action without a target name',
      rumEvent('action', 1_795_248_630_580, {
        action: { id: CUSTOM_ACTION, type: 'custom', frustration: { type: [] } },
      }),
      { Type: 'action', Name: 'custom', Kind: 'custom', DurationMs: 0 },
    ],
    [
      'error',
      rumEvent('error', 1_795_248_630_581, {
        action: { id: [CUSTOM_ACTION, CLICK] },
        error: {
          id: 'fff19fc7-e511-45ab-8b0d-b84ca1f5a965',
          message: 'payment declined',
          source: 'custom',
          stack: 'Error: payment declined\n  at buy @ https://shop.example.com/app.js:15:207',
          type: 'Error',
          handling: 'handled',
          source_type: 'browser',
        },
      }),
      { Type: 'error', Name: 'payment declined', Kind: 'Error', ActionId: CUSTOM_ACTION },
    ],
    [
      'network error keeps the failed request',
      rumEvent('error', 1_795_248_630_590, {
        error: {
          id: '1c0ffee0-0000-4000-8000-000000000002',
          message: 'Fetch error POST https://shop.example.com/api/pay',
          source: 'network',
          resource: { method: 'POST', status_code: 502, url: 'https://shop.example.com/api/pay' },
        },
      }),
      { Kind: 'network', Url: 'https://shop.example.com/api/pay', Method: 'POST', StatusCode: 502 },
    ],
    [
      'long animation frame',
      rumEvent('long_task', 1_795_248_630_576, {
        _dd: { discarded: false },
        long_task: {
          id: '84324c29-9e06-4d5c-89e6-7d6b9ac27605',
          entry_type: 'long-animation-frame',
          duration: 126_600_000,
          blocking_duration: 76_600_000,
          scripts: [{ duration: 126_400_000, invoker: 'Window.fetch.then', invoker_type: 'resolve-promise' }],
        },
      }),
      { Type: 'long_task', Kind: 'long-animation-frame', Name: 'long-animation-frame', DurationMs: 126.6 },
    ],
    [
      'classic long task',
      rumEvent('long_task', 1_795_248_630_577, {
        long_task: { id: '477611d4-3b9a-434a-9261-579cab41fdab', entry_type: 'long-task', duration: 77_000_000 },
      }),
      { Type: 'long_task', Kind: 'long-task', DurationMs: 77 },
    ],
    [
      'duration vital',
      rumEvent('vital', 1_795_248_630_533, {
        vital: { id: 'ccb5051b-0eab-4b8e-ba45-bdfe506ce087', type: 'duration', name: 'render', duration: 50_000_000 },
      }),
      {
        Type: 'vital',
        EventId: 'ccb5051b-0eab-4b8e-ba45-bdfe506ce087',
        Name: 'render',
        Kind: 'duration',
        DurationMs: 50,
      },
    ],
  ])('%s', async (_name, event, expected) => {
    const { applicationId, rows, skipped } = await translate([event]);
    expect({ applicationId, skipped, count: rows.length }).toEqual({ applicationId: APP, skipped: 0, count: 1 });
    expect(rows[0]).toMatchObject(expected);
  });

  it('fills the columns every event shares and keeps the line as Payload', async () => {
    const event = fetchResource({});
    const { rows } = await translate([event]);
    expect(rows[0]).toMatchObject({
      Timestamp: 1_795_248_630_567,
      ApplicationId: APP,
      SessionId: SESSION,
      ViewId: VIEW,
      Version: 0,
      Source: 'datadog',
      Service: 'shop-web',
      Env: 'staging',
      AppVersion: '1.4.2',
      ViewUrl: 'https://shop.example.com/cart?step=2',
      Payload: JSON.stringify(event),
      ReceivedAt: RECEIVED_AT,
    });
    expect(rows[0]!.Attributes).toEqual({
      'context.tenant.id': 't-1',
      'context.tenant.tier': 'gold',
      'usr.id': 'u-42',
      'usr.name': 'Ada',
      'usr.email': 'ada@example.com',
      'usr.anonymous_id': '76d63f09-6d93-4576-8d8e-f1f227342833',
      'connectivity.status': 'connected',
      'connectivity.effective_type': '4g',
      'session.type': 'user',
    });
  });

  it('keeps type-specific attributes and truncates long values', async () => {
    const stack = `Error: payment declined\n${'  at frame @ https://shop.example.com/app.js:1:1\n'.repeat(20)}`;
    const error = rumEvent('error', 1, {
      error: { id: 'e1', message: 'x'.repeat(300), source: 'source', stack, handling: 'unhandled', type: 'Error' },
    });
    const click = rumEvent('action', 2, {
      _dd: { action: { target: { selector: '#buy' } } },
      action: {
        id: CLICK,
        type: 'click',
        target: { name: 'Buy now' },
        frustration: { type: ['error_click', 'dead_click'] },
      },
    });
    const { rows } = await translate([error, click], { ...OPTIONS, maxAttributeLength: 40 });
    expect(rows[0]!.Name).toBe('x'.repeat(40));
    expect(rows[0]!.Attributes).toMatchObject({
      'error.source': 'source',
      'error.handling': 'unhandled',
      'error.stack': stack.slice(0, 40),
    });
    expect(rows[1]!.Attributes).toMatchObject({
      'action.frustration.type': 'error_click,dead_click',
      'action.target.selector': '#buy',
    });
  });

  it('keeps an event whose _dd.trace_id is not a 64-bit decimal, unlinked', async () => {
    const { rows } = await translate([fetchResource({ trace_id: '4224ffde735ddeb6', span_id: '1', rule_psr: 1 })]);
    expect(rows[0]).toMatchObject({ TraceId: '', SpanId: '', TraceSampled: 0, LinkSource: '' });
    expect(rows[0]!.Attributes['rumlink.invalid_trace_id']).toBe('4224ffde735ddeb6');
  });

  it('emits one row per view per batch: the highest document_version', async () => {
    const { rows } = await translate([
      viewEvent(1, 159_000_000),
      viewEvent(3, 4_786_000_000),
      viewEvent(2, 1_557_000_000),
    ]);
    expect(rows.map((row) => [row.EventId, row.Version, row.DurationMs])).toEqual([[VIEW, 3, 4786]]);
  });

  it('emits each batch its own view version; the store keeps the highest', async () => {
    const versions = [];
    for (const [version, ns] of [
      [1, 159_000_000],
      [2, 1_557_000_000],
      [3, 4_786_000_000],
    ] as const) {
      versions.push((await translate([viewEvent(version, ns)])).rows.map((row) => row.Version));
    }
    expect(versions).toEqual([[1], [2], [3]]);
  });

  it('reads a deflated batch sent to the proxied URL the SDK builds', async () => {
    const url = new URL(
      createEndpointBuilder(
        { clientToken: REQUEST.clientToken, site: 'datadoghq.com', proxy: 'https://shop.example.com/dd' },
        'rum',
      ).build('fetch', { encoding: 'deflate' }),
    );
    const request = parseDatadogRequest(url.pathname, Object.fromEntries(url.searchParams), {
      'content-type': 'text/plain',
    });
    const events = [viewEvent(2, 1_557_000_000), fetchResource({ trace_id: '1234567890123456789', span_id: '42' })];
    const deflated = await translateRumBatch(deflateSync(ndjson(events)), request, OPTIONS);
    expect(request.encoding).toBe('deflate');
    expect(deflated).toEqual(await translate(events));
  });

  it('skips blank lines (a page-exit flush can start with one) and counts event types it does not store', async () => {
    const telemetry = {
      type: 'telemetry',
      date: 1,
      service: 'browser-rum-sdk',
      version: '7.16.2',
      source: 'browser',
      _dd: { format_version: 2 },
      telemetry: { type: 'log', status: 'error', message: 'x' },
      application: { id: 'another-app' },
    };
    const viewUpdate = {
      type: 'view_update',
      date: 2,
      application: { id: APP },
      session: { id: SESSION },
      view: { id: VIEW },
    };
    const body = Buffer.from(
      `\n${JSON.stringify(telemetry)}\n${JSON.stringify(viewUpdate)}\n${JSON.stringify(fetchResource({}))}\n`,
    );
    const { rows, skipped, applicationId } = await translateRumBatch(body, REQUEST, OPTIONS);
    expect({ rows: rows.length, skipped, applicationId }).toEqual({ rows: 1, skipped: 2, applicationId: APP });
  });

  it('moves event times by the clock correction of the batch, and says by how much', async () => {
    const [corrected] = (await translate([fetchResource({})], { ...OPTIONS, clockCorrectionMs: 3_600_000 })).rows;
    const [asSent] = (await translate([fetchResource({})])).rows;
    expect(corrected!.Timestamp - asSent!.Timestamp).toBe(3_600_000);
    expect(corrected!.Attributes['rumlink.clock_correction_ms']).toBe('3600000');
    expect(asSent!.Attributes['rumlink.clock_correction_ms']).toBeUndefined();
    expect(JSON.parse(corrected!.Payload).date).toBe(JSON.parse(asSent!.Payload).date);
  });

  it('answers an empty batch with no rows and no application', async () => {
    expect(await translateRumBatch(Buffer.alloc(0), REQUEST, OPTIONS)).toEqual({
      applicationId: '',
      rows: [],
      skipped: 0,
    });
  });

  const good = JSON.stringify(fetchResource({}));
  const without = (event: Event, path: string): string => {
    const copy = structuredClone(event);
    const keys = path.split('.');
    const parent = keys.slice(0, -1).reduce((object, key) => object[key] as Event, copy);
    delete parent[keys.at(-1)!];
    return JSON.stringify(copy);
  };
  it.each([
    ['a line that is not JSON', `${good}\n{"type":"view",`, 'invalid_event', /^line 2: not JSON/],
    [
      'a line that is an array',
      `${good}\n[1,2]`,
      'invalid_event',
      /^line 2: expected one JSON object per line, got an array/,
    ],
    ['an event without type', without(fetchResource({}), 'type'), 'invalid_event', /^line 1: event has no "type"/],
    ['an event without date', without(fetchResource({}), 'date'), 'invalid_event', /^line 1: "date"/],
    [
      'a missing session.id',
      `${good}\n${without(fetchResource({}), 'session.id')}`,
      'invalid_event',
      /^line 2: resource event has no session\.id/,
    ],
    [
      'a missing application.id',
      without(viewEvent(1, 1), 'application.id'),
      'invalid_event',
      /^line 1: view event has no application\.id/,
    ],
    ['a view without view.id', without(viewEvent(1, 1), 'view.id'), 'invalid_event', /view event has no view\.id/],
    [
      'a resource without resource.id',
      without(fetchResource({}), 'resource.id'),
      'invalid_event',
      /resource event has no resource\.id/,
    ],
    [
      'two applications in one batch',
      `${good}\n${good.replace(APP, 'a1b2c3d4-0000-4000-8000-000000000002')}`,
      'invalid_body',
      /^line 2: application a1b2c3d4-0000-4000-8000-000000000002 differs from a1b2c3d4-0000-4000-8000-000000000001/,
    ],
    ['more events than allowed', Array(101).fill(good).join('\n'), 'too_many_events', /101 events; at most 100/],
  ])('rejects the whole batch for %s', async (_name, body, code, message) => {
    const error = await rejection(translateRumBatch(Buffer.from(body), REQUEST, OPTIONS));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('refuses a request of another track', async () => {
    const error = await rejection(translateRumBatch(Buffer.from(good), { ...REQUEST, track: 'logs' }, OPTIONS));
    expect(error.code).toBe('bad_request');
  });
});
