/** The README's wire-format examples are what the package really does. */
import { readFileSync } from 'node:fs';
import { defaultTextMapSetter, ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { corsAllowedHeaders, DatadogPropagator } from '../src/index.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8').replace(/\s+/g, ' ');

describe('README examples', () => {
  it('shows the exact Datadog headers for its example trace', () => {
    const headers: Record<string, string> = {};
    const context = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: '640cfd8d00000000abcdef1234567890',
      spanId: '00f067aa0ba902b7',
      traceFlags: TraceFlags.SAMPLED,
    });
    new DatadogPropagator().inject(context, headers, defaultTextMapSetter);
    for (const [name, value] of Object.entries(headers)) expect(readme).toContain(`${name}: ${value}`);
    expect(Object.keys(headers)).toHaveLength(4);
  });

  it('lists the headers a preflight allows by default', () => {
    expect(readme).toContain(
      `\`corsAllowedHeaders()\` with the default propagators is: \`${corsAllowedHeaders().join(', ')}\``,
    );
  });
});
