/**
 * The query benchmark's data set as SQL over numbers(): deterministic rows (ids are hashes of row numbers), so the
 * same sizes always give the same data. Shape: traces of 10 spans over 8 services and 40 span names; sessions of 20
 * traces (200 spans) spread over 5 minutes, sessions spread over 3 days; the first 5 spans of a trace carry
 * `session.id` (baggage), the rest belong to the session only through the RUM resource that carries their trace id.
 * One log line per span (same trace and span ids); 40 RUM event rows per session (views with 3 versions each, 20 traced
 * resources, 6 untraced ones, actions, errors, a long task).
 */
export const SPANS_PER_TRACE = 10;
export const TRACES_PER_SESSION = 20;
export const RUM_ROWS_PER_SESSION = 40;
export const DAY_MS = 86_400_000;

export function datasetShape(spans, logs) {
  const traces = Math.floor(spans / SPANS_PER_TRACE);
  return { spans, logs, traces, sessions: Math.floor(traces / TRACES_PER_SESSION) };
}

const hash64 = (tag, expr) => `leftPad(hex(cityHash64('${tag}', ${expr})), 16, '0')`;
/** 32 lowercase hex digits: a trace id. */
export const traceIdSql = (t) => `lower(concat(${hash64('trace', t)}, ${hash64('trace2', t)}))`;
/** 16 lowercase hex digits: the span id of span row `n`. */
export const spanIdSql = (n) => `lower(${hash64('span', n)})`;
/** The browser span (never exported) that is the parent of trace `t`'s backend root. */
const browserSpanIdSql = (t) => `lower(${hash64('browser', t)})`;
const uuidSql = (tag, expr) =>
  `UUIDNumToString(toFixedString(unhex(concat(${hash64(tag, expr)}, ${hash64(`${tag}2`, expr)})), 16))`;
export const sessionIdSql = (s) => uuidSql('session', s);

const SERVICES = "['web-gateway', 'checkout', 'cart', 'catalog', 'payments', 'shipping', 'accounts', 'search']";
const METHODS = "['GET', 'POST', 'GET', 'PUT', 'GET']";
const ENDPOINTS = "['items', 'orders', 'items/{id}', 'update', 'search']";

/** Epoch ms at which trace `t` (of session intDiv(t, 20)) starts: sessions spread over the span, traces 15 s apart. */
const traceStartMsSql = (
  t,
) => `({startMs:Int64} + intDiv(intDiv(${t}, ${TRACES_PER_SESSION}) * {spreadMs:UInt64}, {sessions:UInt64})
  + cityHash64('session-jitter', intDiv(${t}, ${TRACES_PER_SESSION})) % 60000
  + (${t} % ${TRACES_PER_SESSION}) * 15000 + cityHash64('trace-jitter', ${t}) % 5000)`;

/** Columns of span row `m` shared by spans and logs: trace, position, service, name, start. */
const spanBasis = (m) => `${m} AS m, intDiv(m, ${SPANS_PER_TRACE}) AS t, m % ${SPANS_PER_TRACE} AS j,
  intDiv(t, ${TRACES_PER_SESSION}) AS s, if(j = 0, 0, 1 + (j + t) % 7) AS svcIdx, ${SERVICES}[svcIdx + 1] AS svc,
  t % 5 + 1 AS nameIdx, ${METHODS}[nameIdx] AS method, concat('/', svc, '/', ${ENDPOINTS}[nameIdx]) AS route,
  ${traceStartMsSql('t')} + j * 3 AS startMs, cityHash64('error', t) % 50 = 0 AS failed,
  map('service.name', svc, 'service.version', '2.4.1', 'deployment.environment.name', 'production',
    'host.name', concat(svc, '-', toString(t % 4)), 'telemetry.sdk.language', 'nodejs') AS resource`;

export const INSERT_SPANS = `INSERT INTO otel_traces (Timestamp, TraceId, SpanId, ParentSpanId, TraceState, SpanName,
  SpanKind, ServiceName, ResourceAttributes, ScopeName, ScopeVersion, SpanAttributes, Duration, StatusCode, StatusMessage)
SELECT fromUnixTimestamp64Nano(toInt64(startMs * 1000000 + cityHash64('ns', m) % 1000000)),
  ${traceIdSql('t')}, ${spanIdSql('m')},
  if(j = 0, ${browserSpanIdSql('t')}, ${spanIdSql(`t * ${SPANS_PER_TRACE} + intDiv(j - 1, 2)`)}), '',
  concat(method, ' ', route), multiIf(j = 0, 'Server', j % 2 = 1, 'Client', 'Server'), svc, resource,
  '@opentelemetry/instrumentation-http', '0.57.0',
  mapConcat(map('http.request.method', method, 'http.route', route, 'url.path', replaceOne(route, '{id}', toString(t % 977)),
      'http.response.status_code', if(failed AND j = 0, '500', '200'), 'server.address', concat(svc, '.internal'),
      'server.port', '8080', 'network.protocol.version', '1.1', 'enduser.id', concat('user-', toString(s % 20000)),
      'user_agent.original', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36'),
    if(j < 5, map('session.id', ${sessionIdSql('s')}), map())),
  toUInt64((${SPANS_PER_TRACE} - j) * 4000000 + cityHash64('duration', m) % 3000000),
  if(failed AND j = 0, 'Error', 'Unset'), if(failed AND j = 0, 'upstream returned 500', '')
FROM (SELECT ${spanBasis('number')} FROM numbers({offset:UInt64}, {count:UInt64}))`;

