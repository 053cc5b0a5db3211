/** Resident set size of another process, read from /proc/<pid>/status (VmRSS) at a fixed interval. */
import { readFileSync } from 'node:fs';
import { median } from './percentiles.js';

export function readRssMiB(pid) {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

/** Starts sampling; `stop()` returns the peak and the steady (median) RSS in MiB over the samples taken. */
export function sampleRss(pid, intervalMs = 250) {
  const samples = [readRssMiB(pid)];
  const timer = setInterval(() => {
    try {
      samples.push(readRssMiB(pid));
    } catch {
      // the process ended between two samples
    }
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return { peakMiB: Math.max(...samples), steadyMiB: median(samples), samples: samples.length };
    },
  };
}
