// pasokh chat: the whole engine in a terminal. With stdin not a TTY it reads one message per line
// and prints the replies, so it can be scripted.
import { createInterface } from 'node:readline';
import { createApp } from '../app.js';
import { loadDotEnv, readConfig } from '../config.js';
import type { Choice, Outbound } from '../engine/index.js';
import { print, printError } from './io.js';

function render(reply: Outbound): string {
  const lines: string[] = [];
  if (reply.text) lines.push(reply.text);
  for (const a of reply.attachments ?? []) {
    const card = a.content as { title?: string; subtitle?: string; text?: string; buttons?: Array<{ value?: string }> };
    lines.push(`  [${[card.title, card.subtitle, card.text].filter(Boolean).join(' | ')}]${card.buttons?.[0]?.value ? ` ${card.buttons[0].value}` : ''}`);
  }
  (reply.suggestedActions?.actions ?? []).forEach((action, i) => lines.push(`  ${i + 1}) ${action.title}`));
  return lines.join('\n');
}

export async function chatCommand(options: { shop?: string; intents?: string }): Promise<number> {
  loadDotEnv();
  const config = readConfig({ ...process.env, ...(options.shop ? { SHOP_DIR: options.shop } : {}), ...(options.intents ? { INTENTS_DIR: options.intents } : {}) });
  const interactive = process.stdin.isTTY === true;
  const log = { info: (m: string) => interactive && printError(m), warn: (m: string) => printError(m), error: (m: string) => printError(m) };
  const app = createApp(config, log, { watchShop: false });
  if (config.sampleShop) log.info(`SHOP_DIR is not set: using the sample shop (${config.shopDir})`);
  if (app.state.kind === 'memory') log.info('REDIS_URL is not set: conversation state is in memory');
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: interactive });
  let choices: Array<{ title: string; value: Choice }> = [];
  let n = 0;
  if (interactive) {
    print('pasokh — پیام‌تان را بنویسید (برای انتخاب گزینه شماره‌اش را بفرستید، خروج: Ctrl+D)\n');
    rl.setPrompt('> ');
    rl.prompt();
  }
  try {
    for await (const line of rl) {
      const text = line.trim();
      if (!text) {
        if (interactive) rl.prompt();
        continue;
      }
      const picked = /^[1-9]$/.test(text) ? choices[Number(text) - 1] : undefined;
      n += 1;
      const result = await app.engine.process({
        type: 'message',
        id: `cli-${Date.now()}-${n}`,
        channelId: 'cli',
        from: { id: 'terminal', name: 'terminal' },
        conversation: { id: 'terminal' },
        text: picked ? picked.title : text,
        ...(picked ? { value: picked.value } : {}),
      });
      choices = [];
      for (const reply of result.replies) {
        print(render(reply));
        choices.push(...(reply.suggestedActions?.actions ?? []).map((a) => ({ title: a.title, value: a.value as Choice })));
      }
      if (result.events.length && interactive) printError(`  (${result.events.map((e) => e.name).join(', ')})`);
      if (interactive) rl.prompt();
      else print('');
    }
  } finally {
    await app.close();
  }
  return 0;
}
