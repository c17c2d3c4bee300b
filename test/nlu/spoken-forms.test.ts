// The catalog word under a spoken clitic: a table of what customers write and the base the product
// matcher should try.
import { describe, expect, it } from 'vitest';
import { spokenBases } from '../../src/nlu/entities/spoken-forms.js';

describe('spokenBases', () => {
  it.each([
    ['شالش', 'شال'],
    ['کرپه', 'کرپ'],
    ['هودیه', 'هودی'],
    ['مانتوهه', 'مانتو'],
    ['کتونیو', 'کتونی'],
    ['کتانتون', 'کتان'],
    ['مردونه', 'مردانه'],
    ['زمستونی', 'زمستانی'],
  ])('«%s» may be «%s»', (word, base) => {
    expect(spokenBases(word)).toContain(base);
  });

  it('leaves verbs, short fragments and Latin alone', () => {
    expect(spokenBases('داره')).toEqual([]);
    expect(spokenBases('میشه')).not.toContain('می');
    expect(spokenBases('hoodie')).toEqual([]);
  });
});
