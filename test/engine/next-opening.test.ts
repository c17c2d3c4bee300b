// When a person answers next, for the widget's header outside business hours: later today, tomorrow,
// or a weekday, skipping closed days and holidays (the sample shop: Saturday–Wednesday 9–21,
// Thursday 9–14, Friday closed, a holiday on 2026-12-23), in Tehran time.
import { describe, expect, it } from 'vitest';
import { openShopDirectory, SAMPLE_SHOP_DIR } from '../../src/commerce/index.js';
import { describeNextOpening, isOpen } from '../../src/engine/index.js';

const source = openShopDirectory(SAMPLE_SHOP_DIR);
const shop = source.shop();

describe('the next opening', () => {
  it.each([
    ['2026-12-02T03:30:00Z', 'Wednesday 7:00: later today', 'ساعت ۹'],
    ['2026-12-02T18:30:00Z', 'Wednesday 22:00: Thursday', 'ساعت ۹ فردا'],
    ['2026-12-03T11:30:00Z', 'Thursday 15:00: Friday is closed', 'ساعت ۹ شنبه'],
    ['2026-12-22T18:30:00Z', 'Tuesday 22:00: Wednesday is a holiday', 'ساعت ۹ پنجشنبه'],
  ])('%s (%s) → %s', (at, _why, expected) => {
    const now = new Date(at);
    expect(isOpen(shop, now)).toBe(false);
    expect(describeNextOpening(shop, now)).toBe(expected);
  });

  it('says the minutes when the hours start on a half hour, and nothing when no day opens', () => {
    const halfPast = { ...shop, hours: { ...shop.hours, thursday: '09:30-14:00' } };
    expect(describeNextOpening(halfPast, new Date('2026-12-02T18:30:00Z'))).toBe('ساعت ۹:۳۰ فردا');
    const never = { ...shop, hours: { saturday: 'closed' } };
    expect(describeNextOpening(never, new Date('2026-12-02T18:30:00Z'))).toBeUndefined();
    source.close();
  });
});
