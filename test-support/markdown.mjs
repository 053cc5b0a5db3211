/**
 * The examples and tables of a Markdown document, so that tests check what the docs show instead of a copy that can
 * drift.
 */

/** The text of every fenced block of `language` in `markdown`, in order. */
export function codeBlocks(markdown, language) {
  return [...markdown.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, 'g'))].map((match) => match[1]);
}

/**
 * The argument of every `callee({ … });` call in `code`, evaluated as the page would evaluate it (object literals of
 * strings, numbers, RegExps and comments; no references to other names).
 */
export function callArguments(code, callee) {
  const call = new RegExp(`${callee.replaceAll('.', '\\.')}\\((\\{[\\s\\S]*?\\})\\);`, 'g');
  return [...code.matchAll(call)].map((match) => new Function(`return (${match[1]});`)());
}

/** Every table of `markdown` as its header cells and row cells (trimmed, backticks kept; no cell may hold a `|`). */
export function tables(markdown) {
  const cells = (line) =>
    line
      .trim()
      .slice(1, -1)
      .split('|')
      .map((cell) => cell.trim());
  const found = [];
  let current;
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('|')) {
      current = undefined;
    } else if (!current) {
      current = { header: cells(line), rows: [] };
      found.push(current);
    } else if (!/^\|[\s|:-]+\|$/.test(line.trim())) {
      current.rows.push(cells(line));
    }
  }
  return found;
}

/** The `code` spans of a Markdown table cell. */
export const codeSpans = (cell) => [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1]);
