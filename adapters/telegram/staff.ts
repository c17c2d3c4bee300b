// The staff's Telegram group: a supergroup with forum topics, one topic per escalated
// conversation (from Telegram, Bale or the web). The topic opens with an intro card; the
// customer's messages are copied into it; whatever staff write there goes to the customer;
// /claim, /release and /close (or the card's buttons) run the handoff. A deleted topic is
// recreated on the next message. A customer's /forget deletes their topic and its mapping.
// Keys: staff:topic:<conversation> and staff:thread:<thread> (both with the retention TTL), deleted
// when the handoff ends.
import { GrammyError, type Bot } from 'grammy';
import type { Message, Update } from 'grammy/types';
import type { HandoffDesk } from '../../src/channel/index.js';
import type { Agent, HandoffNotice } from '../../src/handoff/index.js';
import { HandoffError } from '../../src/handoff/index.js';
import { chatOf } from './updates.js';
import { escapeHtml } from './render.js';
import type { Logger } from './handler.js';

interface Topic {
  [field: string]: unknown;
  threadId: number;
  eTag?: string;
}

const CHANNEL_NAMES: Readonly<Record<string, string>> = { web: 'وب', telegram: 'تلگرام', bale: 'بله' };
const TOPIC_NAME_MAX = 128;

export interface StaffGroup {
  /** True when the update belonged to the staff group (and was handled here). */
  handle(update: Update): Promise<boolean>;
}

