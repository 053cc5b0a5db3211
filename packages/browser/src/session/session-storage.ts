/**
 * Where the session lives: a first-party cookie (shared by every tab of the site), else localStorage (cookies
 * disabled), else memory (storage blocked: the session then lasts as long as the page). All three hold the same
 * text, `id|created|expires|previousId`.
 */

export interface SessionState {
  id: string;
  /** Epoch ms the session started. */
  created: number;
  /** Epoch ms after which the session is over unless activity extends it. */
  expires: number;
  previousId?: string;
}

export interface SessionStorage {
  readonly kind: 'cookie' | 'localStorage' | 'memory';
  read(): SessionState | undefined;
  write(state: SessionState): void;
  clear(): void;
}

export const SESSION_KEY = '_rumlink_s';
const UUID = /^[\da-f]{8}(-[\da-f]{4}){3}-[\da-f]{12}$/;

function textStorage(
  kind: SessionStorage['kind'],
  get: () => string | null | undefined,
  set: (text: string) => void,
): SessionStorage {
  return {
    kind,
    read() {
      const [id = '', created, expires, previousId] = (get() ?? '').split('|');
      const state: SessionState = { id, created: Number(created), expires: Number(expires) };
      if (previousId && UUID.test(previousId)) state.previousId = previousId;
      return UUID.test(id) && state.created > 0 && state.expires > 0 ? state : undefined;
    },
    write: (state) => set([state.id, state.created, state.expires, state.previousId ?? ''].join('|')),
    clear: () => set(''),
  };
}

export function cookieSessionStorage(doc: Document): SessionStorage | undefined {
  const secure = doc.location?.protocol === 'https:' ? ';secure' : '';
  const set = (name: string, value: string) => {
    doc.cookie = `${name}=${value};path=/;max-age=${value ? 14400 : 0};samesite=lax${secure}`;
  };
  const get = (name: string) => new RegExp(`(?:^|;\\s*)${name}=([^;]*)`).exec(doc.cookie)?.[1];
  // Cookies can be disabled or blocked: a probe cookie of its own (never the session cookie, which another tab or
  // the previous page may hold) is written and read back.
  const probe = `${SESSION_KEY}_probe`;
  try {
    set(probe, '1');
    const works = get(probe) === '1';
    set(probe, '');
    if (!works) return undefined;
  } catch {
    return undefined;
  }
  return textStorage(
    'cookie',
    () => get(SESSION_KEY),
    (text) => set(SESSION_KEY, text),
  );
}

export function localStorageSessionStorage(win: Window): SessionStorage | undefined {
  try {
    const storage = win.localStorage;
    const probe = `${SESSION_KEY}_probe`;
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return textStorage(
      'localStorage',
      () => storage.getItem(SESSION_KEY),
      (text) => storage.setItem(SESSION_KEY, text),
    );
  } catch {
    return undefined;
  }
}

export function memorySessionStorage(): SessionStorage {
  let saved = '';
  return textStorage(
    'memory',
    () => saved,
    (text) => {
      saved = text;
    },
  );
}

export function bestSessionStorage(win: Window): SessionStorage {
  return cookieSessionStorage(win.document) ?? localStorageSessionStorage(win) ?? memorySessionStorage();
}
