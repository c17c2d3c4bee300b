// Updates shaped as the Bot API documents them, for posting to the webhook or queueing for polling.
let nextId = 5000;
let nextMessage = 1;

export const CUSTOMER = { id: 777001, is_bot: false, first_name: 'سارا', last_name: 'محمدی', language_code: 'fa' };

export function textUpdate(text: string, options: { from?: typeof CUSTOMER; chat?: { id: number; type: string; title?: string }; replyTo?: object } = {}) {
  const from = options.from ?? CUSTOMER;
  return {
    update_id: nextId++,
    message: {
      message_id: nextMessage++,
      date: Math.floor(Date.now() / 1000),
      from,
      chat: options.chat ?? { id: from.id, type: 'private', first_name: from.first_name },
      text,
      ...(options.replyTo ? { reply_to_message: options.replyTo } : {}),
    },
  };
}

/** A private message of `from`, with the given content (text, contact, photo…). */
function privateMessage(from: typeof CUSTOMER, content: object) {
  return {
    update_id: nextId++,
    message: { message_id: nextMessage++, date: Math.floor(Date.now() / 1000), from, chat: { id: from.id, type: 'private', first_name: from.first_name }, ...content },
  };
}

export function contactUpdate(phone: string, userId: number, from = CUSTOMER) {
  return privateMessage(from, { contact: { phone_number: phone, first_name: from.first_name, user_id: userId } });
}

export function photoUpdate(from = CUSTOMER) {
  return privateMessage(from, { photo: [{ file_id: 'AgAD', file_unique_id: 'u1', width: 90, height: 90 }] });
}

/** A press on an inline button of a message the bot sent. */
export function callbackUpdate(message: { message_id: number; chat: { id: number; type: string }; reply_markup?: unknown; text?: string }, data: string, from = CUSTOMER) {
  return {
    update_id: nextId++,
    callback_query: {
      id: `cq${nextId}`,
      from,
      chat_instance: '42',
      data,
      message: { ...message, date: Math.floor(Date.now() / 1000), from: { id: 123456, is_bot: true, first_name: 'Pasokh', username: 'pasokh_test_bot' } },
    },
  };
}

export function blockedUpdate(from = CUSTOMER) {
  return {
    update_id: nextId++,
    my_chat_member: {
      chat: { id: from.id, type: 'private', first_name: from.first_name },
      from,
      date: Math.floor(Date.now() / 1000),
      old_chat_member: { status: 'member', user: { id: 123456, is_bot: true, first_name: 'Pasokh' } },
      new_chat_member: { status: 'kicked', user: { id: 123456, is_bot: true, first_name: 'Pasokh' }, until_date: 0 },
    },
  };
}
