/**
 * Added time per fetch in Chromium: the same page, served by one local server, with no SDK, rumlink, Datadog RUM and
 * OpenTelemetry; every variant in a fresh browser context, interleaved round-robin, medians over the rounds.
 */
import http from 'node:http';
import os from 'node:os';
import { launchChromium } from '../lib/chromium.js';
import { median } from '../lib/percentiles.js';
import { bundleIife, PAGE_ENTRIES, packageVersion, rumlinkSource } from './sdk-bundles.js';

export const VARIANTS = [
  { id: 'none', label: '(a) no SDK' },
  { id: 'rumlink', label: '(b) rumlink tracing entry, `init({})`', packages: ['@rumlink/browser'] },
  {
    id: 'rumlink-complete',
    label: '(b2) rumlink complete entry (RUM collection: views, resources, actions, errors, vitals; batching)',
    packages: ['@rumlink/browser'],
  },
  {
    id: 'datadog',
    label: '(c) Datadog `@datadog/browser-rum`, trackResources, 100 % sampled',
    packages: ['@datadog/browser-rum'],
  },
  {
    id: 'otel',
    label: '(d) OpenTelemetry WebTracerProvider + FetchInstrumentation, BatchSpanProcessor, OTLP HTTP exporter',
    packages: ['@opentelemetry/sdk-trace-web', '@opentelemetry/instrumentation-fetch'],
  },
];

const WARMUP_FETCHES = 50;
/** After load, before the warm-up: lets each SDK finish starting (session, first view, timers). */
const SETTLE_MS = 300;
/** After the sequence: deferred SDK work (span end on resource timing, batching) lands in this window. */
const TAIL_MS = 1000;

const page = (variant) =>
  '<!doctype html><html><head><meta charset="utf-8"><script>window.__pageFetch = window.fetch;</script>' +
  `<script src="/sdk/${variant}.js"></script></head>` +
  '<body>fetch benchmark</body></html>';

/**
 * The page's origin: the page and scripts (cross-origin isolated, so `performance.now()` has 5 µs resolution instead
 * of 100 µs), `/ping`, and a sink for SDK intakes. Records whether `/ping` requests carried trace headers.
 */
