/** The SDK's internal bus: collections publish, later stages subscribe. A failing subscriber never stops the others. */
export interface Observable<T> {
  subscribe(listener: (value: T) => void): () => void;
  notify(value: T): void;
}

export function createObservable<T>(onListenerError?: (error: unknown) => void): Observable<T> {
  const listeners = new Set<(value: T) => void>();
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    notify(value) {
      for (const listener of listeners) {
        try {
          listener(value);
        } catch (error) {
          onListenerError?.(error);
        }
      }
    },
  };
}
