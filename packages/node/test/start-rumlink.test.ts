/**
 * startRumlink's contract with the process: OTLP/HTTP protobuf to `${endpoint}/v1/traces|logs` with the given
 * headers and nothing else (no metrics), typed errors before anything starts, and a shutdown that leaves the process
 * as it found it.
 */
import { createServer } from 'node:http';
import { context, propagation, trace } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RumlinkConfigError, startRumlink } from '../src/index.js';
import { listen } from './in-process-rumlink.js';

/** Any OTLP endpoint works: this one records what it was sent. */
const received: { path: string; contentType: string | undefined; authorization: string | undefined }[] = [];
const endpoint = createServer((req, res) => {
  received.push({
    path: req.url ?? '',
    contentType: req.headers['content-type'],
    authorization: req.headers.authorization,
  });
  req.resume().on('end', () => res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end());
});
let endpointUrl: string;
beforeAll(async () => {
  endpointUrl = await listen(endpoint);
});
afterAll(() => new Promise((resolve) => endpoint.close(resolve)));

describe('startRumlink', () => {
  it('exports spans and logs as OTLP/HTTP protobuf to the endpoint, with its headers, and no metrics', async () => {
    const rumlink = startRumlink({
      serviceName: 'checkout',
      endpoint: `${endpointUrl}/`,
      headers: { authorization: 'Bearer ingest-key' },
      instrumentations: [],
    });
    const baggage = propagation.setBaggage(
      context.active(),
      propagation.createBaggage({ 'session.id': { value: 's' } }),
    );
    context.with(baggage, () => {
      trace.getTracer('test').startSpan('work').end();
      logs.getLogger('test').emit({ body: 'done' });
    });
    await rumlink.forceFlush();
    await rumlink.shutdown();
    expect(received.map((r) => r.path).sort()).toEqual(['/v1/logs', '/v1/traces']);
    for (const request of received) {
      expect(request).toMatchObject({ contentType: 'application/x-protobuf', authorization: 'Bearer ingest-key' });
    }
  });

  it('throws a RumlinkConfigError before starting anything', () => {
    expect(() => startRumlink({ serviceName: 'x', endpoint: 'localhost' })).toThrow(RumlinkConfigError);
    expect(propagation.fields()).toEqual([]);
  });

  it('runs once per process, and can start again after shutdown, which releases the OpenTelemetry globals', async () => {
    const first = startRumlink({ serviceName: 'a', endpoint: endpointUrl, instrumentations: [] });
    expect(propagation.fields()).toContain('traceparent');
    expect(() => startRumlink({ serviceName: 'b' })).toThrow(
      expect.objectContaining({ code: 'already_started', message: expect.stringContaining('already running') }),
    );
    await first.shutdown();
    await first.shutdown();
    expect(propagation.fields()).toEqual([]);
    expect(trace.getTracer('x').startSpan('noop').isRecording()).toBe(false);
    const second = startRumlink({ serviceName: 'b', endpoint: endpointUrl, instrumentations: [] });
    expect(trace.getTracer('x').startSpan('recorded').isRecording()).toBe(true);
    await second.shutdown();
  });
});
