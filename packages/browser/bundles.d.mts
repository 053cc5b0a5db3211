export interface BundleEntry {
  npm: string;
  scriptTag: string;
  out: string;
  budgetBytes: number;
}
export const ENTRIES: Record<'complete' | 'tracing', BundleEntry>;
export function bundle(entryPoint: string, format?: 'esm' | 'iife'): Promise<string>;
