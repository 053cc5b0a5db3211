/**
 * The query API key, when the server has one. Kept in sessionStorage: it survives reloads and deep links within
 * the tab, and is gone when the tab closes. `needed` turns true when the server answered 401, which shows the
 * prompt; entering a key bumps `version`, which makes every open view fetch again.
 */
const STORAGE_KEY = 'rumlink.apiKey';

export interface ApiKeyState {
  key: string | undefined;
  needed: boolean;
  version: number;
}

function readStoredKey(): string | undefined {
  try {
    return sessionStorage.getItem(STORAGE_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

let state: ApiKeyState = { key: readStoredKey(), needed: false, version: 0 };
const listeners = new Set<() => void>();

function update(next: ApiKeyState): void {
  state = next;
  for (const listener of listeners) listener();
}

export const apiKey = {
  get: (): ApiKeyState => state,
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  /** The server refused the key we sent (or we sent none). */
  rejected(): void {
    if (!state.needed) update({ ...state, needed: true });
  },
  set(key: string): void {
    try {
      sessionStorage.setItem(STORAGE_KEY, key);
    } catch {
      // Storage may be disabled; the key then lasts until reload.
    }
    update({ key, needed: false, version: state.version + 1 });
  },
};
