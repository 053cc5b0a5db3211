/** Bytes a directory takes on disk (`du -sb`). */
import { execFileSync } from 'node:child_process';

export function diskBytes(dir) {
  return Number(execFileSync('du', ['-sb', dir], { encoding: 'utf8' }).split('\t')[0]);
}
