/**
 * docs/wire-formats.md's RUM examples are what the intake does: its example batch is accepted and stored as shown,
 * and its example refusal is the intake's answer, word for word.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeBlocks } from '../../../test-support/markdown.mjs';
import { RUM_PATH, startTestServer, type TestServer } from './harness.js';

const doc = readFileSync(new URL('../../../docs/wire-formats.md', import.meta.url), 'utf8');
const exampleBatch = codeBlocks(doc, 'json')[0]!;
const [view, resource] = exampleBatch
  .trimEnd()
  .split('\n')
  .map((line) => JSON.parse(line));

let t: TestServer;
beforeAll(async () => {
  // The example's times are fixed, so older than any retention: with one, the store would drop its rows at insert.
  t = await startTestServer({ config: { retentionDays: 0 } });
});
afterAll(() => t?.stop());

describe('docs/wire-formats.md', () => {
  it('has an example batch that the intake accepts and stores as shown', async () => {
    const response = await t.intake(RUM_PATH, { headers: { 'content-type': 'text/plain' }, body: exampleBatch });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ accepted: 2 });

    const { body } = await t.api(`/rum/events?sessionId=${view.session.id}&from=0`);
    expect(body.events).toHaveLength(2);
    expect(body.events.find((event: any) => event.type === 'resource')).toMatchObject({
      eventId: resource.id,
      viewId: view.view.id,
      url: resource.resource.url,
      method: resource.resource.method,
      statusCode: resource.resource.statusCode,
      durationMs: resource.resource.durationMs,
      traceId: resource.resource.traceId,
      spanId: resource.resource.spanId,
      hasTrace: false,
    });
  });

  it('shows the refusal the intake really answers for a bad trace id on line 3', async () => {
    const [status, answer] = /^(\d{3}) (.*)$/m.exec(codeBlocks(doc, '')[0]!)!.slice(1);
    const badLine = JSON.stringify({
      ...resource,
      id: `${resource.id}-2`,
      resource: { ...resource.resource, traceId: 'x' },
    });
    const response = await t.intake(RUM_PATH, {
      headers: { 'content-type': 'text/plain' },
      body: `${exampleBatch.trimEnd()}\n${badLine}`,
    });
    expect(response.status).toBe(Number(status));
    expect(await response.text()).toBe(answer);
  });
});
