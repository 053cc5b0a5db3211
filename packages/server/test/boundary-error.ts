import { BoundaryError } from '../src/errors.js';

/** The BoundaryError a promise rejects with; fails the test when it resolves or rejects with anything else. */
export async function rejection(promise: Promise<unknown>): Promise<BoundaryError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof BoundaryError)) throw new Error(`expected a BoundaryError, got ${String(error)}`);
  return error;
}
