// Replays bench/conversations-h/conversations.txt through the whole engine on the sample shop
// (memory state, one conversation per block) and prints each transcript for a person to judge:
//   node --import tsx bench/conversations-h/run.ts [file in this folder] [name filter]
import { readFileSync } from 'node:fs';
import { openShopDirectory, SAMPLE_SHOP_DIR } from '../../src/commerce/index.js';
import { createEngine, type Outbound } from '../../src/engine/index.js';
import { loadNlu } from '../../src/nlu/index.js';
import { createMemoryBackend } from '../../src/state/index.js';

interface Block {
  name: string;
  messages: string[];
  expect: string[];
}

function blocks(text: string): Block[] {
  return text
    .split(/\n\s*\n/)
    .map((chunk) => chunk.split('\n').filter((l) => l.trim() && !l.startsWith('# ')))
    .filter((lines) => lines[0]?.startsWith('## '))
    .map((lines) => ({
      name: lines[0]!.slice(3),
      messages: lines.slice(1).filter((l) => !l.startsWith('= ')),
      expect: lines.filter((l) => l.startsWith('= ')).map((l) => l.slice(2)),
    }));
}

function render(reply: Outbound): string {
  const lines = reply.text ? [reply.text] : [];
  for (const a of reply.attachments ?? []) {
    const card = a.content as { title?: string; subtitle?: string; text?: string };
    lines.push(`  [${[card.title, card.subtitle, card.text].filter(Boolean).join(' | ')}]`);
  }
  (reply.suggestedActions?.actions ?? []).forEach((action, i) => lines.push(`  ${i + 1}) ${action.title}`));
  return lines.join('\n');
}

const file = process.argv[2]?.endsWith('.txt') ? process.argv[2] : 'conversations.txt';
const filter = process.argv.slice(2).find((a) => !a.endsWith('.txt'));
const nlu = loadNlu();
const commerce = openShopDirectory(SAMPLE_SHOP_DIR, { watch: false });
// Tuesday 11:00 in Tehran: inside business hours.
const now = () => new Date('2026-12-01T07:30:00Z');
let n = 0;
for (const [i, block] of blocks(readFileSync(new URL(`./${file}`, import.meta.url), 'utf8')).entries()) {
  if (filter && !block.name.includes(filter)) continue;
  const engine = createEngine({ nlu, commerce, state: createMemoryBackend(), now });
  console.log(`\n=== ${i + 1}. ${block.name}`);
  for (const text of block.messages) {
    const result = await engine.process({ type: 'message', id: `h-${++n}`, channelId: 'cli', from: { id: 'u' }, conversation: { id: `c${i}` }, text });
    console.log(`> ${text}`);
    for (const reply of result.replies) console.log(render(reply).replace(/^/gm, '  '));
    if (result.events.length) console.log(`  (${result.events.map((e) => e.name).join(', ')})`);
  }
  for (const e of block.expect) console.log(`  = ${e}`);
}
commerce.close();
