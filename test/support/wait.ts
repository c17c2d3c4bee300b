// Bounded waiting for tests: poll a condition until it holds or a deadline passes, with a message
// that says what never happened (instead of a fixed sleep that is too short on a busy machine and
// too long on an idle one).

/**
 * Resolves with the first truthy value of `check`, polled every `everyMs`; throws after `timeoutMs`
 * naming `what`. A check that throws counts as "not yet" (a server still starting, Redis away).
 *
 * @example const status = await waitFor('healthz 200', async () => (await fetch(url)).status === 200 || undefined, 10_000);
 */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs: number, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
  throw new Error(`${what}: not within ${timeoutMs} ms${why}`);
}
