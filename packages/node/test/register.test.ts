/**
 * `node --import @rumlink/node/register app.mjs`, configured only by environment variables, in a real child process
 * exporting to a real rumlink server: the app's span carries the browser's trace and session.id, telemetry is
 * flushed at SIGTERM, and a bad variable costs the telemetry, never the app.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../server/test/harness.js';
import { assertBuilt, fixture, registerModule, startApp } from './child-process.js';

const trace = { id: '4bf92f3577b34da6a3ce929d0e0e4736', parent: '00f067aa0ba902b7' };
let t: TestServer;

beforeAll(async () => {
  assertBuilt();
  t = await startTestServer();
});
afterAll(() => t?.stop());

const env = () => ({
  OTEL_SERVICE_NAME: 'register-app',
  OTEL_EXPORTER_OTLP_ENDPOINT: t.server.intakeUrl,
  OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=test,service.version=1.2.3',
  OTEL_PROPAGATORS: 'tracecontext,baggage,datadog',
  RUMLINK_BAGGAGE_KEYS: 'session.id,user.tier',
});

describe('register', () => {
  it('exports the request span with session.id and flushes at SIGTERM, ending the process as SIGTERM would', async () => {
    const sessionId = crypto.randomUUID();
    const app = await startApp(['--import', registerModule, fixture('plain-http-app.mjs')], env());
    const response = await fetch(`${app.url}/orders?id=7`, {
      headers: { traceparent: `00-${trace.id}-${trace.parent}-01`, baggage: `session.id=${sessionId},user.tier=gold` },
    });
    expect(await response.text()).toBe('ok /orders?id=7');
    expect(await app.stop('SIGTERM')).toEqual({ code: null, signal: 'SIGTERM' });
    expect(app.stderr()).toBe('');

    const { body } = await t.api(`/spans?sessionId=${sessionId}`);
    expect(body.spans).toHaveLength(1);
    expect(body.spans[0]).toMatchObject({
      traceId: trace.id,
      parentSpanId: trace.parent,
      service: 'register-app',
      kind: 'Server',
      sessionId,
      attributes: { 'session.id': sessionId, 'user.tier': 'gold', 'url.path': '/orders' },
    });
    expect(body.spans[0].resourceAttributes).toMatchObject({
      'deployment.environment.name': 'test',
      'service.version': '1.2.3',
    });
  });

  it('continues a Datadog-format trace, and leaves exiting to an app that handles SIGTERM itself', async () => {
    const sessionId = crypto.randomUUID();
    const app = await startApp(['--import', registerModule, fixture('plain-http-app.mjs')], {
      ...env(),
      OWN_SIGTERM: '1',
    });
    await fetch(app.url, {
      headers: {
        'x-datadog-trace-id': '12379813812177893520',
        'x-datadog-parent-id': '67667974448284343',
        'x-datadog-sampling-priority': '1',
        'x-datadog-tags': '_dd.p.tid=640cfd8d00000000',
        baggage: `session.id=${sessionId}`,
      },
    }).then((r) => r.text());
    expect(await app.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(app.stdout()).toContain('app: closing');
    const { body } = await t.api(`/spans?sessionId=${sessionId}`);
    expect(body.spans.map((s: any) => [s.traceId, s.parentSpanId])).toEqual([
      ['640cfd8d00000000abcdef1234567890', '00f067aa0ba902b7'],
    ]);
  });

  it.each([
    [{ OTEL_PROPAGATORS: 'tracecontext,jaeger' }, 'OTEL_PROPAGATORS: "jaeger" is not supported'],
    [
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'rumlink:4318' },
      'OTEL_EXPORTER_OTLP_ENDPOINT: "rumlink:4318" is not an http(s) URL',
    ],
    [{ RUMLINK_BAGGAGE_KEYS: 'session id' }, 'RUMLINK_BAGGAGE_KEYS[0]: "session id" is not a W3C baggage key'],
  ])('with %j prints one line to stderr and the app runs without telemetry', async (bad, message) => {
    const app = await startApp(['--import', registerModule, fixture('plain-http-app.mjs')], { ...env(), ...bad });
    expect(await fetch(`${app.url}/still-up`).then((r) => r.text())).toBe('ok /still-up');
    await app.stop('SIGTERM');
    const lines = app.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^rumlink: telemetry is off: /);
    expect(lines[0]).toContain(message);
  });
});

describe('the README’s in-code start of an ES module app', () => {
  it('instruments the app’s own `import http` once the loader hook is registered first', async () => {
    const sessionId = crypto.randomUUID();
    const app = await startApp([fixture('in-code-start.mjs')], { RUMLINK_TEST_ENDPOINT: t.server.intakeUrl });
    await fetch(`${app.url}/pay`, { headers: { baggage: `session.id=${sessionId}` } }).then((r) => r.text());
    expect(await app.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    const { body } = await t.api(`/spans?sessionId=${sessionId}`);
    expect(body.spans).toMatchObject([{ service: 'checkout-api', kind: 'Server', attributes: { 'url.path': '/pay' } }]);
    // The fixture is the README's example: the same lines.
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const code = readFileSync(fixture('in-code-start.mjs'), 'utf8');
    for (const line of code.split('\n').filter((l) => /^(import|register|await| {2}await)/.test(l))) {
      expect(readme).toContain(line.replace("'./plain-http-app.mjs'", "'./app.js'"));
    }
  });
});
