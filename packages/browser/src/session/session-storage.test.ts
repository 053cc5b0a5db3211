import { describe, expect, it } from 'vitest';
import { bestSessionStorage, cookieSessionStorage, localStorageSessionStorage } from './session-storage.js';

const state = { id: '5b0c1f7a-1f7a-4c51-a8e6-0123456789ab', created_: 1_700_000_000_000, expires_: 1_700_000_900_000 };

/** A document whose cookie jar works like a browser's (name=value pairs) or ignores writes (cookies blocked). */
function fakeDocument(cookiesWork: boolean) {
  const jar = new Map<string, string>();
  return {
    location: { protocol: 'https:' },
    get cookie() {
      return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    },
    set cookie(text: string) {
      if (!cookiesWork) return;
      const [pair, ...attributes] = text.split(';');
      const [name, value] = pair!.split('=') as [string, string];
      if (attributes.some((attribute) => attribute.trim() === 'max-age=0')) jar.delete(name);
      else jar.set(name, value);
    },
  } as unknown as Document;
}

function fakeWindow(options: { cookies: boolean; localStorage: boolean }) {
  const items = new Map<string, string>();
  const localStorage = {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => items.set(key, value),
    removeItem: (key: string) => items.delete(key),
  };
  return {
    document: fakeDocument(options.cookies),
    get localStorage() {
      if (!options.localStorage) throw new DOMException('denied', 'SecurityError');
      return localStorage;
    },
  } as unknown as Window;
}

describe('session storage', () => {
  it('round-trips a session through the cookie', () => {
    const storage = cookieSessionStorage(fakeDocument(true))!;
    storage.write_({ ...state, previousId_: '11111111-1111-4111-8111-111111111111' });
    expect(storage.read_()).toEqual({ ...state, previousId_: '11111111-1111-4111-8111-111111111111' });
  });

  it('keeps an existing session cookie when it checks that cookies work', () => {
    const doc = fakeDocument(true);
    cookieSessionStorage(doc)!.write_(state);
    expect(cookieSessionStorage(doc)!.read_()).toEqual(state);
  });

  it('ignores a tampered cookie', () => {
    const doc = fakeDocument(true);
    doc.cookie = '_rumlink_s=not-a-uuid|1|2|';
    expect(cookieSessionStorage(doc)!.read_()).toBeUndefined();
  });

  it('falls back from cookies to localStorage to memory', () => {
    // Where each choice writes: the cookie jar, else localStorage, else neither (memory).
    const wherePersisted = (options: { cookies: boolean; localStorage: boolean }) => {
      const win = fakeWindow(options);
      bestSessionStorage(win).write_(state);
      const inCookie = win.document.cookie.includes(state.id);
      const inLocalStorage = options.localStorage && win.localStorage.getItem('_rumlink_s')?.includes(state.id);
      return inCookie ? 'cookie' : inLocalStorage ? 'localStorage' : 'memory';
    };
    expect(wherePersisted({ cookies: true, localStorage: true })).toBe('cookie');
    expect(wherePersisted({ cookies: false, localStorage: true })).toBe('localStorage');
    expect(wherePersisted({ cookies: false, localStorage: false })).toBe('memory');
    const storage = localStorageSessionStorage(fakeWindow({ cookies: false, localStorage: true }))!;
    storage.write_(state);
    expect(storage.read_()).toEqual(state);
    expect(localStorageSessionStorage(fakeWindow({ cookies: false, localStorage: true }))).toBeDefined();
  });

  it('keeps a session already in localStorage when it checks that storage works', () => {
    const win = fakeWindow({ cookies: false, localStorage: true });
    localStorageSessionStorage(win)!.write_(state);
    expect(localStorageSessionStorage(win)!.read_()).toEqual(state);
  });
});
