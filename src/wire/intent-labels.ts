// What people see of an intent: its name in Persian, for the console's transcript, the owner's
// insights and the review queue. Declared once so the three pages call an intent the same thing.
// Browser bundles import this file, so it holds plain data only.

const LABELS: Readonly<Record<string, string>> = {
  authenticity: 'اصالت کالا',
  bot_identity: 'ربات یا آدم؟',
  business_hours: 'ساعت کاری',
  catalog_overview: 'محصولات فروشگاه',
  complaint: 'شکایت',
  contact_info: 'راه تماس',
  discount_code: 'کد تخفیف',
  exchange_shipping: 'هزینه‌ی ارسال تعویض',
  follow_up: 'پیگیری',
  goodbye: 'خداحافظی',
  greeting: 'سلام و احوال‌پرسی',
  haggle: 'چانه‌زنی',
  human_handoff: 'درخواست پشتیبان',
  order_status: 'وضعیت سفارش',
  out_of_scope: 'خارج از حوزه‌ی فروشگاه',
  payment_methods: 'روش پرداخت',
  product_availability: 'موجودی کالا',
  product_info: 'مشخصات کالا',
  product_price: 'قیمت کالا',
  return_policy: 'مرجوعی و تعویض',
  shipping_info: 'ارسال',
  shop_address: 'آدرس فروشگاه',
  size_advice: 'راهنمای سایز',
  thanks: 'تشکر',
  wholesale: 'خرید عمده',
};

/** Prefix of the intents trained from the shop's own FAQ entries (`faq_<key>`), as in src/nlu. */
const FAQ_PREFIX = 'faq_';

/**
 * The Persian name of an intent: a canonical one's label, a shop FAQ entry's as «پرسش متداول: key»,
 * and an unknown name as it is (a label is never invented).
 */
export function intentLabel(intent: string | undefined): string {
  if (!intent) return 'نامشخص';
  const known = LABELS[intent];
  if (known) return known;
  if (intent.startsWith(FAQ_PREFIX)) return `پرسش متداول: ${intent.slice(FAQ_PREFIX.length).replace(/_/g, ' ')}`;
  return intent;
}

/** Every canonical intent with its label, for pickers (the review queue's "the right intent"). */
export const INTENT_LABELS: ReadonlyArray<{ intent: string; label: string }> = Object.entries(LABELS).map(([intent, label]) => ({ intent, label }));
