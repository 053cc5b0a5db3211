/**
 * Where a Datadog browser SDK request is going and who sent it.
 *
 * With `proxy: 'https://app.example.com/dd'` the SDK (v7, `buildEndpointUrl` in @datadog/js-core/esm/transport/
 * endpointBuilder.mjs) posts to `https://app.example.com/dd?ddforward=<encodeURIComponent(path + '?' + params)>`,
 * where path is `/api/v2/{rum|logs|replay}` and params are
 * `ddsource=browser&dd-api-key=<clientToken>&dd-evp-origin-version=7.16.2&dd-evp-origin=browser&dd-request-id=<uuid>`
 * plus `dd-evp-encoding=deflate` when the body is compressed and, on the rum track, `batch_time` and `_dd.api`.
 * The client token therefore travels only inside `ddforward`: the SDK sets no header at all (its requests are CORS
 * "simple" fetch/sendBeacon calls), and the body's Content-Type is `text/plain` even when it is deflated.
 * Without a proxy the same path and params go to the intake host directly, which this also accepts.
 */
import { BoundaryError } from '../../errors.js';

export type DatadogTrack = 'rum' | 'logs' | 'replay';

export interface DatadogRequest {
  track: DatadogTrack;
  /** `dd-api-key`: the SDK's public client token (`pub…`), which the route checks against the application. */
  clientToken: string;
  /** `deflate` when `dd-evp-encoding=deflate` (zlib stream, RUM with `compressIntakeRequests`). */
  encoding: 'deflate' | 'identity';
  /** `dd-request-id`, a fresh UUID per attempt (retries get a new one). */
  requestId?: string;
  /** `batch_time` (rum track): the page's clock when it sent the batch, epoch milliseconds, as sent. */
  batchTime?: string;
}

type Query = Record<string, string | string[] | undefined>;
type Params = (name: string) => string | undefined;

const TRACK_PATH = /\/api\/v2\/(rum|logs|replay)\/?$/;
const ANY_TRACK_PATH = /\/api\/v2\/([^/?]+)\/?$/;
/** Printable ASCII without spaces; Datadog client tokens are `pub` + 32 hex. */
const TOKEN = /^[\x21-\x7e]{1,256}$/;

export function parseDatadogRequest(path: string, query: Query, headers: Query): DatadogRequest {
  const queryStart = path.indexOf('?');
  const pathname = queryStart === -1 ? path : path.slice(0, queryStart);
  const pathQuery = new URLSearchParams(queryStart === -1 ? '' : path.slice(queryStart + 1));
  const outer: Params = (name) =>
    Object.hasOwn(query, name) ? single(query[name], name) : searchParam(pathQuery, name);

  const forward = outer('ddforward');
  const target = forward === undefined ? { pathname, params: outer } : parseForward(forward);
  const track = trackOf(target.pathname, forward !== undefined);

  const clientToken = target.params('dd-api-key') ?? single(header(headers, 'dd-api-key'), 'dd-api-key header');
  if (!clientToken) {
    throw new BoundaryError(
      'unauthorized',
      'missing client token: the Datadog SDK sends it as dd-api-key inside the ddforward parameter; set clientToken in DD_RUM.init / DD_LOGS.init',
    );
  }
  if (!TOKEN.test(clientToken)) {
    throw new BoundaryError(
      'unauthorized',
      'malformed client token (dd-api-key): expected at most 256 printable characters',
    );
  }

  const requestId = target.params('dd-request-id');
  const batchTime = target.params('batch_time');
  return {
    track,
    clientToken,
    encoding: encodingOf(
      target.params('dd-evp-encoding'),
      single(header(headers, 'content-encoding'), 'Content-Encoding'),
    ),
    ...(requestId ? { requestId } : {}),
    ...(batchTime === undefined ? {} : { batchTime }),
  };
}

function parseForward(forward: string): { pathname: string; params: Params } {
  if (!forward.startsWith('/api/v2/')) {
    throw new BoundaryError(
      'bad_request',
      `ddforward must be the intake path the Datadog SDK builds (/api/v2/rum?ddsource=browser&dd-api-key=…), got "${forward.slice(0, 80)}"`,
    );
  }
  let url: URL;
  try {
    url = new URL(forward, 'http://ddforward.invalid');
  } catch {
    throw new BoundaryError('bad_request', 'ddforward is not a valid URL path');
  }
  return { pathname: url.pathname, params: (name) => searchParam(url.searchParams, name) };
}

function trackOf(pathname: string, forwarded: boolean): DatadogTrack {
  const track = TRACK_PATH.exec(pathname)?.[1];
  if (track === 'rum' || track === 'logs' || track === 'replay') return track;
  const other = ANY_TRACK_PATH.exec(pathname)?.[1];
  if (other) {
    throw new BoundaryError(
      'bad_request',
      `Datadog track "${other.slice(0, 40)}" is not accepted: rumlink takes /api/v2/rum, /api/v2/logs and /api/v2/replay`,
    );
  }
  throw new BoundaryError(
    'bad_request',
    forwarded
      ? 'ddforward does not name a Datadog intake track (/api/v2/rum, /api/v2/logs or /api/v2/replay)'
      : 'not a Datadog SDK request: expected a ddforward parameter (the SDK proxy option) or a path ending in /api/v2/rum, /api/v2/logs or /api/v2/replay',
  );
}

function encodingOf(evpEncoding: string | undefined, contentEncoding: string | undefined): DatadogRequest['encoding'] {
  if (evpEncoding !== undefined && evpEncoding !== 'deflate') {
    throw new BoundaryError(
      'unsupported_encoding',
      `dd-evp-encoding=${evpEncoding.slice(0, 40)} is not supported: the Datadog SDK compresses with deflate`,
    );
  }
  const content = contentEncoding?.trim().toLowerCase() ?? '';
  if (content !== '' && content !== 'identity' && content !== 'deflate') {
    throw new BoundaryError(
      'unsupported_encoding',
      `Content-Encoding ${content.slice(0, 40)} is not supported: send the body as the SDK does (deflate, signalled by dd-evp-encoding=deflate)`,
    );
  }
  return evpEncoding === 'deflate' || content === 'deflate' ? 'deflate' : 'identity';
}

function single(value: string | string[] | undefined, name: string): string | undefined {
  if (!Array.isArray(value)) return value;
  if (value.length > 1) throw new BoundaryError('bad_request', `${name} is given ${value.length} times; expected once`);
  return value[0];
}

function searchParam(params: URLSearchParams, name: string): string | undefined {
  const values = params.getAll(name);
  return single(values.length === 0 ? undefined : values, name);
}

function header(headers: Query, name: string): string | string[] | undefined {
  if (Object.hasOwn(headers, name)) return headers[name];
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}
