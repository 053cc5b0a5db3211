/**
 * HTTP load from this process: POSTs pre-built bodies over keep-alive connections, closed loop (N requests always in
 * flight) or open loop (requests sent on a fixed schedule, latency counted from the scheduled send time).
 */
import http from 'node:http';

export function createPoster(url, headers) {
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });
  /** Resolves with the status and the time from sending to acknowledgement (ms). */
  return (body) =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      const request = http.request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          headers: { ...headers, 'content-length': body.length },
        },
        (response) => {
          response.resume();
          response.on('end', () => resolve({ status: response.statusCode, ms: performance.now() - started }));
        },
      );
      request.on('error', reject);
      request.end(body);
    });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `concurrency` workers each send the next body as soon as their last one is acknowledged. Items (e.g. spans) per
 * second counts acknowledgements that arrive within the measured window after `warmupS`.
 */
export async function closedLoop({ post, bodies, itemsPerBody, concurrency, warmupS, durationS }) {
  const start = performance.now();
  const windowStart = start + warmupS * 1000;
  const windowEnd = windowStart + durationS * 1000;
  let next = 0;
  let acked = 0;
  let inWindow = 0;
  let failed = 0;
  const latencies = [];
  async function worker() {
    while (performance.now() < windowEnd) {
      const body = bodies[next++ % bodies.length];
      const { status, ms } = await post(body);
      const now = performance.now();
      if (status !== 200) {
        failed++;
        await sleep(100);
        continue;
      }
      acked += itemsPerBody;
      if (now >= windowStart && now < windowEnd) {
        inWindow += itemsPerBody;
        latencies.push(ms);
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { perSecond: inWindow / durationS, acked, failed, latencies, requests: next };
}

/** Sends `ratePerSecond` requests per second for `durationS`, whatever the server's speed (no coordinated omission). */
export async function openLoop({ post, bodies, itemsPerBody, ratePerSecond, durationS }) {
  const interval = 1000 / ratePerSecond;
  const total = Math.floor(durationS * ratePerSecond);
  const start = performance.now() + 10;
  const latencies = [];
  const sent = [];
  let acked = 0;
  let failed = 0;
  let i = 0;
  await new Promise((resolve) => {
    const tick = () => {
      const now = performance.now();
      for (; i < total && start + i * interval <= now; i++) {
        const scheduled = start + i * interval;
        sent.push(
          post(bodies[i % bodies.length]).then(({ status }) => {
            if (status !== 200) return failed++;
            acked += itemsPerBody;
            latencies.push(performance.now() - scheduled);
          }),
        );
      }
      if (i < total) setTimeout(tick, Math.max(0, start + i * interval - performance.now()));
      else resolve();
    };
    tick();
  });
  await Promise.all(sent);
  return { latencies, acked, failed, requests: total, elapsedS: (performance.now() - start) / 1000 };
}
