/** Resident memory and CPU time of a process, read from /proc/<pid>/status (VmRSS) and /proc/<pid>/stat. */
import { readdirSync, readFileSync } from 'node:fs';
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

/**
 * CPU seconds per group of the process's threads (from /proc/<pid>/task): chDB names its threads (MergeMutate for
 * background merges, ThreadPool / QueryPipelineEx for query and insert work), the server's OTLP decode workers name
 * theirs `otlp-decode`; the rest are all "node": the main thread (tid = pid), libuv's pool (which runs the chDB calls,
 * and part of an insert's work with them, and writes the insert files) and V8's GC and compiler helpers.
 */
export function cpuSecondsByThreadGroup(pid) {
  const groups = {};
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    let stat;
    try {
      stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    } catch {
      continue; // the thread ended meanwhile
    }
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const group = threadGroup(name, tid === String(pid));
    groups[group] = (groups[group] ?? 0) + (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  }
  return groups;
}

export const THREAD_GROUPS = {
  main: 'Node main thread',
  decode: 'OTLP decode workers',
  node: 'other Node threads (libuv: chDB calls, insert files; V8 GC)',
  merges: 'chDB merges',
  engine: 'chDB inserts and queries',
};

function threadGroup(name, isMain) {
  if (isMain) return THREAD_GROUPS.main;
  if (name === 'otlp-decode') return THREAD_GROUPS.decode;
  if (name === 'node') return THREAD_GROUPS.node;
  if (name.startsWith('MergeMutate')) return THREAD_GROUPS.merges;
  return THREAD_GROUPS.engine;
}

/** CPU seconds each thread group used between two `cpuSecondsByThreadGroup` readings. */
export function cpuSecondsBetween(before, after) {
  return Object.fromEntries(Object.entries(after).map(([group, total]) => [group, total - (before[group] ?? 0)]));
}

/** CPU seconds of all groups together. */
export function totalCpuSeconds(groups) {
  return Object.values(groups).reduce((sum, seconds) => sum + seconds, 0);
}

/** Cores each thread group used, from its CPU seconds (`cpuSecondsBetween`) over `seconds`, busiest first. */
export function coresByThreadGroup(threadCpu, seconds) {
  return Object.fromEntries(
    Object.entries(threadCpu)
      .map(([group, used]) => [group, used / seconds])
      .sort((a, b) => b[1] - a[1]),
  );
}
