import { isPhoneNumberValid, phoneNumberNormalizer } from '@persian-tools/persian-tools';
import { toKey } from '../normalize/index.js';
import type { Entity } from './types.js';

// Digits arrive as ASCII (matching key). Spaces and dashes may split the number into groups.
const MOBILE = /(?<![\d+])(?:(?:\+|00)98[ -]?|98[ -]?|0)?9\d{2}[ -]?\d{3}[ -]?\d{2}[ -]?\d{2}(?!\d)/g;

// Every mobile number has a 9 and two more digits in a row: most messages are ruled out at once.
const MAY_HAVE_MOBILE = /9\d\d/;

/** Iranian mobile numbers in any of the forms customers write, validated by persian-tools. */
export function findPhones(key: string): Entity[] {
  const found: Entity[] = [];
  if (!MAY_HAVE_MOBILE.test(key)) return found;
  for (const match of key.matchAll(MOBILE)) {
    const digits = match[0].replace(/[ -]/g, '');
    // A bare "9xx…" without 0 or 98 is only a phone when it has exactly ten digits.
    const candidate = digits.startsWith('9') && digits.length === 10 ? `0${digits}` : digits;
    if (!isPhoneNumberValid(candidate)) continue;
    found.push({
      type: 'phone',
      value: phoneNumberNormalizer(candidate, '0'),
      text: match[0],
      start: match.index,
      end: match.index + match[0].length,
      score: 1,
    });
  }
  return found;
}

/** The Iranian mobile number in raw text (a CSV cell, a shared contact), as 09xxxxxxxxx. */
export function phoneOf(text: string): string | undefined {
  return findPhones(toKey(text))[0]?.value;
}
