export interface BundleEntry {
  /** The npm entry's source. */
  npm: string;
  /** The module npm ships for it, in dist/. */
  npmOut: string;
  scriptTag: string;
  out: string;
  /** The size goal, min + gzip. */
  targetBytes: number;
  /** What the size test enforces: the goal, or today's size while the goal is not met. */
  ceilingBytes: number;
}
export const ENTRIES: Record<'complete' | 'tracing', BundleEntry>;
export function npmModule(entryPoint: string): Promise<string>;
export function bundle(entryPoint: string, format?: 'esm' | 'iife'): Promise<string>;
