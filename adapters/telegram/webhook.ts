// Webhook mode: POST /<channel>/webhook on the shared server. Telegram sends the secret we
// registered in X-Telegram-Bot-Api-Secret-Token; anything without it is refused (401) before a
// single byte of the update is looked at. Bale may not send the header, so the secret is also
// accepted as the last path segment (/bale/webhook/<secret>).
import type { FastifyInstance } from 'fastify';
import { PasokhError } from '../../src/errors.js';
import { safeEqual } from '../../src/security/compare.js';
import type { Outcome } from './handler.js';

const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
const MAX_UPDATE_BYTES = 1024 * 1024;


export function webhookPath(channel: string): string {
  return `/${channel}/webhook`;
}

export function mountWebhook(
  server: FastifyInstance,
  options: { channel: string; secret: string; handle: (update: unknown) => Promise<Outcome> },
): void {
  const path = webhookPath(options.channel);
  server.post(path, { bodyLimit: MAX_UPDATE_BYTES }, async (request) => {
    if (!safeEqual(request.headers[SECRET_HEADER], options.secret)) throw new PasokhError('PASOKH_ERR_WEBHOOK_SECRET');
    return { ok: true, outcome: await options.handle(request.body) };
  });
  server.post<{ Params: { secret: string } }>(`${path}/:secret`, { bodyLimit: MAX_UPDATE_BYTES }, async (request) => {
    if (!safeEqual(request.params.secret, options.secret)) throw new PasokhError('PASOKH_ERR_WEBHOOK_SECRET');
    return { ok: true, outcome: await options.handle(request.body) };
  });
}
