// What a channel vouches for is its own declaration, not the engine's knowledge: two small channels
// built on the contract right here (a kiosk's webhook, over real HTTP, on the test Redis) send the
// same "shared contact" with the order's phone; only the one that declares it vouches for phones
// gets the order shown. The same test shows how little a channel needs.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, Vouches } from '../../src/channel/index.js';
import type { Outbound } from '../../src/engine/index.js';
import { startServer, type Running } from '../../src/server/serve.js';
import { testConfig } from '../support/server.js';

interface KioskMessage {
  id: string;
  user: string;
  text?: string;
  /** The phone the kiosk read from the customer's card. */
  phone?: string;
}

const inboxes = new Map<string, string[]>();

/** A channel in one object: its route, its declaration, how a payload becomes an activity, delivery. */
function kiosk(name: string, vouches: Vouches): Channel<{ path: string }> {
  return {
    name,
    routes: [{ method: 'POST', path: `/${name}/webhook`, purpose: 'kiosk messages' }],
    vouches,
    limits: () => ({ maxTextLength: 500 }),
    settings: () => ({ path: `/${name}/webhook` }),
    mount(ports) {
      ports.http.post(ports.settings.path, async (request) => ({ outcome: (await ports.receive(request.body)).outcome }));
      return {
        read(payload) {
          const m = payload as KioskMessage;
          const channelData = m.phone ? { sharedContact: true, verifiedPhone: m.phone } : undefined;
          const activity = { type: 'message' as const, id: m.id, channelId: name, from: { id: m.user }, conversation: { id: m.user }, text: m.text ?? '', channelData };
          return { kind: 'activities', items: [{ activity, target: m.user }] };
        },
        async deliver(user: string, replies: Outbound[]) {
          const inbox = inboxes.get(`${name}:${user}`) ?? [];
          inbox.push(...replies.filter((r) => r.type === 'message').map((r) => r.text ?? ''));
          inboxes.set(`${name}:${user}`, inbox);
          return replies.length;
        },
      };
    },
  };
}

let server: Running;
beforeAll(async () => {
  server = await startServer(testConfig(), {
    channels: {
      kiosk: kiosk('kiosk', { phone: 'own-contact', typedPhoneProves: false }),
      lobby: kiosk('lobby', { typedPhoneProves: false }),
    },
  });
}, 60_000);
afterAll(async () => server?.stop());

async function say(channel: string, user: string, message: Omit<KioskMessage, 'id' | 'user'>): Promise<string> {
  const response = await fetch(`${server.url}/${channel}/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: randomUUID(), user, ...message }) });
  expect(response.status).toBe(200);
  return inboxes.get(`${channel}:${user}`)?.at(-1) ?? '';
}

describe('a channel vouches for what it declares', () => {
  it('shows the order to the customer whose phone a vouching channel proves', async () => {
    const user = randomUUID();
    expect(await say('kiosk', user, { text: 'سفارش ۱۰۴۰۱ کجاست؟' })).not.toContain('تحویل داده شده');
    expect(await say('kiosk', user, { phone: '09123847561' })).toContain('تحویل داده شده');
  });

  it('drops a phone "proof" from a channel that vouches for none, and shows nothing', async () => {
    const user = randomUUID();
    await say('lobby', user, { text: 'سفارش ۱۰۴۰۱ کجاست؟' });
    const answer = await say('lobby', user, { phone: '09123847561' });
    expect(answer).not.toContain('تحویل داده شده');
    expect(answer).toContain('شماره‌ی خودتان');
  });

  it('counts a typed phone only where the channel says typed phones prove anything', async () => {
    const user = randomUUID();
    await say('lobby', user, { text: 'سفارش ۱۰۴۰۱ کجاست؟' });
    expect(await say('lobby', user, { text: '09123847561' })).not.toContain('تحویل داده شده');
  });
});
