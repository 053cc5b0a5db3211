/** The README's wire-format examples are what the SDK really sends. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { callArguments, codeBlocks } from '../../../test-support/markdown.mjs';
import { validate } from '../src/config/schema.js';
import { rumConfigShape } from '../src/rum/rum-config.js';
import { traceHeaders } from '../src/tracing/propagators.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README examples', () => {
  it('shows the exact headers for its example trace', () => {
    const headers = traceHeaders(
      { traceId_: '640cfd8d00000000abcdef1234567890', spanId_: '00f067aa0ba902b7', sampled_: true },
      ['tracecontext', 'datadog', 'b3'],
    );
    for (const [name, value] of Object.entries(headers)) expect(readme).toContain(`${name}: ${value}`);
    expect(Object.keys(headers)).toHaveLength(7);
  });

  it('starts with an init call whose configuration is valid', () => {
    const [config] = callArguments(codeBlocks(readme, 'js')[0]!, 'rumlink.init');
    expect(validate(rumConfigShape, config)).toEqual(expect.objectContaining({ applicationId: 'shop' }));
  });

  it('documents every configuration option, and only those', () => {
    const start = readme.indexOf('## Configuration');
    const table = readme.slice(start, readme.indexOf('\n#', start + 1));
    const documented = [...table.matchAll(/^\| `([^`]+)`(?:, `([^`]+)`)?(?:, `([^`]+)`)? \|/gm)].flatMap((m) =>
      m.slice(1).filter(Boolean),
    );
    expect(documented.sort()).toEqual(Object.keys(rumConfigShape).sort());
  });
});