async function startServer(scripts) {
  const fresh = () => ({ pings: 0, traceparent: 0, baggageSession: 0, datadog: 0, intakeRequests: 0, intakeBytes: 0 });
  let stats = fresh();
  const isolated = {
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-embedder-policy': 'require-corp',
    'cache-control': 'no-store',
  };
  const server = http.createServer((request, response) => {
    const url = request.url ?? '';
    if (url === '/ping') {
      stats.pings++;
      if (request.headers.traceparent) stats.traceparent++;
      if (/(^|,)\s*session\.id=/.test(request.headers.baggage ?? '')) stats.baggageSession++;
      if (request.headers['x-datadog-trace-id']) stats.datadog++;
      return response.writeHead(200, { 'content-type': 'text/plain', 'content-length': 2, ...isolated }).end('ok');
    }
    if (url.startsWith('/intake')) {
      stats.intakeRequests++;
      request.on('data', (chunk) => {
        stats.intakeBytes += chunk.length;
      });
      request.on('end', () => response.writeHead(202, isolated).end());
      return;
    }
    const script = /^\/sdk\/([\w-]+)\.js$/.exec(url)?.[1];
    if (script !== undefined && scripts.has(script)) {
      return response.writeHead(200, { 'content-type': 'text/javascript', ...isolated }).end(scripts.get(script));
    }
    const variant = /^\/page\/([\w-]+)$/.exec(url)?.[1];
    if (variant !== undefined && scripts.has(variant)) {
      return response.writeHead(200, { 'content-type': 'text/html', ...isolated }).end(page(variant));
    }
    response.writeHead(404, isolated).end();
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    /** Stats since the last call. */
    take() {
      const taken = stats;
      stats = fresh();
      return taken;
    },
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}

/**
 * Runs in the page: `n` sequential fetches of `/ping`, each response read before the next call. Every `fetch()` call
 * is made from a task of its own (a MessageChannel message), as from an event handler: DevTools counts script run in
 * such a task as ScriptDuration, whereas code run in a promise continuation only counts as TaskDuration. Times each
 * `fetch()` call (call → return of the promise) and the whole sequence.
 */
function fetchSequence(n) {
  return new Promise((resolve, reject) => {
    const sync = new Float64Array(n);
    const channel = new MessageChannel();
    let i = 0;
    let failed = 0;
    const start = performance.now();
    channel.port1.onmessage = () => {
      const before = performance.now();
      const pending = fetch('/ping');
      sync[i] = performance.now() - before;
      pending
        .then((response) => response.text())
        .then((text) => {
          if (text !== 'ok') failed++;
          if (++i < n) return channel.port2.postMessage(0);
          const wallMs = performance.now() - start;
          channel.port1.close();
          let syncSum = 0;
          for (const value of sync) syncSum += value;
          const sorted = sync.slice().sort();
          resolve({
            wallMs,
            syncMeanMs: syncSum / n,
            syncMedianMs: sorted[Math.floor(n / 2)],
            failed,
            crossOriginIsolated: self.crossOriginIsolated,
          });
        })
        .catch(reject);
    };
    channel.port2.postMessage(0);
  });
}

/**
 * Runs in the page: `pairs` pairs of calls, the page's own `fetch` as it was before the SDK loaded and `fetch` as the
 * SDK left it, alternating (ABBA) call by call, each from a task of its own; the median time of each kind of call.
 * Both kinds run seconds apart at most, so the difference is the SDK's synchronous cost under the same conditions.
 */
function pairedSync(pairs) {
  return new Promise((resolve, reject) => {
    const plain = window.__pageFetch;
    const wrapped = window.fetch;
    const times = { plain: [], wrapped: [] };
    const channel = new MessageChannel();
    let i = 0;
    const medianOf = (list) => list.sort((a, b) => a - b)[Math.floor(list.length / 2)];
    channel.port1.onmessage = () => {
      const useWrapped = (i & 1) === ((i >> 1) & 1);
      const before = performance.now();
      const pending = (useWrapped ? wrapped : plain).call(window, '/ping');
      (useWrapped ? times.wrapped : times.plain).push(performance.now() - before);
      pending
        .then((response) => response.text())
        .then(() => {
          if (++i < pairs * 2) return channel.port2.postMessage(0);
          channel.port1.close();
          resolve({ plainMs: medianOf(times.plain), wrappedMs: medianOf(times.wrapped), wrapped: plain !== wrapped });
        })
        .catch(reject);
    };
    channel.port2.postMessage(0);
  });
}

async function metrics(cdp) {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  const value = (name) => list.find((metric) => metric.name === name)?.value ?? Number.NaN;
  return { scriptS: value('ScriptDuration'), taskS: value('TaskDuration') };
}

/** One variant in a fresh context and page: load, settle, warm up, then the measured sequence and its tail. */
async function runOnce(browser, server, variant, n) {
  const context = await browser.newContext();
  try {
    const tab = await context.newPage();
    const cdp = await context.newCDPSession(tab);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    const blank = await metrics(cdp);
    await tab.goto(`${server.origin}/page/${variant}`, { waitUntil: 'load' });
    await tab.waitForTimeout(SETTLE_MS);
    // A page view: parsing and running the SDK, its start, the page load it observes, its first timers.
    const pageView = await metrics(cdp);
    await tab.evaluate(fetchSequence, WARMUP_FETCHES);
    server.take();
    const before = await metrics(cdp);
    const run = await tab.evaluate(fetchSequence, n);
    const after = await metrics(cdp);
    const headers = server.take();
    await tab.waitForTimeout(TAIL_MS);
    const tail = await metrics(cdp);
    const tailIntake = server.take();
    const paired = await tab.evaluate(pairedSync, Math.round(n / 2));
    server.take();
    return {
      ...run,
      pageViewScriptS: pageView.scriptS - blank.scriptS,
      pageViewTaskS: pageView.taskS - blank.taskS,
      scriptS: after.scriptS - before.scriptS,
      taskS: after.taskS - before.taskS,
      tailScriptS: tail.scriptS - after.scriptS,
      tailTaskS: tail.taskS - after.taskS,
      pairedAddedUs: (paired.wrappedMs - paired.plainMs) * 1000,
      fetchWrapped: paired.wrapped,
      headers,
      intakeRequests: headers.intakeRequests + tailIntake.intakeRequests,
      intakeBytes: headers.intakeBytes + tailIntake.intakeBytes,
    };
  } finally {
    await context.close();
  }
}

/**
 * Self time per function (µs) in a CPU profile of `n` fetches on one page of `variant`, sampled every 50 µs. Frames
 * are named by function and, for the page's scripts, by the start of their source line.
 */
async function profileOnce(browser, server, variant, n) {
  const context = await browser.newContext();
  try {
    const tab = await context.newPage();
    const cdp = await context.newCDPSession(tab);
    await tab.goto(`${server.origin}/page/${variant}`, { waitUntil: 'load' });
    await tab.waitForTimeout(SETTLE_MS);
    await tab.evaluate(fetchSequence, WARMUP_FETCHES);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
    await cdp.send('Profiler.start');
    await tab.evaluate(fetchSequence, n);
    const { profile } = await cdp.send('Profiler.stop');
    const scripts = new Map();
    const lineOf = async (frame) => {
      if (!scripts.has(frame.scriptId)) {
        const { scriptSource } = await cdp.send('Debugger.getScriptSource', { scriptId: frame.scriptId });
        scripts.set(frame.scriptId, scriptSource.split('\n'));
      }
      return (scripts.get(frame.scriptId)[frame.lineNumber] ?? '').trim().slice(0, 70);
    };
    await cdp.send('Debugger.enable');
    const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
    const selfUs = new Map();
    for (let i = 0; i < profile.samples.length; i++) {
      const frame = nodes.get(profile.samples[i]).callFrame;
      const name = frame.functionName || '(anonymous)';
      const key = frame.url.includes('/sdk/') ? `${name}: \`${await lineOf(frame)}\`` : name;
      selfUs.set(key, (selfUs.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
    }
    return selfUs;
  } finally {
    await context.close();
  }
}

/** Where rumlink's added main-thread time goes: self time per function, rumlink page minus the no-SDK page. */
async function profileRumlink(browser, server, n) {
  const [base, rumlink] = [
    await profileOnce(browser, server, 'none', n),
    await profileOnce(browser, server, 'rumlink-profile', n),
  ];
  const idle = new Set(['(idle)', '(program)']);
  const busy = (map) => [...map].filter(([key]) => !idle.has(key)).reduce((sum, [, us]) => sum + us, 0);
  const keys = new Set([...base.keys(), ...rumlink.keys()].filter((key) => !idle.has(key)));
  const rows = [...keys]
    .map((key) => ({ frame: key, addedUs: ((rumlink.get(key) ?? 0) - (base.get(key) ?? 0)) / n }))
    .sort((a, b) => b.addedUs - a.addedUs);
  return { fetches: n, addedBusyUs: (busy(rumlink) - busy(base)) / n, top: rows.slice(0, 8) };
}

const spread = (values) => ({ median: median(values), min: Math.min(...values), max: Math.max(...values) });

export async function runFetchOverhead({ fetches: n, rounds }, log) {
  const source = rumlinkSource();
  const scripts = new Map();
  for (const variant of VARIANTS) scripts.set(variant.id, await bundleIife(PAGE_ENTRIES[variant.id]));
  scripts.set('rumlink-profile', await bundleIife(PAGE_ENTRIES.rumlink, { minify: false }));
  const server = await startServer(scripts);
  const browser = await launchChromium();
  const chromium = browser.version();
  const loadAverage = { before: os.loadavg()[0] };
  const runs = Object.fromEntries(VARIANTS.map((variant) => [variant.id, []]));
  let profile;
  try {
    for (let round = 0; round < rounds; round++) {
      // Round-robin, starting one variant later each round, so no variant always runs first or last.
      const order = VARIANTS.map((_, i) => VARIANTS[(i + round) % VARIANTS.length].id);
      const line = [];
      for (const id of order) {
        const result = await runOnce(browser, server, id, n);
        if (result.failed) throw new Error(`${id}: ${result.failed} of ${n} fetches did not answer "ok"`);
        if (!result.crossOriginIsolated) throw new Error(`${id}: the page is not cross-origin isolated`);
        runs[id].push(result);
        line.push(
          `${id} ${((result.wallMs / n) * 1000).toFixed(0)} µs/fetch, script ${(result.scriptS * 1000).toFixed(0)} ms`,
        );
      }
      log(`round ${round + 1}/${rounds}: ${line.join('; ')}`);
    }
    loadAverage.after = os.loadavg()[0];
    log('CPU profiles: no SDK and rumlink (unminified), 1,000 fetches each');
    profile = await profileRumlink(browser, server, 1000);
  } finally {
    await browser.close();
    await server.stop();
  }

  const base = runs.none;
  /** Per round: variant minus the no-SDK page of the same round, so slow phases of the machine cancel out. */
  const added = (id, of) => runs[id].map((run, round) => of(run) - of(base[round]));
  const variants = VARIANTS.map((variant) => {
    const list = runs[variant.id];
    return {
      ...variant,
      versions: (variant.packages ?? []).map((name) => ({ name, version: packageVersion(name) })),
      absolute: {
        syncUs: median(list.map((run) => run.syncMeanMs * 1000)),
        syncMedianUs: median(list.map((run) => run.syncMedianMs * 1000)),
        wallUs: median(list.map((run) => (run.wallMs / n) * 1000)),
        scriptMsPer1000: median(list.map((run) => ((run.scriptS * 1000) / n) * 1000)),
        taskMsPer1000: median(list.map((run) => ((run.taskS * 1000) / n) * 1000)),
      },
      added: {
        syncUs: spread(added(variant.id, (run) => run.syncMeanMs * 1000)),
        syncMedianUs: spread(added(variant.id, (run) => run.syncMedianMs * 1000)),
        /** Within each page: SDK-wrapped `fetch()` call − the page's own, adjacent calls (no other page involved). */
        syncPairedUs: spread(list.map((run) => run.pairedAddedUs)),
        wallUs: spread(added(variant.id, (run) => (run.wallMs / n) * 1000)),
        scriptMsPer1000: spread(added(variant.id, (run) => ((run.scriptS * 1000) / n) * 1000)),
        taskMsPer1000: spread(added(variant.id, (run) => ((run.taskS * 1000) / n) * 1000)),
        tailScriptMs: spread(added(variant.id, (run) => run.tailScriptS * 1000)),
        tailTaskMs: spread(added(variant.id, (run) => run.tailTaskS * 1000)),
        pageViewScriptMs: spread(added(variant.id, (run) => run.pageViewScriptS * 1000)),
        pageViewTaskMs: spread(added(variant.id, (run) => run.pageViewTaskS * 1000)),
      },
      headers: {
        traceparent: Math.min(...list.map((run) => run.headers.traceparent)),
        baggageSession: Math.min(...list.map((run) => run.headers.baggageSession)),
        datadog: Math.min(...list.map((run) => run.headers.datadog)),
        pings: Math.min(...list.map((run) => run.headers.pings)),
      },
      fetchWrapped: list.every((run) => run.fetchWrapped),
      intakeRequests: median(list.map((run) => run.intakeRequests)),
      intakeBytes: median(list.map((run) => run.intakeBytes)),
    };
  });
  return {
    source,
    fetches: n,
    rounds,
    warmup: WARMUP_FETCHES,
    settleMs: SETTLE_MS,
    tailMs: TAIL_MS,
    chromium,
    loadAverage,
    variants,
    profile,
  };
}
