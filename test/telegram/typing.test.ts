// "typing…" only for a turn that takes long: a chat action on every update cost as much as the
// reply itself. The clock is vitest's, so nothing here depends on how fast the machine is.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { typingWhenSlow } from '../../adapters/telegram/deliver.js';

function recorder() {
  const calls: Array<{ chatId: number | string; action: string; threadId?: number }> = [];
  const api = {
    sendChatAction: async (chatId: number | string, action: string, other?: { message_thread_id?: number }) => {
      calls.push({ chatId, action, threadId: other?.message_thread_id });
      return true as const;
    },
  };
  return { api, calls };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('typingWhenSlow', () => {
  it('sends nothing when the replies are ready before the delay', () => {
    const { api, calls } = recorder();
    const stop = typingWhenSlow(api as never, { chatId: 7 }, 1000);
    vi.advanceTimersByTime(999);
    stop();
    vi.advanceTimersByTime(60_000);
    expect(calls).toEqual([]);
  });

  it('shows typing once the delay has passed, again while the turn still runs, and stops when told', () => {
    const { api, calls } = recorder();
    const stop = typingWhenSlow(api as never, { chatId: 7, threadId: 3 }, 1000);
    vi.advanceTimersByTime(1000);
    expect(calls).toEqual([{ chatId: 7, action: 'typing', threadId: 3 }]);
    vi.advanceTimersByTime(5000);
    expect(calls).toHaveLength(2);
    stop();
    vi.advanceTimersByTime(60_000);
    expect(calls).toHaveLength(2);
  });

  it('survives a failing chat action', async () => {
    const api = { sendChatAction: () => Promise.reject(new Error('network')) };
    const stop = typingWhenSlow(api as never, { chatId: 7 }, 10);
    vi.advanceTimersByTime(10);
    await Promise.resolve();
    stop();
  });
});
