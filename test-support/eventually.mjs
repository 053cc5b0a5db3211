/**
 * Polls until `check` returns a truthy value and returns it: data lands when exporters and SDKs flush and once the
 * intake acknowledged it, so tests wait on the condition itself, never on a fixed sleep. The timeout only matters when
 * the condition never comes, and then the error names what was awaited.
 */
export async function eventually(check, what, timeoutMs = 20_000) {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
