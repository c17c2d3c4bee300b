// The masking every log line and metric goes through: for any content it keeps JSON parseable and
// numbers as they were, never throws, and leaves no mobile number readable.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskPersonalData, maskQuoted, redactUrl } from '../../src/security/mask.js';
import { anyJson, anyText, chatText } from './arbitraries.js';

describe('masking', () => {
  it('keeps any JSON log line parseable, with its numbers and keys unchanged', () => {
    fc.assert(
      fc.property(anyJson, fc.integer(), (msg, time) => {
        const masked = JSON.parse(maskQuoted(JSON.stringify({ time, msg })));
        expect(masked.time).toBe(time);
        expect(Object.keys(masked)).toEqual(['time', 'msg']);
      }),
      { numRuns: 500 },
    );
  });
  it('leaves no Iranian mobile readable wherever it appears in chat text', () => {
    const mobile = fc.tuple(fc.constantFrom('0', '+98', '0098', '98', '+98 '), fc.stringMatching(/^9\d{9}$/)).map(([prefix, digits]) => `${prefix}${digits}`);
    fc.assert(
      fc.property(chatText(40), mobile, chatText(40), (before, phone, after) => {
        const text = `${before} ${phone} ${after}`;
        expect(maskPersonalData(text)).not.toContain(phone.slice(-9));
      }),
      { numRuns: 500 },
    );
  });
  it('redacts any URL without throwing', () => {
    fc.assert(fc.property(anyText(200), (url) => typeof redactUrl(url) === 'string'), { numRuns: 500 });
  });
});
