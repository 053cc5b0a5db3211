/**
 * What the shop page learns from the server that rendered it: where the api, the third party and the rumlink
 * intake are, and the rumlink application. Pure (no Node, no DOM), so the page's code reads the same type.
 */
export type PropagatorType = 'tracecontext' | 'datadog' | 'b3' | 'b3multi';

export interface ShopPageConfig {
  apiUrl: string;
  thirdPartyUrl: string;
  rumlink: {
    /** The rumlink intake base URL (RUM events go to `<endpoint>/rum/v1/events`). */
    endpoint: string;
    applicationId: string;
    clientToken: string;
    service: string;
    env: string;
    version: string;
    propagatorTypes: PropagatorType[];
    sessionSampleRate: number;
    traceSampleRate: number;
  };
}

export const CONFIG_ELEMENT_ID = 'shop-config';
const PROPAGATOR_TYPES: readonly string[] = ['tracecontext', 'datadog', 'b3', 'b3multi'];

/**
 * Per-page overrides of the SDK options, from the page URL (`?propagatorTypes=datadog,b3&traceSampleRate=50`), so
 * one running shop can be driven with each configuration. Invalid values are reported, not ignored.
 */
export function pageOverrides(query: URLSearchParams): Partial<ShopPageConfig['rumlink']> | { error: string } {
  const overrides: Partial<ShopPageConfig['rumlink']> = {};
  const propagators = query.get('propagatorTypes');
  if (propagators !== null) {
    const list = propagators.split(',').filter(Boolean);
    if (list.length === 0 || !list.every((type) => PROPAGATOR_TYPES.includes(type))) {
      return { error: `propagatorTypes must be a comma-separated list of ${PROPAGATOR_TYPES.join(', ')}` };
    }
    overrides.propagatorTypes = list as PropagatorType[];
  }
  for (const name of ['sessionSampleRate', 'traceSampleRate'] as const) {
    const value = query.get(name);
    if (value === null) continue;
    const rate = Number(value);
    if (value === '' || !Number.isFinite(rate) || rate < 0 || rate > 100) {
      return { error: `${name} must be a number from 0 to 100` };
    }
    overrides[name] = rate;
  }
  return overrides;
}

/**
 * The config as a JSON script element. JSON inside <script> ends at the first `</script`, and `<!--` changes how
 * the HTML parser reads it, so `<`, `>` and `&` are escaped as JSON unicode escapes (U+2028/2029 too, for
 * older parsers); JSON.parse reads them back unchanged.
 */
export function configScriptElement(config: ShopPageConfig): string {
  const json = JSON.stringify(config).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `<script type="application/json" id="${CONFIG_ELEMENT_ID}">${json}</script>`;
}
