/**
 * One box for any id: a trace id (32 or 16 hex), a session id or a RUM event id. Session and event ids share a
 * format (UUIDs), so the box asks the API which one exists, in that order, and goes there.
 */
import { useState } from 'preact/hooks';
import { ApiError, getApi } from '../api/client';
import { navigate } from '../routing/router';
import { rumEventHref, sessionHref, traceHref } from '../routing/routes';

const TRACE_ID = /^([0-9a-f]{32}|[0-9a-f]{16})$/i;

async function exists(path: string): Promise<boolean> {
  try {
    await getApi(path);
    return true;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 400)) return false;
    throw error;
  }
}

async function findPage(id: string): Promise<string | undefined> {
  const encoded = encodeURIComponent(id);
  if (TRACE_ID.test(id) && (await exists(`/traces/${encoded}`))) return traceHref(id.toLowerCase());
  if (await exists(`/sessions/${encoded}`)) return sessionHref(id);
  if (await exists(`/rum/events/${encoded}`)) return rumEventHref(id);
  return undefined;
}

export function SearchBox() {
  const [text, setText] = useState('');
  const [message, setMessage] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const id = text.trim();
    if (!id) return;
    setBusy(true);
    setMessage(undefined);
    try {
      const page = await findPage(id);
      if (page) {
        setText('');
        navigate(page);
      } else setMessage(`No session, trace or RUM event has the id ${id}.`);
    } catch (error) {
      setMessage(error instanceof ApiError ? `${error.code}: ${error.message}` : String(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <search class="search">
      <form onSubmit={onSubmit}>
        <label for="search-id" class="visually-hidden">
          Session, trace or RUM event id
        </label>
        <input
          id="search-id"
          type="search"
          placeholder="session, trace or event id"
          value={text}
          onInput={(event) => setText(event.currentTarget.value)}
          spellcheck={false}
          autocomplete="off"
        />
        <button type="submit" disabled={busy}>
          Go
        </button>
        {message && (
          <p class="search-message" role="alert">
            {message}
          </p>
        )}
      </form>
    </search>
  );
}
