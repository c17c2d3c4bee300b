// The one translation of a failed Redis call for every Redis-backed store (state, handoff queue,
// console sessions): the store's own refusals pass through, anything else means "unreachable".
import { PasokhError, StoreUnavailableError } from '../errors.js';

/**
 * Runs a Redis call, turning connection failures into StoreUnavailableError (HTTP 503).
 *
 * @example
 * const value = await guarded(() => client.get(key));
 */
export async function guarded<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof PasokhError) throw error;
    throw new StoreUnavailableError(error);
  }
}
