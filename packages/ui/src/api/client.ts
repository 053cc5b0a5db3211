/** The only code that calls the query API: adds the API key, and turns `{ error: { code, message } }` into ApiError. */
import { apiKey } from './api-key';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function errorOf(status: number, body: unknown): ApiError {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (typeof error?.code === 'string' && typeof error.message === 'string') {
    return new ApiError(status, error.code, error.message);
  }
  return new ApiError(status, 'http_error', `the server answered HTTP ${status}`);
}

/** GET `/api/v1<path>` as JSON. */
export async function getApi<T>(path: string, signal?: AbortSignal): Promise<T> {
  const { key } = apiKey.get();
  const headers: Record<string, string> = { accept: 'application/json' };
  if (key) headers.authorization = `Bearer ${key}`;
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, { headers, signal: signal ?? null });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'unreachable', 'the rumlink server did not answer; is it running?');
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.status === 401) apiKey.rejected();
  if (!response.ok) throw errorOf(response.status, body);
  return body as T;
}

/** Builds a query string from the parameters that have a value. */
export function queryString(parameters: Record<string, string | number | boolean | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) {
    if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
