/** `useApi(path)`: the state of one API read, fetched again when the path or the API key changes. */
import { useEffect, useState } from 'preact/hooks';
import { apiKey } from './api-key';
import { ApiError, getApi } from './client';

export type ApiState<T> = { status: 'loading' } | { status: 'error'; error: ApiError } | { status: 'ok'; data: T };

export function useApiKeyState() {
  const [state, setState] = useState(apiKey.get());
  useEffect(() => apiKey.subscribe(() => setState(apiKey.get())), []);
  return state;
}

/** `path` undefined means "nothing to fetch yet". */
export function useApi<T>(path: string | undefined): ApiState<T> {
  const { version } = useApiKeyState();
  const [state, setState] = useState<ApiState<T>>({ status: 'loading' });
  useEffect(() => {
    if (path === undefined) return;
    const controller = new AbortController();
    setState({ status: 'loading' });
    getApi<T>(path, controller.signal).then(
      (data) => setState({ status: 'ok', data }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState({
          status: 'error',
          error: error instanceof ApiError ? error : new ApiError(0, 'client', String(error)),
        });
      },
    );
    return () => controller.abort();
  }, [path, version]);
  return state;
}
