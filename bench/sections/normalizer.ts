// Section 1: normalize() throughput over the dev texts.
import { normalize } from '../../src/nlu/normalize/index.js';
import { measureThroughput } from '../measure.js';
import type { Section } from '../section.js';
import { fixed, formatTable, thousands } from '../table.js';

export interface NormalizerResult {
  messages: number;
  perSecond: number;
  usPerMessage: number;
}

export const normalizerSection: Section = {
  id: 'normalizer',
  async run({ data }) {
    const texts = data.dev.map((d) => d.text);
    let sink = 0;
    const perSecond = measureThroughput((i) => (sink += normalize(texts[i % texts.length]!).key.length), {
      warmupMs: 300,
      durationMs: 1500,
    });
    if (sink < 0) console.log(sink); // keeps the work observable
    const result: NormalizerResult = { messages: texts.length, perSecond, usPerMessage: 1e6 / perSecond };
    const text = formatTable(
      ['function', 'messages/s', 'µs/message'],
      [['normalize()', thousands(result.perSecond), fixed(result.usPerMessage, 2)]],
    );
    return { title: `Normalizer (${texts.length} dev texts, looped ~1.5 s after warm-up)`, text, json: result };
  },
};
