/**
 * `startRumlink` options from the standard OpenTelemetry environment variables (plus `RUMLINK_BAGGAGE_KEYS`), for
 * `node --import @rumlink/node/register`. Pure: takes the environment as a parameter. Errors name the variable and
 * never echo a header value (those carry credentials).
 */
import { BaggageKeyFilter } from '../baggage/baggage-keys.js';
import { PROPAGATOR_NAMES, type PropagatorName } from '../propagation/propagators.js';
import { invalidOption } from './config-error.js';
import { otlpUrls, type RumlinkOptions } from './rumlink-options.js';

export type Environment = Readonly<Record<string, string | undefined>>;

/** @throws RumlinkConfigError naming the variable that is wrong. */
export function optionsFromEnvironment(env: Environment): RumlinkOptions {
  const resourceAttributes = keyValueList(env, 'OTEL_RESOURCE_ATTRIBUTES');
  const headers = keyValueList(env, 'OTEL_EXPORTER_OTLP_HEADERS');
  const endpoint = value(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  if (endpoint !== undefined) otlpUrls(endpoint, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  const baggageKeys = list(env, 'RUMLINK_BAGGAGE_KEYS');
  if (baggageKeys !== undefined) new BaggageKeyFilter(baggageKeys, 'RUMLINK_BAGGAGE_KEYS');
  // OpenTelemetry's default when no service name is configured.
  const serviceName = value(env, 'OTEL_SERVICE_NAME') ?? resourceAttributes['service.name'] ?? 'unknown_service:node';
  return {
    serviceName,
    ...(endpoint !== undefined && { endpoint }),
    headers,
    ...(baggageKeys !== undefined && { baggageKeys }),
    ...propagators(env),
    resourceAttributes,
  };
}

function propagators(env: Environment): Pick<RumlinkOptions, 'propagators'> {
  const names = list(env, 'OTEL_PROPAGATORS');
  if (names === undefined) return {};
  // OpenTelemetry spec: "none" turns propagation off.
  if (names.includes('none')) return { propagators: [] };
  for (const name of names) {
    if (!(PROPAGATOR_NAMES as readonly string[]).includes(name)) {
      throw invalidOption(
        'OTEL_PROPAGATORS',
        `${JSON.stringify(name)} is not supported`,
        `Use a comma-separated list of ${PROPAGATOR_NAMES.join(', ')} (or none)`,
      );
    }
  }
  return { propagators: names as PropagatorName[] };
}

const value = (env: Environment, name: string): string | undefined => env[name]?.trim() || undefined;

const list = (env: Environment, name: string): string[] | undefined =>
  value(env, name)
    ?.split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

/** `key=value,key2=value2` with percent-encoded values (OpenTelemetry SDK environment variables spec). */
function keyValueList(env: Environment, name: string): Record<string, string> {
  const result: Record<string, string> = {};
  (list(env, name) ?? []).forEach((item, index) => {
    const equals = item.indexOf('=');
    const key = item.slice(0, Math.max(equals, 0)).trim();
    let decoded: string | undefined;
    try {
      decoded = equals > 0 ? decodeURIComponent(item.slice(equals + 1).trim()) : undefined;
    } catch {}
    if (key === '' || decoded === undefined) {
      throw invalidOption(
        name,
        `item ${index + 1} is not key=value with a percent-encoded value`,
        'Write key=value pairs separated by commas, e.g. key1=value1,key2=value%20two',
      );
    }
    result[key] = decoded;
  });
  return result;
}
