/** Resident memory and CPU time of a process, read from /proc/<pid>/status (VmRSS) and /proc/<pid>/stat. */
import { readFileSync } from 'node:fs';
import { median } from './percentiles.js';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

export function readRssMiB(pid) {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

/** User + system CPU seconds the process (all its threads) has used so far. */
export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND; // utime, stime
}

/**
 * Starts sampling RSS every `intervalMs`; `stop()` returns the peak and steady (median) RSS in MiB, and the CPU cores
 * the process used on average over the sampled time.
 */
export function sampleRss(pid, intervalMs = 250) {
  const samples = [readRssMiB(pid)];
  const cpuStart = cpuSeconds(pid);
  const started = performance.now();
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
      const cores = (cpuSeconds(pid) - cpuStart) / ((performance.now() - started) / 1000);
      return { peakMiB: Math.max(...samples), steadyMiB: median(samples), samples: samples.length, cores };
    },
  };
}