/** Log row n belongs to span row intDiv(n * spans, logs): one per span when the counts are equal. */
export const INSERT_LOGS = `INSERT INTO otel_logs (Timestamp, TraceId, SpanId, TraceFlags, SeverityText, SeverityNumber,
  ServiceName, Body, ResourceAttributes, ScopeName, ScopeVersion, LogAttributes)
SELECT fromUnixTimestamp64Nano(toInt64((startMs + 1) * 1000000 + cityHash64('log-ns', m) % 1000000)),
  ${traceIdSql('t')}, ${spanIdSql('m')}, 1,
  multiIf(failed AND j = 0, 'ERROR', cityHash64('warn', m) % 20 = 0, 'WARN', 'INFO') AS severity,
  multiIf(severity = 'ERROR', 17, severity = 'WARN', 13, 9), svc,
  concat(method, ' ', route, ' handled in ', toString(${SPANS_PER_TRACE} * 4 - j * 4), ' ms for cart ', toString(t % 9973)),
  resource, 'pino', '9.5.0',
  mapConcat(map('code.function', 'handle', 'log.logger', svc, 'thread.id', toString(m % 16)),
    if(j < 5, map('session.id', ${sessionIdSql('s')}), map()))
FROM (SELECT ${spanBasis('intDiv(number * {spans:UInt64}, {logs:UInt64})')} FROM numbers({offset:UInt64}, {count:UInt64}))`;

/** 40 rows per session: e 0-5 views (2 views x 3 versions), 6-25 traced resources (trace s*20 + e-6), 26-31 untraced
 *  resources, 32-36 actions, 37-38 errors, 39 a long task. */
export const INSERT_RUM_EVENTS = `INSERT INTO rum_events (Timestamp, ApplicationId, SessionId, ViewId, EventId, Type,
  Version, Source, Service, Env, AppVersion, ViewUrl, ViewName, Url, Method, StatusCode, DurationMs, TraceId, SpanId,
  TraceSampled, LinkSource, ActionId, Name, Kind, Attributes, Payload, ReceivedAt)
SELECT fromUnixTimestamp64Milli(toInt64(time)), 'bench', sessionId, viewId, eventId, type, version, 'rumlink',
  'shop-web', 'production', '3.1.0', viewUrl, viewName,
  multiIf(type = 'view', concat('https://shop.example.com', viewUrl), traced, concat('https://shop.example.com/api/', ${ENDPOINTS}[t % 5 + 1]),
    type = 'resource', concat('https://cdn.example.com/img/', toString(n % 97), '.webp'), concat('https://shop.example.com', viewUrl)),
  if(type = 'resource', if(traced AND t % 5 = 1, 'POST', 'GET'), ''), if(type = 'resource', 200, 0),
  multiIf(type = 'view', version * 20000, type = 'resource', 40 + cityHash64('rum-duration', n) % 200, type = 'long_task', 120, 0),
  if(traced, ${traceIdSql('t')}, ''), if(traced, ${browserSpanIdSql('t')}, ''), traced, if(traced, 'header', ''),
  multiIf(type = 'action', eventId, traced, ${uuidSql('event', `s * ${RUM_ROWS_PER_SESSION} + 32 + t % 5`)}, ''),
  multiIf(type = 'action', 'click on Add to cart', type = 'error', 'TypeError: cart.items is undefined', type = 'resource', if(traced, 'fetch', 'image'), ''),
  multiIf(type = 'action', 'click', type = 'error', 'TypeError', type = 'resource', if(traced, 'fetch', 'image'), ''),
  map('browser.name', 'Chrome', 'os.name', 'Linux', 'geo.country_iso_code', 'DE'),
  concat('{"type":"', type, '","id":"', eventId, '","session":{"id":"', sessionId, '"},"view":{"id":"', viewId,
    '","url":"https://shop.example.com', viewUrl, '"},"date":', toString(time), '}'),
  fromUnixTimestamp64Milli(toInt64(time + 800))
FROM (SELECT number AS n, intDiv(n, ${RUM_ROWS_PER_SESSION}) AS s, n % ${RUM_ROWS_PER_SESSION} AS e,
    multiIf(e < 6, 'view', e < 32, 'resource', e < 37, 'action', e < 39, 'error', 'long_task') AS type,
    e >= 6 AND e < 26 AS traced, s * ${TRACES_PER_SESSION} + (e - 6) AS t,
    multiIf(e < 6, intDiv(e, 3), traced, intDiv(e - 6, 10), e % 2) AS viewIdx, if(e < 6, e % 3 + 1, 1) AS version,
    ${sessionIdSql('s')} AS sessionId, ${uuidSql('view', 's * 2 + viewIdx')} AS viewId,
    if(e < 6, viewId, ${uuidSql('event', 'n')}) AS eventId, ['/cart', '/checkout'][viewIdx + 1] AS viewUrl,
    ['Cart', 'Checkout'][viewIdx + 1] AS viewName,
    multiIf(e < 6, ${traceStartMsSql(`s * ${TRACES_PER_SESSION}`)} + viewIdx * 150000, traced, ${traceStartMsSql('t')} - 3,
      ${traceStartMsSql(`s * ${TRACES_PER_SESSION}`)} + (e - 26) * 40000 + 500) AS time
  FROM numbers({offset:UInt64}, {count:UInt64}))`;
