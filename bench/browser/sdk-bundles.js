/**
 * The browser SDKs the benchmarks compare, as the tiny app entries that import AND use each one (so nothing is
 * tree-shaken away), and the one esbuild setup that bundles them all: the same bundler, options and run for every SDK.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { ROOT } from '../lib/paths.js';

const API = 'https://api.example.com';

/** Which rumlink source the run bundles: the commit, and whether packages/browser has uncommitted changes. */
export function rumlinkSource() {
  const git = (...args) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  try {
    const dirty = git('status', '--porcelain', '--', 'packages/browser') !== '';
    return `commit ${git('rev-parse', '--short', 'HEAD')}${dirty ? ' + uncommitted changes in packages/browser' : ''}`;
  } catch {
    return 'unknown commit';
  }
}

/** Version of an installed package (the copy esbuild resolves from the repository root). */
export function packageVersion(name) {
  const file =
    name === '@rumlink/browser' ? `${ROOT}packages/browser/package.json` : `${ROOT}node_modules/${name}/package.json`;
  return JSON.parse(readFileSync(file, 'utf8')).version;
}

const OTEL_TRACING = [
  '@opentelemetry/sdk-trace-web',
  '@opentelemetry/instrumentation-fetch',
  '@opentelemetry/instrumentation-xml-http-request',
  '@opentelemetry/instrumentation',
  '@opentelemetry/exporter-trace-otlp-http',
];

const otelSource = (zone) => `
import { BatchSpanProcessor, WebTracerProvider } from '@opentelemetry/sdk-trace-web';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { FetchInstrumentation } from '@opentelemetry/instrumentation-fetch';
import { XMLHttpRequestInstrumentation } from '@opentelemetry/instrumentation-xml-http-request';
${zone ? "import { ZoneContextManager } from '@opentelemetry/context-zone';" : ''}
const provider = new WebTracerProvider({
  spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: 'https://otel.example.com/v1/traces' }))],
});
provider.register(${zone ? '{ contextManager: new ZoneContextManager() }' : ''});
const propagateTraceHeaderCorsUrls = [/^https:\\/\\/api\\.example\\.com/];
registerInstrumentations({
  instrumentations: [
    new FetchInstrumentation({ propagateTraceHeaderCorsUrls }),
    new XMLHttpRequestInstrumentation({ propagateTraceHeaderCorsUrls }),
  ],
});
`;

/**
 * App entries for the size comparison: `packages` are the npm packages the row ships (the first one names the
 * version column), `source` the entry module.
 */
export const SIZE_ENTRIES = [
  {
    id: 'rumlink-tracing',
    label: 'rumlink tracing entry (`@rumlink/browser/tracing`)',
    packages: ['@rumlink/browser'],
    source: `import { rumlink } from '@rumlink/browser/tracing';
rumlink.init({ allowedTracingUrls: ['${API}'] });`,
  },
  {
    id: 'rumlink-complete',
    label: 'rumlink complete entry (`@rumlink/browser`)',
    packages: ['@rumlink/browser'],
    source: `import { rumlink } from '@rumlink/browser';
rumlink.init({ applicationId: 'shop', clientToken: 'pub_x', endpoint: 'https://rum.example.com', allowedTracingUrls: ['${API}'] });`,
  },
  {
    id: 'datadog',
    label: 'Datadog `@datadog/browser-rum`',
    packages: ['@datadog/browser-rum'],
    source: `import { datadogRum } from '@datadog/browser-rum';
datadogRum.init({
  applicationId: '00000000-0000-4000-8000-000000000000',
  clientToken: 'pub00000000000000000000000000000000',
  site: 'datadoghq.com',
  service: 'shop',
  allowedTracingUrls: ['${API}'],
});`,
  },
  {
    id: 'otel',
    label: 'OpenTelemetry web tracing (sdk-trace-web, instrumentation-fetch + -xml-http-request, OTLP HTTP exporter)',
    packages: OTEL_TRACING,
    source: otelSource(false),
  },
  {
    id: 'otel-zone',
    label: 'OpenTelemetry web tracing + `@opentelemetry/context-zone` (zone.js)',
    packages: [...OTEL_TRACING, '@opentelemetry/context-zone', 'zone.js'],
    source: otelSource(true),
  },
  {
    id: 'elastic',
    label: 'Elastic `@elastic/apm-rum`',
    packages: ['@elastic/apm-rum'],
    source: `import { init } from '@elastic/apm-rum';
init({ serviceName: 'shop', serverUrl: 'https://apm.example.com', distributedTracingOrigins: ['${API}'] });`,
  },
  {
    id: 'sentry',
    label: 'Sentry `@sentry/browser` + `browserTracingIntegration`',
    packages: ['@sentry/browser'],
    source: `import { browserTracingIntegration, init } from '@sentry/browser';
init({
  dsn: 'https://0123456789abcdef0123456789abcdef@o0.ingest.sentry.io/0',
  integrations: [browserTracingIntegration()],
  tracesSampleRate: 1,
  tracePropagationTargets: ['${API}'],
});`,
  },
  {
    id: 'sentry-no-debug',
    label: 'Sentry, same entry, debug code tree-shaken (`__SENTRY_DEBUG__: false`, opt-in per Sentry docs)',
    packages: ['@sentry/browser'],
    define: { __SENTRY_DEBUG__: 'false' },
    sourceOf: 'sentry',
  },
];
for (const entry of SIZE_ENTRIES) {
  if (entry.sourceOf) entry.source = SIZE_ENTRIES.find((other) => other.id === entry.sourceOf).source;
}

