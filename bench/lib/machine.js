/** The facts about the machine a result depends on. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { ROOT } from './paths.js';

export function machineFacts(storeDescription) {
  const cpu = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model ?? '?';
  const chdbPackage = JSON.parse(readFileSync(`${ROOT}node_modules/chdb/package.json`, 'utf8')).version;
  return {
    nproc: execFileSync('nproc', { encoding: 'utf8' }).trim(),
    cpu,
    memoryGiB: os.totalmem() / 2 ** 30,
    node: process.version,
    chdb: `${/chDB (\S+)/.exec(storeDescription)?.[1] ?? '?'} (npm chdb ${chdbPackage})`,
    kernel: os.release(),
    date: new Date().toISOString(),
  };
}
