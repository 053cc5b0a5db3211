/**
 * The real @datadog/browser-rum, in Debian's Chromium, sends RUM to rumlink through its `proxy` option while tracing
 * requests to a backend instrumented with the OpenTelemetry SDK that exports to rumlink: the SDK's resources come
 * back linked to the backend's traces, and the backend span joins the session through the `baggage` header.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join, normalize } from 'node:path';
import { context, propagation, SpanKind } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../../test-support/chromium.mjs';
import { eventually } from '../../../test-support/eventually.mjs';
import { callArguments, codeBlocks } from '../../../test-support/markdown.mjs';
import { APP, startTestServer, type TestServer } from './harness.js';

/** The Datadog SDK configuration that docs/migration.md shows for sending to rumlink. */
const documented = callArguments(
  codeBlocks(readFileSync(new URL('../../../docs/migration.md', import.meta.url), 'utf8'), 'js').find((block) =>
    block.includes('datadogRum.init('),
  )!,
  'datadogRum.init',
)[0]!;

const ddBundleDir = join(
  dirname(createRequire(import.meta.url).resolve('@datadog/browser-rum/package.json')),
  'bundle',
);

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

/** A backend on its own origin, instrumented with the OpenTelemetry SDK (W3C trace context + baggage), exporting to rumlink. */
function startBackend(intakeUrl: string) {
  const exporter = new OTLPTraceExporter({ url: `${intakeUrl}/v1/traces` });
  const processor = new SimpleSpanProcessor(exporter);
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'cart-api' }),
    spanProcessors: [processor],
  });
  const tracer = provider.getTracer('cart-api');
  const propagator = new CompositePropagator({
    propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
  });
  const server = createServer((request, response) => {
    response.setHeader('access-control-allow-origin', '*');
    if (request.method === 'OPTIONS') {
      // The preflight must allow what the SDK injects, or the browser blocks the request.
      response.setHeader('access-control-allow-headers', request.headers['access-control-request-headers'] ?? '');
      response.setHeader('access-control-allow-methods', 'GET, POST');
      return response.writeHead(204).end();
    }
    const parent = propagator.extract(context.active(), request.headers, {
      get: (carrier, key) => carrier[key],
      keys: (carrier) => Object.keys(carrier),
    });
    const sessionId = propagation.getBaggage(parent)?.getEntry('session.id')?.value;
    const span = tracer.startSpan(
      `${request.method} ${request.url}`,
      { kind: SpanKind.SERVER, attributes: sessionId ? { 'session.id': sessionId } : {} },
      parent,
    );
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ items: 2 }));
    span.end();
  });
  return { server, flush: () => processor.forceFlush(), shutdown: () => provider.shutdown() };
}

