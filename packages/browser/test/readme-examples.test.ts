/** The README's wire-format examples are what the SDK really sends. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { traceHeaders } from '../src/tracing/propagators.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README examples', () => {
  it('shows the exact headers for its example trace', () => {
    const headers = traceHeaders(
      { traceId: '640cfd8d00000000abcdef1234567890', spanId: '00f067aa0ba902b7', sampled: true },
      ['tracecontext', 'datadog', 'b3'],
    );
    for (const [name, value] of Object.entries(headers)) expect(readme).toContain(`${name}: ${value}`);
    expect(Object.keys(headers)).toHaveLength(7);
  });
});
