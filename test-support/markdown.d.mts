export function codeBlocks(markdown: string, language: string): string[];
export function callArguments(code: string, callee: string): Record<string, unknown>[];
export function tables(markdown: string): { header: string[]; rows: string[][] }[];
export function codeSpans(cell: string): string[];