export function mountStaffGroup(options: { bot: Bot; app: HandoffDesk; chatId: number; consoleUrl?: string; log: Logger }): StaffGroup {
  const { bot, app, chatId, log } = options;
  const { storage, keys } = app.state;
  const topicKey = (conversationId: string) => `${keys.prefix}staff:topic:${conversationId}`;
  const threadKey = (threadId: number) => `${keys.prefix}staff:thread:${threadId}`;

  async function createTopic(conversationId: string, customerName?: string, channel?: string): Promise<number> {
    const name = `${customerName ?? 'مشتری'} · ${CHANNEL_NAMES[channel ?? ''] ?? channel ?? ''}`.slice(0, TOPIC_NAME_MAX);
    const topic = await bot.api.createForumTopic(chatId, name);
    await storage.write(topicKey(conversationId), { eTag: '*', threadId: topic.message_thread_id });
    await storage.write(threadKey(topic.message_thread_id), { eTag: '*', conversationId });
    await introduce(conversationId, topic.message_thread_id, customerName, channel);
    return topic.message_thread_id;
  }

  async function introduce(conversationId: string, threadId: number, customerName?: string, channel?: string) {
    const { state, profile } = await app.engine.inspect(conversationId);
    const phone = state?.verifiedPhone ?? profile?.linkedPhones[0];
    const lines = [
      `<b>${escapeHtml(customerName ?? profile?.name ?? 'مشتری')}</b> · ${escapeHtml(CHANNEL_NAMES[channel ?? ''] ?? channel ?? '')}`,
      phone ? `شماره‌ی تأییدشده: ${escapeHtml(phone)}` : 'شماره‌ی تأییدشده ندارد',
      state?.handoff ? `علت: ${escapeHtml(state.handoff.reason)}` : '',
      options.consoleUrl ? `میز پشتیبانی: ${escapeHtml(options.consoleUrl)}` : '',
      'هر پیامی اینجا بنویسید به مشتری می‌رسد؛ /claim برداشتن، /release برگرداندن به صف، /close بستن و بازگشت به ربات.',
    ].filter(Boolean);
    await bot.api.sendMessage(chatId, lines.join('\n'), {
      message_thread_id: threadId,
      parse_mode: 'HTML',
      reply_markup: { inline_keyboard: [[{ text: 'برداشتن', callback_data: 'st:claim' }, { text: 'بستن', callback_data: 'st:close' }]] },
    });
  }

  async function threadOf(conversationId: string): Promise<number | undefined> {
    return (await storage.read<Topic>(topicKey(conversationId)))?.threadId;
  }

  /** Posts in the conversation's topic; a topic someone deleted is made again. */
  async function post(conversationId: string, html: string) {
    let threadId = await threadOf(conversationId);
    if (threadId === undefined) threadId = await createTopic(conversationId);
    try {
      await bot.api.sendMessage(chatId, html, { message_thread_id: threadId, parse_mode: 'HTML' });
    } catch (error) {
      if (!(error instanceof GrammyError && /thread not found|TOPIC_DELETED|TOPIC_CLOSED/i.test(error.description))) throw error;
      const fresh = await createTopic(conversationId);
      await bot.api.sendMessage(chatId, html, { message_thread_id: fresh, parse_mode: 'HTML' });
    }
  }

  app.handoff.observe(async (notice: HandoffNotice) => {
    switch (notice.type) {
      case 'queued':
        if ((await threadOf(notice.item.conversationId)) === undefined) {
          await createTopic(notice.item.conversationId, notice.item.customerName, notice.item.channelId);
        } else await post(notice.item.conversationId, '🔔 دوباره درخواست پشتیبان دارد.');
        if (notice.item.text) await post(notice.item.conversationId, `👤 ${escapeHtml(notice.item.text)}`);
        return;
      case 'customer':
        return post(notice.conversationId, `👤 ${escapeHtml(notice.text)}`);
      case 'agent':
        // Replies written in the topic are already there.
        if (notice.source !== 'staff') await post(notice.conversationId, `🧑‍💼 <b>${escapeHtml(notice.agent.name)}</b>: ${escapeHtml(notice.text)}`);
        return;
      case 'claimed':
        return post(notice.conversationId, `✅ ${escapeHtml(notice.agent.name)} گفتگو را برداشت.`);
      case 'released':
        return post(notice.conversationId, `↩️ ${escapeHtml(notice.agent.name)} گفتگو را به صف برگرداند.`);
      case 'closed':
      case 'ended': {
        await post(notice.conversationId, notice.type === 'closed' ? `🔒 ${escapeHtml(notice.agent.name)} گفتگو را بست؛ مشتری به ربات برگشت.` : '🔒 گفتگو بدون پاسخ پشتیبان به ربات برگشت.');
        const threadId = await threadOf(notice.conversationId);
        if (threadId !== undefined) await bot.api.closeForumTopic(chatId, threadId).catch(() => {});
        await storage.delete([topicKey(notice.conversationId), ...(threadId === undefined ? [] : [threadKey(threadId)])]);
        return;
      }
      case 'forgotten': {
        // The topic holds the customer's messages: it goes, and the staff hear why in General.
        const threadId = await threadOf(notice.conversationId);
        if (threadId === undefined) return;
        await storage.delete([topicKey(notice.conversationId), threadKey(threadId)]);
        await bot.api.deleteForumTopic(chatId, threadId).catch(() => {});
        await bot.api.sendMessage(chatId, '🗑 یک مشتری خواست همه‌ی اطلاعاتش پاک شود؛ موضوع گفتگوی او حذف شد و دیگر نمی‌شود به او پیام داد.').catch(() => {});
        return;
      }
    }
  });

  const staffAgent = (from: { id: number; first_name: string; last_name?: string }): Agent => ({
    id: `telegram:${from.id}`,
    name: [from.first_name, from.last_name].filter(Boolean).join(' '),
    passwordHash: '',
  });

  async function act(threadId: number | undefined, agent: Agent, command: string, text: string): Promise<void> {
    const conversationId = threadId === undefined ? undefined : (await storage.read<{ conversationId: string }>(threadKey(threadId)))?.conversationId;
    if (!conversationId) return;
    try {
      if (command === 'claim') return await app.handoff.claim(agent, conversationId);
      if (command === 'release') return await app.handoff.release(agent, conversationId);
      if (command === 'close') return await app.handoff.close(agent, conversationId);
      // Any other text is for the customer; the first one to write takes the chat.
      if ((await app.handoff.holder(conversationId)) !== agent.id) await app.handoff.claim(agent, conversationId);
      await app.handoff.reply(agent, conversationId, text, 'staff');
    } catch (error) {
      if (!(error instanceof HandoffError)) throw error;
      await bot.api.sendMessage(chatId, `⚠️ ${escapeHtml(error.message)}`, { message_thread_id: threadId, parse_mode: 'HTML' });
    }
  }

  return {
    async handle(update) {
      const message: Message | undefined = update.message;
      const callback = update.callback_query;
      const chat = chatOf(update);
      if (chat !== chatId) return false;
      if (message?.from && !message.from.is_bot && message.text) {
        const command = /^\/(claim|release|close)(?:@\w+)?\b/.exec(message.text)?.[1] ?? 'reply';
        await act(message.message_thread_id, staffAgent(message.from), command, message.text);
      } else if (callback?.message && 'message_thread_id' in callback.message) {
        await bot.api.answerCallbackQuery(callback.id).catch(() => {});
        const command = callback.data === 'st:close' ? 'close' : 'claim';
        await act(callback.message.message_thread_id, staffAgent(callback.from), command, '');
      } else log.info({ chat }, 'staff group update ignored');
      return true;
    },
  };
}
