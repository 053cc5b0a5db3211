/**
 * docs/migration.md maps other SDKs' options and calls to rumlink's: every rumlink name it gives is a real option or
 * call, its examples are valid configurations, and the Datadog and OpenTelemetry names are checked against the SDKs
 * installed here (Faro is not installed, so its column is not checked).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { callArguments, codeBlocks, codeSpans, tables } from '../../../test-support/markdown.mjs';
import { validate } from '../src/config/schema.js';
import { tracingConfigShape } from '../src/config/tracing-config.js';
import { rumlink } from '../src/index.js';
import { rumConfigShape } from '../src/rum/rum-config.js';

const doc = readFileSync(new URL('../../../docs/migration.md', import.meta.url), 'utf8');
const require = createRequire(import.meta.url);
/** A package's folder, found from its main entry (not every package exports its package.json). */
const packageDir = (name: string) => {
  const main = require.resolve(name);
  return main.slice(0, main.lastIndexOf(`node_modules/${name}/`) + `node_modules/${name}`.length);
};
const sources = (name: string, ...files: string[]) =>
  files.map((file) => readFileSync(join(packageDir(name), file), 'utf8')).join('\n');

const datadogOptions = sources(
  '@datadog/browser-rum-core',
  'src/domain/configuration/configuration.ts',
  '../browser-core/src/domain/configuration/configuration.ts',
);
const datadogApi = sources('@datadog/browser-rum-core', 'src/boot/rumPublicApi.ts');
const openTelemetryOptions = [
  sources('@opentelemetry/instrumentation-fetch', 'build/src/types.d.ts', 'build/src/fetch.d.ts'),
  sources('@opentelemetry/otlp-exporter-base', 'build/src/configuration/legacy-base-configuration.d.ts'),
].join('\n');

const table = (firstHeader: string) => {
  const found = tables(doc).find((candidate) => candidate.header[0] === firstHeader);
  if (!found) throw new Error(`docs/migration.md has no table headed "${firstHeader}"`);
  return found.rows;
};
/** The leading identifier of a code span (`rumlink.setUser(user)` → `setUser`), or undefined for a literal. */
const nameOf = (span: string) => {
  const name = /^(?:\w+\.)*?(?:rumlink\.|datadogRum\.)?([A-Za-z]\w*)/.exec(span)?.[1];
  return name === 'true' || name === 'false' ? undefined : name;
};
const isRumlinkName = (name: string) =>
  name in rumConfigShape || name in tracingConfigShape || typeof (rumlink as any)[name] === 'function';

describe('docs/migration.md', () => {
  it('shows init calls whose configurations are valid, with only known options', () => {
    const examples = codeBlocks(doc, 'js').filter((block) => block.includes('rumlink.init('));
    expect(examples.length).toBeGreaterThanOrEqual(2);
    for (const block of examples) {
      const shape = block.includes("'@rumlink/browser/tracing'") ? tracingConfigShape : rumConfigShape;
      const [config] = callArguments(block, 'rumlink.init');
      expect(validate(shape, config)).not.toBeTypeOf('string');
      expect(Object.keys(config!).filter((key) => !(key in shape))).toEqual([]);
    }
  });

  it('maps Datadog options that exist to rumlink options that exist', () => {
    for (const [datadog, ours] of table('Datadog option')) {
      for (const name of codeSpans(datadog!)) expect(datadogOptions, name).toMatch(new RegExp(`\\b${name}\\??:`));
      for (const name of codeSpans(ours!)) expect(name in rumConfigShape, name).toBe(true);
    }
  });

  it('maps Datadog calls that exist to rumlink calls that exist', () => {
    for (const [datadog, ours] of table('Datadog call')) {
      for (const span of codeSpans(datadog!).filter((span) => !span.startsWith('datadogLogs.'))) {
        expect(datadogApi, span).toMatch(new RegExp(`\\b${nameOf(span)}[:(]`));
      }
      for (const span of codeSpans(ours!)) expect(typeof (rumlink as any)[nameOf(span)!], span).toBe('function');
    }
  });

  it('maps OpenTelemetry classes and options that exist to rumlink names that exist', async () => {
    const exported = Object.assign(
      {},
      await import('@opentelemetry/core'),
      await import('@opentelemetry/propagator-b3'),
      await import('@opentelemetry/exporter-trace-otlp-http'),
    );
    for (const [openTelemetry, ours] of table('OpenTelemetry')) {
      for (const name of codeSpans(openTelemetry!).filter((span) => /^\w+$/.test(span))) {
        if (/^[A-Z]/.test(name)) expect(exported, name).toHaveProperty(name);
        else expect(openTelemetryOptions, name).toMatch(new RegExp(`\\b${name}\\??:`));
      }
      for (const name of codeSpans(ours!).map(nameOf).filter(Boolean)) expect(isRumlinkName(name!), name).toBe(true);
    }
  });

  it('maps Faro to rumlink names that exist', () => {
    for (const [, ours] of table('Faro')) {
      for (const name of codeSpans(ours!).map(nameOf).filter(Boolean)) expect(isRumlinkName(name!), name).toBe(true);
    }
  });
});
