/** Loading, error and empty states around one API read, so every page says the same thing the same way. */
import type { ComponentChildren } from 'preact';
import type { ApiError } from '../api/client';
import type { ApiState } from '../api/use-api';

export function Loading(props: { what: string }) {
  return (
    <p class="notice" role="status">
      Loading {props.what}…
    </p>
  );
}

export function ErrorNotice(props: { error: ApiError }) {
  return (
    <p class="notice error" role="alert">
      <strong>{props.error.code}</strong>: {props.error.message}
    </p>
  );
}

export function EmptyNotice(props: { children: ComponentChildren }) {
  return <p class="notice empty">{props.children}</p>;
}

export function ApiView<T>(props: { state: ApiState<T>; what: string; children: (data: T) => ComponentChildren }) {
  const { state } = props;
  if (state.status === 'loading') return <Loading what={props.what} />;
  if (state.status === 'error') return <ErrorNotice error={state.error} />;
  return <>{props.children(state.data)}</>;
}
