// What the server writes to its log and to /metrics: no session tokens, webhook secrets or bot
// tokens, and customers' mobile, card, Sheba and national ID numbers masked.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readConfig } from '../../src/config.js';
import { createMetrics } from '../../src/metrics.js';
import { maskPersonalData, maskQuoted, redactUrl } from '../../src/security/mask.js';
import { startServer, type Running } from '../../compose/serve.js';
import { startBotApiStandIn, type BotApiStandIn } from '../support/bot-api-stand-in.js';
import { textUpdate } from '../support/telegram-updates.js';

const BOT_TOKEN = '5012345678:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0';
const PATH_SECRET = 'bale-path-secret_7f3a9c';
let api: BotApiStandIn;
let server: Running;
const lines: string[] = [];

beforeAll(async () => {
  api = await startBotApiStandIn({ token: BOT_TOKEN });
  server = await startServer(
    readConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      // Requests are logged at debug.
      LOG_LEVEL: 'debug',
      REDIS_URL: inject('redisUrl'),
      REDIS_PREFIX: `lm-${randomUUID().slice(0, 6)}:`,
      WIDGET_SECRET: 'widget-secret-for-tests-0123456789',
      BALE_BOT_TOKEN: BOT_TOKEN,
      BALE_API_ROOT: api.url,
      BALE_WEBHOOK_SECRET: PATH_SECRET,
    }),
    { logStream: { write: (line: string) => void lines.push(line) } },
  );
});
afterAll(async () => {
  await server?.stop();
  await api?.close();
});

describe('the request log', () => {
  it('prints neither the widget stream token nor the Bale path secret nor the bot token', async () => {
    const session = (await (await fetch(`${server.url}/api/web/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as { token: string };
    const stream = await fetch(`${server.url}/api/web/stream?token=${encodeURIComponent(session.token)}&after=0`);
    await stream.body?.cancel();
    const update = await fetch(`${server.url}/bale/webhook/${PATH_SECRET}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(textUpdate('سلام')) });
    expect(update.status).toBe(200);
    // A misspelt path is still the same route, and its secret still stays out of the log.
    await fetch(`${server.url}/bale/%77ebhook/${PATH_SECRET}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(textUpdate('سلام')) });

    const log = lines.join('');
    expect(log).toContain('/api/web/stream?token=[redacted]&after=0');
    expect(log).toContain('/bale/webhook/[redacted]');
    expect(log).not.toContain(session.token.split('.')[2]);
    expect(log).not.toContain(PATH_SECRET);
    expect(log).not.toContain(BOT_TOKEN.split(':')[1]);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('masks mobiles, cards, Sheba and national IDs in every line, in any digits', async () => {
    const query = new URLSearchParams({ phone: '۰۹۱۲۳۸۴۷۵۶۱', m: '+98 912 384 7561', card: '6037-9912-3456-7893', sheba: 'IR062960000000100324200001', nid: '0499370899' });
    await (await fetch(`${server.url}/no-such-page?${query}`)).arrayBuffer();
    const line = lines.find((l) => l.includes('/no-such-page'))!;
    expect(JSON.parse(line).req.url).toBe('/no-such-page?phone=*********۶۱&m=+** *** *** **61&card=****-****-****-7893&sheba=IR********************0001&nid=********99');
  });
});

describe('masking', () => {
  it.each([
    ['شماره‌ام ۰۹۱۲۳۸۴۷۵۶۱ است', 'شماره‌ام *********۶۱ است'],
    ['٠٩١٢٣٨٤٧٥٦١', '*********٦١'],
    ['call 0912-384-7561 or 00989123847561 or 9123847561', 'call ****-***-**61 or ************61 or ********61'],
    ['کارت ۶۰۳۷ ۹۹۱۲ ۳۴۵۶ ۷۸۹۳', 'کارت **** **** **** ۷۸۹۳'],
    ['شبا ir06 2960 0000 0010 0324 2000 01', 'شبا ir** **** **** **** **** **00 01'],
    ['کد ملی 049-937089-9', 'کد ملی ***-*****9-9'],
  ])('masks %s', (text, masked) => {
    expect(maskPersonalData(text)).toBe(masked);
  });
  it.each([
    'سفارش ۱۰۴۰۱ کجاست؟',
    '6037991234567890', // not Luhn-valid: not a card
    '0499370898', // wrong check digit: not a national ID
    '1111111111',
    'قیمت ۱٬۵۹۰٬۰۰۰ تومان',
    'tracking 123456789012345678901234',
  ])('leaves %s alone', (text) => {
    expect(maskPersonalData(text)).toBe(text);
  });
  it('masks a log line of several megabytes without throwing, and the line still parses', () => {
    const line = JSON.stringify({ time: 1796162746684, msg: `${'x\\"'.repeat(1_000_000)} 09123847561` });
    const masked = maskQuoted(line);
    expect(JSON.parse(masked).msg.endsWith(' *********61')).toBe(true);
    expect(JSON.parse(masked).time).toBe(1796162746684);
  });
  it('redacts credentials in URLs, however they are escaped', () => {
    expect(redactUrl('/pasokh/api/web/stream?%74oken=v1.a.b')).toBe('/pasokh/api/web/stream?token=[redacted]');
    expect(redactUrl('/telegram/webhook/a%2Fb/c')).toBe('/telegram/webhook/[redacted]');
    expect(redactUrl('/telegram/webhook')).toBe('/telegram/webhook');
  });
});

describe('/metrics', () => {
  it('masks personal data in label values', async () => {
    const metrics = createMetrics();
    metrics.handoff.handoff('keyword 09123847561');
    const text = await metrics.registry.metrics();
    expect(text).toContain('pasokh_handoffs_total{reason="keyword *********61"} 1');
    expect(text).not.toContain('09123847561');
  });
});
