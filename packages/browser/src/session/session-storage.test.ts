import { describe, expect, it } from 'vitest';
import { bestSessionStorage, cookieSessionStorage, localStorageSessionStorage } from './session-storage.js';

const state = { id: '5b0c1f7a-1f7a-4c51-a8e6-0123456789ab', created: 1_700_000_000_000, expires: 1_700_000_900_000 };

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
    storage.write({ ...state, previousId: '11111111-1111-4111-8111-111111111111' });
    expect(storage.read()).toEqual({ ...state, previousId: '11111111-1111-4111-8111-111111111111' });
    storage.clear();
    expect(storage.read()).toBeUndefined();
  });

  it('keeps an existing session cookie when it checks that cookies work', () => {
    const doc = fakeDocument(true);
    cookieSessionStorage(doc)!.write(state);
    expect(cookieSessionStorage(doc)!.read()).toEqual(state);
  });

  it('ignores a tampered cookie', () => {
    const doc = fakeDocument(true);
    doc.cookie = '_rumlink_s=not-a-uuid|1|2|';
    expect(cookieSessionStorage(doc)!.read()).toBeUndefined();
  });

  it('falls back from cookies to localStorage to memory', () => {
    expect(bestSessionStorage(fakeWindow({ cookies: true, localStorage: true })).kind).toBe('cookie');
    expect(bestSessionStorage(fakeWindow({ cookies: false, localStorage: true })).kind).toBe('localStorage');
    expect(bestSessionStorage(fakeWindow({ cookies: false, localStorage: false })).kind).toBe('memory');
    const storage = localStorageSessionStorage(fakeWindow({ cookies: false, localStorage: true }))!;
    storage.write(state);
    expect(storage.read()).toEqual(state);
    expect(localStorageSessionStorage(fakeWindow({ cookies: false, localStorage: true }))).toBeDefined();
  });

  it('keeps a session already in localStorage when it checks that storage works', () => {
    const win = fakeWindow({ cookies: false, localStorage: true });
    localStorageSessionStorage(win)!.write(state);
    expect(localStorageSessionStorage(win)!.read()).toEqual(state);
  });
});
