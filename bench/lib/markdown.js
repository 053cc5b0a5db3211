/** Tiny Markdown helpers for RESULTS.md. */

export function table(header, rows) {
  const line = (cells) => `| ${cells.map((cell) => String(cell).replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** 12345.6 → "12,346"; digits > 0 keeps that many decimals. */
export function num(value, digits = 0) {
  if (!Number.isFinite(value)) return 'n/a';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export const ms = (value) => `${num(value, 1)} ms`;
export const mib = (value) => `${num(value)} MiB`;
export const verdict = (pass) => (pass ? '**PASS**' : '**FAIL**');
