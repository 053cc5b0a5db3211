/**
 * A pool of OTLP/protobuf ExportTraceServiceRequest bodies, made by the real OpenTelemetry SDK and serializer: each
 * body is what one service's BatchSpanProcessor sends (512 spans, ~10 attributes each, `session.id` included).
 */
import { context, SpanKind, trace } from '@opentelemetry/api';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';

const SERVICES = ['web-gateway', 'checkout', 'cart', 'catalog', 'payments', 'shipping', 'accounts', 'search'];

/** The resource of body `index`: one service's instance, as its SDK describes it (spans and logs alike). */
export function benchResource(index) {
  const service = SERVICES[index % SERVICES.length];
  return resourceFromAttributes({
    'service.name': service,
    'service.version': '1.4.2',
    'deployment.environment': 'production',
    'host.name': `${service}-7d9f8-${index % 5}`,
    'telemetry.sdk.language': 'nodejs',
  });
}

const ROUTES = ['/api/cart', '/api/cart/items/:id', '/api/checkout', '/api/products/:id', '/api/search', '/api/user'];
const SPANS_PER_TRACE = 8;

/** One body: `spansPerBody` spans of one service, in traces of 8 spans (server root, client/db/internal children). */
function buildBody(index, spansPerBody) {
  const service = SERVICES[index % SERVICES.length];
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: benchResource(index),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('@rumlink/bench', '1.0.0');
  const now = Date.now();
  for (let t = 0; exporter.getFinishedSpans().length < spansPerBody; t++) {
    const sessionId = `${String((index * 7919 + t) % 100_000).padStart(8, '0')}-5e55-4d1e-9b1d-0123456789ab`;
    const route = ROUTES[(index + t) % ROUTES.length];
    const start = now - 60_000 + t * 40;
    const common = { 'session.id': sessionId, 'enduser.id': `user-${t % 977}`, 'http.route': route };
    const root = tracer.startSpan(`GET ${route}`, {
      kind: SpanKind.SERVER,
      startTime: start,
      attributes: {
        ...common,
        'http.request.method': 'GET',
        'url.path': route.replace(':id', String(t)),
        'url.scheme': 'https',
        'server.address': `${service}.internal`,
        'server.port': 8080,
        'user_agent.original': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36',
        'http.response.status_code': t % 50 === 0 ? 500 : 200,
      },
    });
    const parent = trace.setSpan(context.active(), root);
    const remaining = Math.min(SPANS_PER_TRACE - 1, spansPerBody - exporter.getFinishedSpans().length - 1);
    for (let c = 0; c < remaining; c++) {
      const child = tracer.startSpan(
        c % 2 === 0 ? 'SELECT shop.items' : `POST /internal/${SERVICES[(index + c) % SERVICES.length]}`,
        {
          kind: c % 2 === 0 ? SpanKind.CLIENT : SpanKind.INTERNAL,
          startTime: start + 1 + c,
          attributes: {
            ...common,
            'db.system.name': 'postgresql',
            'db.query.text': 'SELECT id, sku, qty FROM items WHERE cart_id = $1',
            'server.address': 'db.internal',
            'network.peer.port': 5432,
            'rumlink.bench.child': c,
            'thread.id': 17 + c,
          },
        },
        parent,
      );
      child.end(start + 2 + c * 3);
    }
    root.end(start + 30);
  }
  const spans = exporter.getFinishedSpans();
  return Buffer.from(ProtobufTraceSerializer.serializeRequest(spans));
}

/** `count` distinct bodies (fresh trace and span ids in each), built before anything is timed. */
export function buildTraceBodies(count, spansPerBody = 512) {
  return Array.from({ length: count }, (_, i) => buildBody(i, spansPerBody));
}