/**
 * Page scripts for the fetch benchmark (IIFE; they read the page's origin at run time, so one build serves any port).
 * Each starts its SDK the way the benchmark's variant describes; `none` is an empty script, so every page loads one.
 */
export const PAGE_ENTRIES = {
  none: '',
  rumlink: `import { rumlink } from '@rumlink/browser/tracing';
rumlink.init({});`,
  'rumlink-complete': `import { rumlink } from '@rumlink/browser';
rumlink.init({ applicationId: 'bench', clientToken: 'bench', endpoint: location.origin + '/intake', service: 'bench' });`,
  datadog: `import { datadogRum } from '@datadog/browser-rum';
datadogRum.init({
  applicationId: '00000000-0000-4000-8000-000000000000',
  clientToken: 'pub00000000000000000000000000000000',
  site: 'datadoghq.com',
  service: 'bench',
  allowedTracingUrls: [location.origin],
  sessionSampleRate: 100,
  traceSampleRate: 100,
  trackResources: true,
  proxy: location.origin + '/intake',
});`,
  otel: `import { BatchSpanProcessor, WebTracerProvider } from '@opentelemetry/sdk-trace-web';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { FetchInstrumentation } from '@opentelemetry/instrumentation-fetch';
const provider = new WebTracerProvider({
  spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: location.origin + '/intake/v1/traces' }))],
});
provider.register();
const origin = new RegExp('^' + location.origin.replace(/\\./g, '\\\\.'));
registerInstrumentations({ instrumentations: [new FetchInstrumentation({ propagateTraceHeaderCorsUrls: [origin] })] });`,
};

/** esbuild options shared by every SDK (an app's production build: minified, `process.env.NODE_ENV` defined). */
const COMMON = {
  bundle: true,
  minify: true,
  platform: 'browser',
  target: 'es2020',
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': '"production"' },
  write: false,
  logLevel: 'error',
};

/**
 * ESM build with code splitting, as an app bundler emits it: `initial` is the entry chunk plus the chunks it imports
 * statically (what the page loads), `lazy` the chunks only reachable through dynamic `import()` (loaded on demand,
 * e.g. Datadog's session-replay recorder, which this configuration never loads).
 */
export async function bundleEsm(source, define = {}) {
  const result = await build({
    ...COMMON,
    define: { ...COMMON.define, ...define },
    stdin: { contents: source, resolveDir: ROOT, sourcefile: 'entry.js', loader: 'js' },
    format: 'esm',
    splitting: true,
    absWorkingDir: ROOT,
    outdir: `${ROOT}bench/.data/browser-size`,
    entryNames: 'entry',
    metafile: true,
  });
  const texts = new Map(result.outputFiles.map((file) => [file.path, file.text]));
  const outputs = result.metafile.outputs; // paths relative to absWorkingDir
  const entry = Object.keys(outputs).find((path) => outputs[path].entryPoint);
  const initial = new Set();
  const visit = (path) => {
    if (initial.has(path)) return;
    initial.add(path);
    for (const imported of outputs[path].imports) if (imported.kind === 'import-statement') visit(imported.path);
  };
  visit(entry);
  const code = (paths) => paths.map((path) => texts.get(`${ROOT}${path}`));
  const all = Object.keys(outputs).filter((path) => path.endsWith('.js'));
  return { initial: code([...initial]), lazy: code(all.filter((path) => !initial.has(path))) };
}

/** One IIFE script for a page (no splitting: dynamic imports are inlined); `minify: false` keeps function names. */
export async function bundleIife(source, { minify = true } = {}) {
  if (!source) return '';
  const result = await build({
    ...COMMON,
    minify,
    stdin: { contents: source, resolveDir: ROOT, sourcefile: 'entry.js', loader: 'js' },
    format: 'iife',
  });
  return result.outputFiles[0].text;
}
