/** Latency percentiles (nearest-rank) of a list of milliseconds. */
export function percentiles(values, ranks = [50, 90, 99]) {
  const sorted = Float64Array.from(values).sort();
  const at = (rank) =>
    sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((rank / 100) * sorted.length) - 1)] : NaN;
  return {
    count: sorted.length,
    ...Object.fromEntries(ranks.map((rank) => [`p${rank}`, at(rank)])),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
  };
}

/** Middle value of a list (NaN when empty). */
export function median(values) {
  return percentiles(values, [50]).p50;
}
