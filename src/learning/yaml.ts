// What was learned as intents/-style YAML, for `pasokh suggest --export` and `--import`: one YAML
// document per intent (separated by `---`), each with `intent`, `description` and `examples` as
// in intents/fa/*.yaml. A learned FAQ answer's document adds `title` and `answer` (that part
// belongs in shop.yaml's `faq:` if it is moved out of the review queue by hand).
import { parseAllDocuments, stringify } from 'yaml';
import { z } from 'zod';
import { PasokhError } from '../errors.js';
import { INTENT_NAME } from '../nlu/intents/index.js';
import { SHOP_FAQ_PREFIX } from '../nlu/index.js';
import type { Learned } from './learned.js';
import { reviewId } from './review.js';
import type { Label, LearnedFaq } from './store.js';

const Document = z.strictObject({
  intent: z.string().regex(INTENT_NAME, 'intent names are lower_snake_case, e.g. shipping_info'),
  description: z.string().optional(),
  title: z.string().trim().min(1).max(80).optional(),
  answer: z.string().trim().min(1).optional(),
  examples: z.array(z.string().trim().min(1, 'an example is empty').max(500, 'an example is over 500 characters')).min(1, 'give at least one example'),
});

const HEADER = '# What the owner taught pasokh in the review queue (pasokh suggest --export): one document per intent.\n';

/** The labels grouped by intent, and each learned FAQ answer with its questions, as YAML. */
export function exportLearned(learned: Learned): string {
  const docs: object[] = [];
  // In the order they were taught, so an export reads the same every time.
  const labels = [...learned.labels].sort((a, b) => a.at.localeCompare(b.at) || a.text.localeCompare(b.text));
  const faqIntents = new Set(learned.faqs.map((f) => `${SHOP_FAQ_PREFIX}${f.key}`));
  for (const faq of learned.faqs) {
    const intent = `${SHOP_FAQ_PREFIX}${faq.key}`;
    const labelled = labels.filter((l) => l.intent === intent).map((l) => l.text);
    docs.push({ intent, description: `learned FAQ answer «${faq.title}»`, title: faq.title, answer: faq.answer, examples: [...new Set([...faq.questions, ...labelled])] });
  }
  const byIntent = new Map<string, string[]>();
  for (const l of labels) if (!faqIntents.has(l.intent)) byIntent.set(l.intent, [...(byIntent.get(l.intent) ?? []), l.text]);
  for (const [intent, examples] of [...byIntent].sort(([a], [b]) => a.localeCompare(b))) {
    docs.push({ intent, description: 'messages labelled in the review queue', examples });
  }
  return HEADER + docs.map((d) => stringify(d, { lineWidth: 0 })).join('---\n');
}

/**
 * Reads such a file: a document with an `answer` is a learned FAQ answer (its intent `faq_<key>`),
 * any other one labels its examples with its intent, which must be one the bot has (`known`) or a
 * FAQ answer of the same file. A problem throws PASOKH_ERR_LABELS_FILE naming the document.
 */
export function parseLearned(source: string, file: string, known: (intent: string) => boolean, now = new Date()): Learned {
  const fail = (where: string, problem: string) => new PasokhError('PASOKH_ERR_LABELS_FILE', { message: `${file}${where}: ${problem}` });
  const docs = parseAllDocuments(source, { uniqueKeys: true });
  if (!Array.isArray(docs)) throw fail('', 'not YAML documents');
  const parsed = docs.map((doc, i) => {
    const where = ` (document ${i + 1})`;
    if (doc.errors[0]) throw fail(where, `invalid YAML: ${doc.errors[0].message.split('\n')[0]}`);
    let data: unknown;
    try {
      data = doc.toJS();
    } catch (error) {
      throw fail(where, `invalid YAML: ${(error as Error).message}`);
    }
    const result = Document.safeParse(data);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      throw fail(where, `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`);
    }
    if (result.data.answer !== undefined && !result.data.intent.startsWith(SHOP_FAQ_PREFIX)) throw fail(where, `an answer belongs to a FAQ intent (${SHOP_FAQ_PREFIX}<key>), not "${result.data.intent}"`);
    return { ...result.data, where };
  });
  const at = now.toISOString();
  const faqs: LearnedFaq[] = parsed
    .filter((d) => d.answer !== undefined)
    .map((d) => ({ key: d.intent.slice(SHOP_FAQ_PREFIX.length), title: d.title ?? d.examples[0]!.slice(0, 80), answer: d.answer!, questions: d.examples, at }));
  const ours = new Set(faqs.map((f) => `${SHOP_FAQ_PREFIX}${f.key}`));
  const labels: Label[] = parsed
    .filter((d) => d.answer === undefined)
    .flatMap((d) => {
      if (!known(d.intent) && !ours.has(d.intent)) throw fail(d.where, `the bot has no intent "${d.intent}"`);
      return d.examples.map((text) => ({ id: reviewId(text), text, intent: d.intent, at }));
    });
  return { labels, faqs };
}
