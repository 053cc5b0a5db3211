/**
 * Where the session lives: a first-party cookie (shared by every tab of the site), else localStorage (cookies
 * disabled), else memory (storage blocked: the session then lasts as long as the page). All three hold the same
 * text, `id|created|expires|previousId`.
 */

export interface SessionState {
  id: string;
  /** Epoch ms the session started. */
  created_: number;
  /** Epoch ms after which the session is over unless activity extends it. */
  expires_: number;
  previousId_?: string;
}

export interface SessionStorage {
  read_(): SessionState | undefined;
  write_(state: SessionState): void;
}

export const SESSION_KEY = '_rumlink_s';
const UUID = /^[\da-f]{8}(-[\da-f]{4}){3}-[\da-f]{12}$/;

/** Session storage over a store of named texts, if that store works: it can be disabled or blocked, so a probe
 *  entry of its own (never the session's, which another tab or the previous page may hold) is written and read back.
 *  Writing '' deletes an entry. */
function checkedStorage(
  get: (name: string) => string | null | undefined,
  set: (name: string, text: string) => void,
): SessionStorage | undefined {
  const probe = `${SESSION_KEY}_probe`;
  try {
    set(probe, '1');
    const works = get(probe) === '1';
    set(probe, '');
    if (works) {
      return {
        read_() {
          const [id = '', created, expires, previousId = ''] = (get(SESSION_KEY) ?? '').split('|');
          const state: SessionState = { id, created_: +created!, expires_: +expires! };
          if (UUID.test(previousId)) state.previousId_ = previousId;
          return UUID.test(id) && state.created_ > 0 && state.expires_ > 0 ? state : undefined;
        },
        write_: (state) =>
          set(SESSION_KEY, [state.id, state.created_, state.expires_, state.previousId_ ?? ''].join('|')),
      };
    }
  } catch {
    // disabled or blocked: the next storage is tried
  }
}

export function cookieSessionStorage(doc: Document): SessionStorage | undefined {
  const secure = doc.location?.protocol === 'https:' ? ';secure' : '';
  return checkedStorage(
    (name) => doc.cookie.match(`(?:^|;\\s*)${name}=([^;]*)`)?.[1],
    (name, text) => {
      doc.cookie = `${name}=${text};path=/;max-age=${text ? 14400 : 0};samesite=lax${secure}`;
    },
  );
}

/** Reading `localStorage` itself throws where storage is blocked: checkedStorage catches it like any other failure. */
export const localStorageSessionStorage = (win: Window): SessionStorage | undefined =>
  checkedStorage(
    (name) => win.localStorage.getItem(name),
    (name, text) => (text ? win.localStorage.setItem(name, text) : win.localStorage.removeItem(name)),
  );

export function memorySessionStorage(): SessionStorage {
  const texts = new Map<string, string>();
  return checkedStorage(
    (name) => texts.get(name),
    (name, text) => texts.set(name, text),
  )!;
}

export const bestSessionStorage = (win: Window): SessionStorage =>
  cookieSessionStorage(win.document) ?? localStorageSessionStorage(win) ?? memorySessionStorage();
