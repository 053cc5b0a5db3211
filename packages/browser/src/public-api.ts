/**
 * The `rumlink` object pages use. Every method is safe to call at any time (before `init`, after `stop`, with bad
 * arguments): it reports misuse once on the console and never throws into the page.
 */
import { type Shape, validate } from './config/schema.js';
import { createReporter, guarded, type Report, type Reporter } from './reporter.js';
import { startTracingCore, type TracingConfig, type TracingCore } from './tracing-core.js';

export interface RumlinkPublicApi<Init> {
  init(config: Init): void;
  /** The current session id, when the session is tracked. */
  getSessionId(): string | undefined;
  setBaggageItem(key: string, value: string): void;
  removeBaggageItem(key: string): void;
  /** Attributes of the session's events; keys listed in `baggage.allowedKeys` also travel in baggage. */
  setAttributes(attributes: Record<string, string | number | boolean>): void;
  stop(): void;
  readonly version: string;
}

/** The options of an entry; internal, hence the `_` (bundles.mjs mangles such names). */
export function makePublicApi<Init, S extends Shape>(options: {
  shape_: S;
  /** Starts what the entry adds on top of the tracing core (RUM collection); returns its stop function. */
  startExtras_?: (
    config: TracingConfig,
    core: TracingCore,
    reporter: Reporter,
    attributes: Map<string, string>,
  ) => () => void;
  /** Receives every report the console shows (telemetry, tests). */
  onReport_?: (report: Report) => void;
  /** The SDK's debug channel, when the entry needs it too; otherwise one is made with `onReport`. */
  reporter_?: Reporter;
}): RumlinkPublicApi<Init> {
  const reporter = options.reporter_ ?? createReporter(options.onReport_);
  const baggageItems = new Map<string, string>();
  const attributes = new Map<string, string>();
  /** The running SDK, between init and stop. */
  let core: TracingCore | undefined;
  let stopExtras: (() => void) | undefined;

  return {
    version: '0.1.0',
    init(config) {
      guarded(reporter, () => {
        if (core) return reporter.configError_('init() was called twice; the first configuration stays');
        const result = validate(options.shape_, config) as TracingConfig | string;
        if (typeof result === 'string') return reporter.configError_(`${result}; rumlink is not started`);
        core = startTracingCore(result, window, reporter, baggageItems, attributes);
        stopExtras = options.startExtras_?.(result, core, reporter, attributes);
      });
    },
    getSessionId() {
      return guarded(reporter, () => {
        const session = core?.sessions_();
        return session?.tracked_ ? session.id : undefined;
      });
    },
    setBaggageItem(key, value) {
      if (typeof key !== 'string' || typeof value !== 'string') {
        return reporter.configError_('setBaggageItem(key, value) takes two strings');
      }
      baggageItems.set(key, value);
    },
    removeBaggageItem(key) {
      baggageItems.delete(key);
    },
    setAttributes(values) {
      if (typeof values !== 'object' || values === null) {
        return reporter.configError_('setAttributes() takes an object');
      }
      for (const [key, value] of Object.entries(values)) {
        if (value === null || value === undefined) attributes.delete(key);
        else attributes.set(key, String(value));
      }
    },
    stop() {
      guarded(reporter, () => {
        stopExtras?.();
        core?.stop_();
      });
      core = stopExtras = undefined;
    },
  };
}
