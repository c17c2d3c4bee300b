// The review queue at /agent/review: the page, and its API under /agent/api/review over the
// learning loop (src/learning). The owner's page: every route is behind the console's session
// guard and its admin check, so an agent gets 403 PASOKH_ERR_ADMIN_ONLY.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PasokhError } from '../../src/errors.js';
import type { Learning } from '../../src/learning/index.js';
import { BROWSER_DIR, compressed } from '../../src/server/assets.js';
import { AcceptRequest, FaqRequest, LabelRequest, type ReviewOk, type ReviewResponse } from '../../src/wire/review.js';

const PAGE = fileURLToPath(new URL('./review/index.html', import.meta.url));
/** review.js, built by `npm run build` from ./review/main.ts into the console's folder (served there). */
const SCRIPT = join(BROWSER_DIR, 'agent', 'review.js');

type Hook = (request: FastifyRequest) => Promise<void>;

/**
 * Mounts the page and its API. `guard` and `adminOnly` are the console's own (adapters/agent/index.ts):
 * one session, one CSRF token, one notion of who is an admin.
 */
export async function mountReview(server: FastifyInstance, learning: Learning, hooks: { guard: Hook; adminOnly: Hook }): Promise<void> {
  if (!existsSync(SCRIPT)) throw new PasokhError('PASOKH_ERR_NOT_BUILT', { message: `review.js is not built (${SCRIPT}): run npm run build` });
  const page = readFileSync(PAGE, 'utf8');
  server.register(
    compressed((assets) => {
      assets.get('/agent/review', async (_request, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page));
    }),
  );

  server.register(async (api) => {
    api.addHook('preHandler', hooks.guard);
    api.addHook('preHandler', hooks.adminOnly);
    const ok: ReviewOk = { ok: true };
    api.get('/agent/api/review', async (): Promise<ReviewResponse> => {
      const queue = await learning.queue();
      return { ...queue, learned: { labels: [...queue.learned.labels], faqs: [...queue.learned.faqs] } };
    });
    // The same YAML as `pasokh suggest --export`: the demo's only way out, since it keeps what was
    // taught in the server's memory (no Redis for the command to read).
    api.get('/agent/api/review/export', async (_request, reply) =>
      reply
        .type('application/yaml; charset=utf-8')
        .header('content-disposition', 'attachment; filename="pasokh-learned.yaml"')
        .header('cache-control', 'no-store')
        .send(await learning.exportYaml()),
    );
    api.post<{ Params: { id: string } }>('/agent/api/review/:id/label', async (request): Promise<ReviewOk> => {
      await learning.label(request.params.id, LabelRequest.parse(request.body).intent);
      return ok;
    });
    api.post<{ Params: { id: string } }>('/agent/api/review/:id/faq', async (request): Promise<ReviewOk> => {
      const body = FaqRequest.parse(request.body);
      await learning.teach(request.params.id, body.answer, body.title);
      return ok;
    });
    api.post<{ Params: { id: string } }>('/agent/api/review/:id/dismiss', async (request): Promise<ReviewOk> => {
      await learning.dismiss(request.params.id);
      return ok;
    });
    api.post<{ Params: { id: string } }>('/agent/api/review/proposals/:id/accept', async (request): Promise<ReviewOk> => {
      const body = AcceptRequest.parse(request.body ?? {});
      await learning.acceptProposal(request.params.id, body.answer, body.title);
      return ok;
    });
    api.post<{ Params: { id: string } }>('/agent/api/review/proposals/:id/dismiss', async (request): Promise<ReviewOk> => {
      await learning.dismissProposal(request.params.id);
      return ok;
    });
    api.post<{ Params: { id: string } }>('/agent/api/review/labels/:id/delete', async (request): Promise<ReviewOk> => {
      await learning.forgetLabel(request.params.id);
      return ok;
    });
    api.post<{ Params: { key: string } }>('/agent/api/review/faq/:key/delete', async (request): Promise<ReviewOk> => {
      await learning.forgetFaq(request.params.key);
      return ok;
    });
  });
}
