/**
 * URLs from RUM events are attacker-controlled. Only http: and https: URLs may ever become an `href`; anything else
 * (`javascript:`, `data:`, `vbscript:`, unparsable text) is shown as text by the caller.
 */
export function safeExternalHref(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    // The URL parser strips the leading/trailing whitespace and control characters that browsers ignore too, so
    // " JaVaScRiPt:…" is recognised as what a browser would run.
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