/** Serves the page and the SDK's own browser bundle (no CDN). */
function startPageServer(pageHtml: () => string) {
  return createServer(async (request, response) => {
    const path = (request.url ?? '/').split('?')[0]!;
    if (path === '/') return response.writeHead(200, { 'content-type': 'text/html' }).end(pageHtml());
    const file = normalize(join(ddBundleDir, path.replace(/^\/dd\//, '')));
    if (!path.startsWith('/dd/') || !file.startsWith(ddBundleDir)) return response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'text/javascript' }).end(await readFile(file));
  });
}

describe('the real Datadog browser SDK through rumlink', () => {
  let t: TestServer;
  let browser: Browser;
  let backend: ReturnType<typeof startBackend>;
  let pageServer: Server;
  let pageUrl: string;
  let apiUrl: string;

  beforeAll(async () => {
    t = await startTestServer();
    backend = startBackend(t.server.intakeUrl);
    apiUrl = await listen(backend.server);
    pageServer = startPageServer(
      () => `<!doctype html><html><head><title>cart</title>
        <script src="/dd/datadog-rum.js"></script>
        <script>
          window.assembledResources = [];
          // The configuration docs/migration.md shows, pointed at this test's rumlink, application and backend.
          window.DD_RUM.init(Object.assign(${JSON.stringify(documented)}, {
            applicationId: ${JSON.stringify(APP.id)},
            clientToken: ${JSON.stringify(APP.clientToken)},
            proxy: ${JSON.stringify(`${t.server.intakeUrl}/`)},
            allowedTracingUrls: [${JSON.stringify(apiUrl)}],
            // Records what the SDK has assembled, so the test leaves the page only once the resources exist.
            beforeSend: (event) => {
              if (event.type === 'resource') window.assembledResources.push(new URL(event.resource.url).pathname);
            },
          }));
        </script></head>
        <script>
          function loadCart() {
            fetch(${JSON.stringify(`${apiUrl}/api/cart`)}).then((r) => r.json()).then(() => {
              const xhr = new XMLHttpRequest();
              xhr.open('GET', ${JSON.stringify(`${apiUrl}/api/prices`)});
              xhr.onload = () => { document.title = 'loaded'; };
              xhr.send();
            });
          }
        </script>
        <body><button id="load" onclick="loadCart()">Load cart</button></body></html>`,
    );
    pageUrl = await listen(pageServer);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await backend?.shutdown();
    await new Promise((resolve) => backend?.server.close(resolve));
    await new Promise((resolve) => pageServer?.close(resolve));
    await t?.stop();
  });

  it('links the SDK’s fetch and XHR resources to the backend traces, and the trace back to the session', async () => {
    const page = await browser.newPage();
    await page.goto(pageUrl);
    await page.click('#load');
    await page.waitForFunction("document.title === 'loaded'");
    // The SDK assembles a fetch/XHR resource 50 ms after its performance entry arrives, which a loaded CI machine can
    // delay further; leaving before then would drop the event, which a real user's next seconds on the page never do.
    await page.waitForFunction(
      "['/api/cart', '/api/prices'].every((path) => window.assembledResources.includes(path))",
    );
    const sessionId = await page.evaluate<string>('window.DD_RUM.getInternalContext()?.session_id');
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
    await backend.flush();
    // Leaving the page makes the SDK flush its batch (sendBeacon / fetch keepalive), as it does for real users.
    await page.goto('about:blank');

    const resources = await eventually(async () => {
      const { body } = await t.api(`/rum/events?sessionId=${sessionId}&type=resource&hasTrace=true`);
      return body.events?.length >= 2 ? body.events : undefined;
    }, "the session's two resources, stored with their traces");
    const byUrl = Object.fromEntries(resources.map((event: any) => [new URL(event.url).pathname, event]));
    expect(byUrl['/api/cart']).toMatchObject({
      kind: 'fetch',
      method: 'GET',
      statusCode: 200,
      source: 'datadog',
      service: documented.service,
      env: documented.env,
      version: documented.version,
    });
    expect(byUrl['/api/prices']).toMatchObject({ kind: 'xhr', statusCode: 200 });

    for (const resource of [byUrl['/api/cart'], byUrl['/api/prices']]) {
      expect(resource.traceId).toMatch(/^0{16}[0-9a-f]{16}$/);
      const detail = await t.api(`/rum/events/${resource.eventId}`);
      expect(detail.body.trace).toMatchObject({ traceId: resource.traceId, rootService: 'cart-api', spanCount: 1 });
      const traced = await t.api(`/traces/${resource.traceId}`);
      expect(traced.body.spans[0]).toMatchObject({
        service: 'cart-api',
        kind: 'Server',
        parentSpanId: resource.spanId,
        sessionId,
      });
      expect(traced.body.rum).toMatchObject({
        session: { sessionId, applicationId: APP.id },
        resource: { eventId: resource.eventId },
        view: { type: 'view' },
      });
    }

    const { body: session } = await t.api(`/sessions/${sessionId}`);
    expect(session.session).toMatchObject({ linkedResources: 2, services: ['cart-api'] });
    expect(session.views.length).toBeGreaterThanOrEqual(1);
    expect(new Set(session.views.map((view: any) => view.eventId)).size).toBe(session.views.length);

    const { body: timeline } = await t.api(`/sessions/${sessionId}/timeline`);
    expect(timeline.items.filter((item: any) => item.kind === 'span')).toHaveLength(2);
  });
});
