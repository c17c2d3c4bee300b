// Long polling with @grammyjs/runner, for when there is no public HTTPS address. One instance
// only: Telegram hands each update to one getUpdates caller, and a second poller makes both fail
// with 409 Conflict — which is reported in plain words. Updates of one chat are handled in order;
// a turn that cannot reach Redis is retried a few times before it is given up (and logged).
import { run, sequentialize, type RunnerHandle } from '@grammyjs/runner';
import type { Bot } from 'grammy';
import { GrammyError } from 'grammy';
import type { Logger, Outcome } from './handler.js';

const RETRIES_MS = [500, 1000, 2000, 4000, 8000];

export interface Poller {
  stop(): Promise<void>;
}

export function startPolling(bot: Bot, options: { channel: string; handle: (update: unknown) => Promise<Outcome>; log: Logger }): Poller {
  const { log, channel } = options;
  bot.use(sequentialize((ctx) => String(ctx.chat?.id ?? ctx.from?.id ?? '')));
  bot.use(async (ctx) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await options.handle(ctx.update);
        return;
      } catch (error) {
        const wait = RETRIES_MS[attempt];
        if (wait === undefined) {
          log.error({ err: error, channel, update: ctx.update.update_id }, 'update given up after retries');
          return;
        }
        log.warn({ err: error, channel, update: ctx.update.update_id, retryInMs: wait }, 'update failed, retrying');
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  });
  bot.catch((error) => log.error({ err: error.error, channel }, 'update handling failed'));

  let runner: RunnerHandle | undefined;
  let stopped = false;
  const started = (async () => {
    // A webhook left from an earlier setup would make getUpdates fail.
    await bot.api.deleteWebhook();
    if (stopped) return;
    runner = run(bot, { runner: { silent: true, fetch: { allowed_updates: ['message', 'edited_message', 'callback_query', 'my_chat_member'] } } });
    log.info({ channel }, `${channel}: long polling (one server instance only; set a webhook secret and PUBLIC_URL for several)`);
    await runner.task();
  })().catch((error: unknown) => {
    if (error instanceof GrammyError && error.error_code === 409) {
      log.error(
        { channel },
        `${channel}: another process is polling with this bot token. Long polling works with one server instance only: stop the other one, or run every instance with a webhook (set the webhook secret and PUBLIC_URL).`,
      );
    } else if (error instanceof GrammyError && error.error_code === 401) {
      log.error({ channel }, `${channel}: the bot token was refused (401 Unauthorized); check it with @BotFather`);
    } else log.error({ err: error, channel }, `${channel}: polling stopped`);
  });

  return {
    async stop() {
      stopped = true;
      if (runner?.isRunning()) await runner.stop();
      await started;
    },
  };
}
