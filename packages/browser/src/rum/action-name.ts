/**
 * A readable name for the element a user clicked, that never leaks what the privacy level hides:
 * - `data-rumlink-action-name` on the element or an ancestor always wins (the developer chose it);
 * - input values and editable text are never read, at any level (a button-like input's label is: it is not input);
 * - under `mask`, or inside an element marked `data-rumlink-privacy="mask"` (or class `rumlink-mask`), no text of
 *   the page is used: the name is MASKED;
 * - otherwise: aria-label, aria-labelledby, title, alt, then the visible text, skipping masked descendants and
 *   form fields; whitespace collapsed, at most MAX_LENGTH characters.
 */
import type { PrivacyLevel } from './rum-config.js';

export const MASKED = 'Masked element';
const MAX_LENGTH = 100;
const MASK_SELECTOR = '[data-rumlink-privacy="mask"],.rumlink-mask';
const INTERACTIVE =
  'a,button,input,select,textarea,label,summary,[role="button"],[role="link"],[role="menuitem"],[role="tab"],[role="checkbox"],[role="option"],[onclick]';
const FIELDS = new Set(['INPUT', 'SELECT', 'TEXTAREA', 'SCRIPT', 'STYLE', 'NOSCRIPT']);
const BUTTON_TYPES = new Set(['button', 'submit', 'reset']);

const clean = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX_LENGTH);

/** Form fields, editable regions (their text is what the user typed) and masked elements give no text. */
const isHidden = (element: HTMLElement) =>
  FIELDS.has(element.tagName) || element.isContentEditable || element.matches(MASK_SELECTOR);

/** Text of the element a user sees, without form field contents and without masked parts. */
function visibleText(node: Node): string {
  let text = '';
  for (const child of node.childNodes) {
    if (child.nodeType === 3) text += child.nodeValue;
    else if (child.nodeType === 1 && !isHidden(child as HTMLElement)) text += ` ${visibleText(child)} `;
    if (text.length > MAX_LENGTH * 4) break;
  }
  return text;
}

export function actionName(target: Element, privacy: PrivacyLevel): string {
  const named = target.closest('[data-rumlink-action-name]');
  if (named) return clean(named.getAttribute('data-rumlink-action-name'));
  const element = target.closest(INTERACTIVE) ?? target;
  if (privacy === 'mask' || element.closest(MASK_SELECTOR)) return MASKED;

  const attribute = (name: string) => clean(element.getAttribute(name));
  const labelledBy = (element.getAttribute('aria-labelledby') ?? '')
    .split(/\s+/)
    .map((id) => (id ? element.ownerDocument.getElementById(id) : null))
    .filter((label): label is HTMLElement => !!label && !label.closest(MASK_SELECTOR))
    .map(visibleText)
    .join(' ');
  const input = element as HTMLInputElement;
  const fieldLabel = isHidden(input)
    ? BUTTON_TYPES.has(input.type)
      ? input.value
      : Array.from(input.labels ?? [], visibleText).join(' ') || input.placeholder
    : visibleText(element);
  return (
    attribute('aria-label') ||
    clean(labelledBy) ||
    attribute('title') ||
    attribute('alt') ||
    clean(fieldLabel) ||
    element.tagName.toLowerCase()
  );
}
