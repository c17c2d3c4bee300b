// Everything the bot says to a customer, in one place: natural, polite Persian, numbers in
// Persian digits. Functions take plain values so the wording can change without touching flows.
import { formatJalali, formatNumber, formatToman, persianDigits } from '../commerce/index.js';
import type { OrderStatus } from '../commerce/index.js';

export const INTENT_LABELS: Readonly<Record<string, string>> = {
  product_price: 'قیمت محصول',
  product_availability: 'موجودی محصول',
  product_info: 'مشخصات محصول',
  shipping_info: 'ارسال و هزینه‌ی آن',
  order_status: 'پیگیری سفارش',
  return_policy: 'مرجوعی و تعویض',
  payment_methods: 'روش‌های پرداخت',
  human_handoff: 'صحبت با پشتیبان',
  complaint: 'ثبت شکایت',
  greeting: 'سلام',
  thanks: 'تشکر',
  goodbye: 'خداحافظی',
  // The shop's FAQ topics (issue 11, developer F)
  size_advice: 'راهنمای انتخاب سایز',
  authenticity: 'اصل بودن کالا',
  discount_code: 'کد تخفیف و حراج',
  wholesale: 'خرید عمده',
  exchange_shipping: 'هزینه‌ی ارسال تعویض',
  business_hours: 'ساعت کاری',
  shop_address: 'آدرس و خرید حضوری',
  contact_info: 'راه‌های تماس',
  catalog_overview: 'محصولات فروشگاه',
};

export const STATUS_LABELS: Readonly<Record<OrderStatus, string>> = {
  pending_payment: 'در انتظار پرداخت',
  processing: 'در حال آماده‌سازی',
  shipped: 'ارسال شده',
  delivered: 'تحویل داده شده',
  cancelled: 'لغو شده',
  returned: 'مرجوع شده',
};

/** «مانتو، شلوار و کیف»: a list as a sentence says it. */
const listOf = (items: readonly string[]) => (items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join('، ')} و ${items.at(-1)}`);

export const texts = {
  welcome: (shop: string) =>
    `سلام، به ${shop} خوش آمدید 🌸\nمن دستیار خودکار فروشگاه هستم و درباره‌ی قیمت و موجودی محصولات، پیگیری سفارش، ارسال، پرداخت و مرجوعی کمکتان می‌کنم. هر وقت هم خواستید، با همکارانم در پشتیبانی صحبت کنید.`,
  greeting: 'سلام، وقت‌تان بخیر 🌸 چطور می‌توانم کمکتان کنم؟',
  thanks: 'خواهش می‌کنم 🌷 اگر سؤال دیگری داشتید، در خدمتم.',
  goodbye: 'خدانگهدار، روز خوبی داشته باشید 🌷',
  help: [
    'کارهایی که از من برمی‌آید:',
    '• قیمت، موجودی، سایز و رنگ محصولات (مثلاً «قیمت مانتو کتان؟»)',
    '• پیگیری سفارش با شماره‌ی سفارش',
    '• هزینه و زمان ارسال، روش‌های پرداخت، شرایط مرجوعی',
    '',
    'دستورها:',
    '/human گفتگو با پشتیبان',
    '/mydata اطلاعاتی که از شما نگه داشته‌ایم',
    '/forget پاک کردن همه‌ی اطلاعات شما',
  ].join('\n'),

  // Products
  whichProduct: 'منظورتان کدام محصول است؟ لطفاً اسمش را بنویسید.',
  chooseProduct: 'کدام‌یک از این‌ها منظورتان است؟',
  /** «چه مانتوهایی دارین؟»: the list of a kind, and how to go on. */
  kindHeader: 'این‌ها را داریم:',
  kindPick: 'هر کدام را بخواهید، جزئیات و موجودی‌اش را می‌گویم.',
  /** «چند لیتره؟»: the part of the product's description that says it. */
  fromDescription: (name: string, part: string) => `«${name}»: ${part}`,
  soldOutShort: 'فعلاً ناموجود',
  productNotFound: (suggestions: boolean) =>
    suggestions
      ? 'این محصول را در فروشگاه پیدا نکردم. شاید منظورتان یکی از این‌ها باشد:'
      : 'این محصول را در فروشگاه پیدا نکردم. لطفاً اسمش را دقیق‌تر بنویسید یا از سایت فروشگاه ببینید.',
  price: (name: string, price: number, salePrice?: number) =>
    salePrice !== undefined
      ? `قیمت «${name}» با تخفیف ${formatToman(salePrice)} است (قیمت قبلی ${formatToman(price)}).`
      : `قیمت «${name}» ${formatToman(price)} است.`,
  /** «تخفیف خورده؟» of a product at its full price; the shop's codes follow. */
  noSale: (name: string, price: number) => `«${name}» در حال حاضر تخفیف ندارد و قیمتش ${formatToman(price)} است.`,
  outOfStockNote: 'البته در حال حاضر موجود نیست.',
  /** After a sold-out variant of a product with nothing left in any variant. */
  noneLeftAtAll: (sized: boolean, coloured: boolean) => `فعلاً از این محصول در هیچ ${sized && coloured ? 'سایز و رنگی' : sized ? 'سایزی' : 'رنگی'} موجودی نداریم.`,
  inStock: (name: string) => `«${name}» موجود است.`,
  freeSize: (name: string) => `«${name}» فری‌سایز (یک سایز) است و به همه اندازه می‌شود.`,
  whatWeSell: (kinds: readonly string[]) => `در فروشگاه ${listOf(kinds)} داریم. دنبال چه چیزی هستید؟`,
  /** «پوستم چربه بهم میخوره؟»: yes, as the description says. */
  suitsSkin: (name: string, written: string) => `بله، «${name}» ${written} است.`,
  /** …and no: what it is for, and what is written for the customer's skin. */
  notForSkin: (name: string, written: string, skin: readonly string[], others: readonly { name: string; price: number }[]) =>
    `«${name}» ${written} است و برای پوست ${skin.join(' و ')} پیشنهادش نمی‌کنم.` +
    (others.length ? `\nبرای پوست ${skin.join(' و ')} این‌ها مناسب‌ترند: ${others.map((o) => `«${o.name}» (${formatToman(o.price)})`).join('، ')}` : ''),
  /** «پوستم چربه چی پیشنهاد میدی؟»: the products written for that skin. */
  skinIdeas: (items: readonly { name: string; price: number }[], skin: readonly string[]) =>
    [
      `${skin.length ? `برای پوست ${skin.join(' و ')}` : 'برای پوست شما'} این‌ها را پیشنهاد می‌کنم:`,
      ...items.map((i) => `• ${i.name}: ${formatToman(i.price)}`),
      'هر کدام را بخواهید، توضیح و موجودی‌اش را می‌گویم.',
    ].join('\n'),
  giftIdeas: (items: readonly { name: string; price: number }[], budget?: number) =>
    [
      `برای هدیه${budget ? ` تا ${formatToman(budget)}` : ''} این‌ها را پیشنهاد می‌کنم:`,
      ...items.map((i) => `• ${i.name}: ${formatToman(i.price)}`),
      'اگر بگویید چه نوع چیزی دوست دارد (مثلاً کیف، شال یا اکسسوری)، دقیق‌تر پیشنهاد می‌دهم.',
    ].join('\n'),
  noGiftFits: (budget?: number) =>
    budget
      ? `متأسفانه الان چیزی تا ${formatToman(budget)} موجود نداریم که برای هدیه پیشنهاد کنم. اگر بودجه کمی بیشتر است بفرمایید تا پیشنهاد بدهم.`
      : 'متأسفانه الان کالای موجودی برای پیشنهاد نداریم.',
  outOfStock: (name: string) => `متأسفانه «${name}» فعلاً موجود نیست.`,
  variantInStock: (name: string, variant: string, count: number) =>
    count <= 3
      ? `«${name}» در ${variant} موجود است (فقط ${formatNumber(count)} عدد باقی مانده).`
      : `«${name}» در ${variant} موجود است.`,
  variantOutOfStock: (name: string, variant: string) => `متأسفانه «${name}» در ${variant} تمام شده است.`,
  variantUnknown: (name: string, variant: string) => `«${name}» در ${variant} تولید نمی‌شود.`,
  availableVariants: (list: string) => `موجودی فعلی: ${list}`,
  priceDifference: (dearer: string, cheaper: string, difference: number) =>
    `«${dearer}» ${formatToman(difference)} از «${cheaper}» گران‌تر است.`,
  // «رنگ‌ها: سفید، مشکی» of two products → «رنگ‌های هر دو: سفید، مشکی».
  together: (total: number) => `هر دو با هم: ${formatToman(total)}.`,
  fitsSkinBetter: (name: string, skin: readonly string[]) => `برای پوست ${skin.join(' و ')}، «${name}» مناسب‌تر است.`,
  /** «اگه این مانتو رو بگیرم ارسالش رایگانه؟»: that product's price against the floor. */
  productShipsFree: (name: string, price: number, over: number) => `بله، «${name}» ${formatToman(price)} است و چون بالای ${formatToman(over)} است، ارسالش رایگان است.`,
  productShortOfFree: (name: string, price: number, over: number) =>
    `«${name}» ${formatToman(price)} است؛ ارسال برای خریدهای بالای ${formatToman(over)} رایگان است، پس این یکی به‌تنهایی هزینه‌ی ارسال دارد.`,
  /** «جمعش چند میشه؟»: each thing the customer wants, then the sum. */
  wantedLine: (count: number, name: string, variant: string, amount: number) =>
    `• ${persianDigits(String(count))} عدد «${name}»${variant ? ` (${variant})` : ''}: ${formatToman(amount)}`,
  wantedTotal: (total: number) => `جمع: ${formatToman(total)}`,
  /** The sum with the shop's code taken off (`partly`: not off the sale items). */
  codeTotal: (code: string, percent: number, total: number, partly: boolean, firstOrderOnly: boolean) =>
    `با کد ${code} (${formatNumber(percent)}٪ تخفیف${firstOrderOnly ? ' برای اولین خرید' : ''}${partly ? '، که روی کالاهای حراجی اعمال نمی‌شود' : ''}): ${formatToman(total)}.`,
  codeNotOnSaleItems: (code: string, total: number) => `کد ${code} روی کالاهای حراجی اعمال نمی‌شود؛ مبلغ همان ${formatToman(total)} است.`,
  codeBelowMinimum: (code: string, min: number, total: number) => `کد ${code} برای خریدهای از ${formatToman(min)} به بالاست و این خرید ${formatToman(total)} است.`,
  wantedShipsFree: (over: number) => `چون جمع خریدتان بالای ${formatToman(over)} است، ارسالش رایگان است.`,
  wantedShortOfFree: (over: number, short: number) => `ارسال برای خریدهای بالای ${formatToman(over)} رایگان است؛ این خرید ${formatToman(short)} کمتر از آن است.`,
  wantedWithShipping: (city: string, method: string, cost: number, sum: number, days?: string) =>
    `ارسال به ${city} با ${method} ${formatToman(cost)}${days ? ` (${days})` : ''} است؛ روی هم ${formatToman(sum)}.`,
  /** «سه تا طوسی بخوام چند میشه؟»: that many of it. */
  quantityTotal: (count: number, total: number) => `${persianDigits(String(count))} عدد با هم: ${formatToman(total)}.`,
  bothHave: (line: string) => (/^[^:]+ها:/.test(line) ? line.replace(/^([^:]+)ها:/, '$1های هر دو:') : `هر دو: ${line}`),
  sizes: (list: string) => `سایزها: ${list}`,
  colours: (list: string) => `رنگ‌ها: ${list}`,
  cardStock: (count: number) => (count > 0 ? `موجود (${formatNumber(count)} عدد)` : 'ناموجود'),
  available: 'موجود',
  soldOut: 'ناموجود',
  onlyLeft: (count: number) => `فقط ${formatNumber(count)} عدد باقی مانده`,
  countLeft: (count: number) => `${formatNumber(count)} عدد`,
  variantAvailable: (name: string, variant: string, note = '') => `بله، «${name}» در ${variant} موجود است${note}.`,
  variantSoldOut: (name: string, variant: string) => `متأسفانه «${name}» در ${variant} تمام شده است.`,
  notEnough: (name: string, variant: string, asked: number, left?: number) =>
    left !== undefined
      ? `از «${name}» در ${variant} فقط ${formatNumber(left)} عدد موجود است، نه ${formatNumber(asked)} عدد.`
      : `«${name}» در ${variant} موجود است، اما نه به تعداد ${formatNumber(asked)} عدد؛ برای تعداد بیشتر، همکارانم در پشتیبانی پیگیری می‌کنند.`,
  variantNearest: (list: string) => `نزدیک‌ترین‌هایی که موجود است: ${list}`,
  colourNearest: (asked: string, have: string) => `«${asked}» نداریم؛ نزدیک‌ترین رنگ ما ${have} است.`,
  notCarried: (what: string) => `متأسفانه «${what}» را در فروشگاه نداریم.`,
  sameKind: 'از همین دسته این‌ها را داریم:',
  noCheaper: (name: string) => `ارزان‌تر از «${name}» در همین دسته چیزی موجود نداریم.`,
  unreadable: 'این پیام را نتوانستم بخوانم؛ لطفاً سؤال‌تان را درباره‌ی محصولات، سفارش یا ارسال با متن ساده بنویسید.',
  greetingAck: 'سلام، وقت‌تان بخیر 🌸',
  thanksAck: 'خواهش می‌کنم 🌷',
  /** Asked of the shop's own FAQ to find its entry on how to order (never sent). */
  howToOrderProbe: 'چطوری سفارش بدم؟',
  /** «سفارش میدم» with no entry of the shop's on how to order. */
  orderOnSite: (website?: string) => (website ? `می‌توانید سفارش را از سایت (${website}) ثبت کنید؛ اگر سؤالی پیش آمد همین‌جا در خدمتم.` : 'اگر سؤالی پیش آمد همین‌جا در خدمتم.'),
  yes: 'بله،',
  viewOnSite: 'مشاهده در سایت',

  // Orders
  askOrderNumber: 'لطفاً شماره‌ی سفارش‌تان را بفرستید (مثلاً ۱۰۴۵۲).',
  askOrderNumberAgain: 'شماره‌ی سفارش را پیدا نکردم. لطفاً فقط عدد سفارش را بفرستید؛ در پیامک یا ایمیل ثبت سفارش آمده است.',
  askPhone: 'برای حفظ حریم خصوصی، لطفاً شماره‌ی موبایلی را که با آن سفارش داده‌اید بفرستید.',
  askPhoneAgain: 'لطفاً شماره‌ی موبایل را به شکل ۰۹۱۲۳۴۵۶۷۸۹ بفرستید.',
  /** The customer will not give the phone: why it is needed, and who can help otherwise. */
  phoneNeeded: 'وضعیت سفارش را برای حفظ حریم خصوصی فقط با شماره‌ی موبایلی که با آن سفارش داده‌اید می‌توانم بگویم. اگر نمی‌خواهید شماره را اینجا بفرستید، همکارانم در پشتیبانی کمکتان می‌کنند.',
  askSharedContact:
    'برای حفظ حریم خصوصی، لطفاً با دکمه‌ی «ارسال شماره‌ی من» شماره‌ی موبایل‌تان را بفرستید؛ اطلاعات سفارش فقط به صاحب همان شماره نشان داده می‌شود.',
  shareContactButton: 'ارسال شماره‌ی من 📱',
  foreignContact: 'لطفاً شماره‌ی خودتان را با دکمه‌ی «ارسال شماره‌ی من» بفرستید؛ شماره‌ی دیگران را نمی‌توانم تأیید کنم.',
  // The same words whether the order does not exist or the phone is not its own: nothing to learn.
  orderNoMatch: 'سفارشی با این شماره‌ی سفارش و این شماره‌ی موبایل پیدا نکردم. لطفاً هر دو را دوباره بررسی کنید.',
  verificationLocked:
    'به دلیل چند تلاش ناموفق، تا یک ساعت نمی‌توانم اطلاعات سفارش را نمایش دهم. اگر مایلید، همکارانم در پشتیبانی کمکتان می‌کنند.',
  orderStatus: (o: {
    id: string;
    status: OrderStatus;
    createdAt: string;
    updatedAt?: string;
    items: string[];
    carrier?: string;
    trackingCode?: string;
    trackingUrl?: string;
    total?: number;
  }) => {
    const lines = [`سفارش ${persianDigits(o.id)}: ${STATUS_LABELS[o.status]}`, `تاریخ ثبت: ${formatJalali(o.createdAt)}`];
    if (o.updatedAt && (o.status === 'shipped' || o.status === 'delivered')) {
      lines.push(`${o.status === 'shipped' ? 'تاریخ ارسال' : 'تاریخ تحویل'}: ${formatJalali(o.updatedAt)}`);
    }
    if (o.items.length) lines.push(`اقلام: ${o.items.join('، ')}`);
    if (o.total !== undefined) lines.push(`مبلغ: ${formatToman(o.total)}`);
    if (o.carrier) lines.push(`ارسال با ${o.carrier}${o.trackingCode ? `، کد رهگیری: ${o.trackingCode}` : ''}`);
    if (o.trackingUrl) lines.push(`پیگیری مرسوله: ${o.trackingUrl}`);
    return lines.join('\n');
  },
  yourOrders: 'سفارش‌های شما:',
  /** «کد رهگیری نداره؟» of an order shown: its code, or why it has none. */
  orderTracking: (id: string, code: string, url?: string) =>
    `کد رهگیری سفارش ${persianDigits(id)}: ${code}${url ? `\nپیگیری مرسوله: ${url}` : ''}`,
  orderNoTracking: (id: string, carrier: string | undefined, tracked: boolean) =>
    carrier && !tracked
      ? `سفارش ${persianDigits(id)} با ${carrier} ارسال شده است و ${carrier} کد رهگیری ندارد.`
      : `برای سفارش ${persianDigits(id)} هنوز کد رهگیری ثبت نشده است؛ بعد از ارسال برایتان پیامک می‌شود.`,
  /** «چرا لغو شده؟ پولم چی میشه؟» of an order shown: the bot does not know why; a person does. */
  /** «سامبا ۴۱ سفید دیگه؟» of the order just shown: what it holds of that product. */
  orderItemIs: (id: string, item: string, same: boolean) => (same ? `بله، در سفارش ${persianDigits(id)} «${item}» ثبت شده است.` : `در سفارش ${persianDigits(id)} «${item}» ثبت شده است.`),
  orderWhy: (id: string) =>
    `دلیل وضعیت سفارش ${persianDigits(id)} در اطلاعاتی که من می‌بینم ثبت نشده است. همکارانم در پشتیبانی بررسی می‌کنند و درباره‌ی مبلغ پرداختی هم راهنمایی‌تان می‌کنند.`,

  // FAQ
  noAnswer: 'پاسخ این سؤال را ندارم؛ اگر مایلید، با همکارانم در پشتیبانی صحبت کنید.',
  freeShipping: (over: number) => `ارسال برای خریدهای بالای ${formatToman(over)} رایگان است.`,
  amountOverFloor: (amount: number, floor: number, saidOver = false) =>
    saidOver && amount === floor ? 'بله.' : `بله، ${formatToman(amount)} بیشتر از ${formatToman(floor)} است.`,
  amountNotOverFloor: (amount: number, floor: number) =>
    amount === floor ? `خیر، ${formatToman(amount)} بیشتر از ${formatToman(floor)} نیست.` : `خیر، ${formatToman(amount)} کمتر از ${formatToman(floor)} است.`,
  shippingMethod: (name: string, cost: number, days?: string, cities?: string) =>
    `• ${name}: ${formatToman(cost)}${days ? `، ${days}` : ''}${cities ? ` (فقط ${cities})` : ''}`,
  /** A way of sending and how long it takes, when sending is free. */
  shippingMethodDays: (name: string, days: string) => `• ${name}: ${days}`,
  /** «کدومش زودتر میرسه؟» after a city's ways of sending. */
  fastestWay: (city: string, name: string, days: string) => `سریع‌ترین راه ارسال به ${city}، ${name} است: ${days}.`,
  cheapestWay: (city: string, name: string, cost: number) => `کم‌هزینه‌ترین راه ارسال به ${city}، ${name} است: ${formatToman(cost)}.`,
  shippingHeader: 'روش‌های ارسال:',
  paymentsHeader: 'روش‌های پرداخت:',
  hoursHeader: 'ساعت کاری پشتیبانی:',
  /** «۲ دی بازین؟» of one of the shop's holidays. */
  holidayClosed: 'خیر، آن روز تعطیل رسمی است و فروشگاه و پشتیبانی تعطیل هستند.',
  /** «شنبه‌ها بازید؟»: yes or no for that day, with its hours; closed, the week's hours after it. */
  hoursOnDay: (day: string, open?: { from: string; to: string }) =>
    open ? `بله، ${day}‌ها از ${open.from} تا ${open.to} پاسخگو هستیم.` : `خیر، ${day}‌ها تعطیل هستیم.`,
  /** «پنجشنبه ساعت ۵ بازید؟» past that day's close: no, and that day's hours. */
  hoursNotThen: (day: string, open: { from: string; to: string }) => `خیر، ${day}‌ها فقط از ${open.from} تا ${open.to} پاسخگو هستیم.`,
  address: (address: string) => `نشانی فروشگاه: ${address}`,
  contact: 'راه‌های ارتباط با ما:',

  // Shop FAQ, bot identity, haggling, shipping to a city (issue 11, developer F)
  botIdentity:
    'من دستیار خودکار فروشگاه هستم، نه یک آدم 🙂 به سؤال‌های قیمت، موجودی، سفارش، ارسال و پرداخت جواب می‌دهم؛ اگر بخواهید، همین حالا شما را به یکی از همکارانم در پشتیبانی وصل می‌کنم.',
  haggleNoPolicy: 'درباره‌ی قیمت نهایی، همکارانم در پشتیبانی بهتر می‌توانند راهنمایی‌تان کنند. می‌خواهید با یکی از آن‌ها صحبت کنید؟',
  faqNoAnswer: 'برای این سؤال پاسخ آماده‌ای ندارم، ولی همکارانم در پشتیبانی دقیق جواب می‌دهند. می‌خواهید با یکی از آن‌ها صحبت کنید؟',
  shippingToCityHeader: (city: string) => `ارسال به ${city}:`,
  noShippingToCity: (city: string) => `متأسفانه فعلاً به ${city} ارسال نداریم.`,
  methodNotToCity: (method: string, city: string, only: readonly string[] = []) =>
    only.length > 0 ? `${method} به ${city} ارسال ندارد؛ فقط در ${only.join(' و ')}.` : `${method} به ${city} ارسال ندارد.`,

  // Fallback and handoff
  clarify: 'منظورتان را دقیق متوجه نشدم. درباره‌ی کدام‌یک می‌پرسید؟',
  clarifyNoOptions: 'منظورتان را دقیق متوجه نشدم. می‌شود کمی بیشتر توضیح دهید؟',
  offerHuman: 'متأسفم، هنوز منظورتان را متوجه نشده‌ام. می‌خواهید با یکی از همکارانم در پشتیبانی صحبت کنید؟',
  // An alarm, a song, the weather: said honestly, with what the bot can do instead.
  outOfScope: 'در این مورد کاری از من برنمی‌آید 🙂 من دستیار فروشگاه هستم و درباره‌ی قیمت و موجودی محصولات، پیگیری سفارش، ارسال، پرداخت و مرجوعی کمکتان می‌کنم.',
  askAway: 'بفرمایید، در خدمتم 🌸',
  paymentNotOffered: (ways: string) => `متأسفانه این روش پرداخت را نداریم. روش‌های پرداخت ما: ${ways}.`,
  /** After a way to pay that has a condition («فقط برای تهران»): the others. */
  otherPaymentWays: (ways: readonly string[]) => `در غیر این صورت می‌توانید با ${ways.join(' یا ')} پرداخت کنید.`,
  noted: 'خوشحالم 🌸 اگر سؤال دیگری داشتید، در خدمتم.',
  howAreYou: 'ممنونم، لطف دارید 🌸 چطور می‌توانم کمکتان کنم؟',
  changeOrder:
    'تغییر سفارشی که ثبت شده (سایز، رنگ یا آدرس) را همکارانم در پشتیبانی انجام می‌دهند؛ اگر هنوز ارسال نشده باشد معمولاً ممکن است. می‌خواهید با یکی از آن‌ها صحبت کنید؟',
  cancelOrder: 'لغو سفارش را همکارانم در پشتیبانی انجام می‌دهند. می‌خواهید با یکی از آن‌ها صحبت کنید؟',
  restockUnknown: 'زمان موجود شدن دوباره‌اش را نمی‌دانم؛ اگر مایلید، همکارانم در پشتیبانی پیگیری می‌کنند.',
  warrantyUnknown: (name: string) => `در مشخصات «${name}» گارانتی ذکر نشده است؛ اگر مایلید، همکارانم در پشتیبانی دقیق‌تر جواب می‌دهند.`,
  sizeBeyond: (name: string, size: string, bigger: boolean) => `«${name}» سایز ${bigger ? 'بزرگ‌تر' : 'کوچک‌تر'} از ${size} ندارد.`,
  talkToHuman: 'صحبت با پشتیبان',
  complaintSorry: 'از این بابت واقعاً متأسفیم 🙏',
  handoffNow: 'گفتگو را به همکارانم در پشتیبانی می‌سپارم؛ به‌زودی همین‌جا جواب می‌دهند.',
  handoffLater: (hours: string) =>
    `پیام‌تان برای همکارانم در پشتیبانی ثبت شد. الان خارج از ساعت کاری هستیم (${hours})؛ در اولین فرصت همین‌جا جواب می‌دهند.`,
  handoffWaiting:
    'پیام‌تان را به همکارانم در پشتیبانی رساندم؛ هنوز در صف هستید و به‌زودی همین‌جا جواب می‌دهند. اگر خواستید تا آن موقع با من ادامه دهید، /bot را بفرستید.',
  handoffStillQueued: 'درخواست‌تان برای صحبت با پشتیبان هم سر جایش است و نوبت‌تان محفوظ است.',
  handoffAlready: 'درخواست‌تان برای همکارانم در پشتیبانی ثبت شده است؛ به‌زودی همین‌جا جواب می‌دهند.',
  handoffAccepted: (agent?: string) => (agent ? `${agent} از پشتیبانی به گفتگو پیوست.` : 'یکی از همکارانم در پشتیبانی به گفتگو پیوست.'),
  handoffCompleted: 'گفتگو با پشتیبان تمام شد. اگر باز هم سؤالی داشتید، من در خدمتم 🌸',
  handoffFailed:
    'متأسفانه فعلاً همکاری برای پاسخ در دسترس نیست. پیام‌تان ثبت شده و در اولین فرصت جواب می‌دهیم؛ تا آن موقع هر سؤالی درباره‌ی محصولات، سفارش یا ارسال داشتید، من در خدمتم.',
  handoffCancelled: 'باشد، درخواست گفتگو با پشتیبان لغو شد. من در خدمتم؛ سؤال‌تان را بنویسید.',
  handoffNone: 'گفتگویی با پشتیبان در جریان نیست؛ من در خدمتم.',
  handoffQueued: (position: number, minutes?: number) =>
    `شما نفر ${formatNumber(position)} در صف پشتیبانی هستید${minutes ? `؛ زمان انتظار حدود ${formatNumber(minutes)} دقیقه است` : ''}. هر وقت هم خواستید با /bot به من برگردید.`,
  rateAsk: 'به این گفتگو از ۱ تا ۵ چه نمره‌ای می‌دهید؟',
  rateOption: (score: number) => `${'⭐'.repeat(score)} ${formatNumber(score)}`,
  rateThanks: 'از نظرتان ممنونیم 🌷',
  rateWhy: 'متأسفیم که راضی نبودید. چه چیزی خوب پیش نرفت؟ در یک پیام بنویسید تا به دست مسئول فروشگاه برسد.',
  rateWhyThanks: 'ممنون که گفتید؛ نظرتان ثبت شد و بررسی‌اش می‌کنیم 🌷',
  rateNothing: 'نمره‌دادن بعد از پایان گفتگو با پشتیبان است؛ الان گفتگویی برای نمره‌دادن ندارید.',

  // Data commands
  forgotten: 'همه‌ی اطلاعاتی که از شما نگه داشته بودیم پاک شد.',
  myData: (d: { messages: number; verifiedPhone?: string; linkedPhones: string[]; handoff?: string; since: string }) =>
    [
      'اطلاعاتی که از شما نگه داشته‌ایم:',
      `• شروع گفتگو: ${formatJalali(d.since)}`,
      `• تعداد پیام‌های ثبت‌شده در این گفتگو: ${formatNumber(d.messages)}`,
      `• شماره‌ی موبایل تأییدشده: ${d.verifiedPhone ? persianDigits(d.verifiedPhone) : 'ندارد'}`,
      ...(d.linkedPhones.length ? [`• شماره‌های متصل به حساب: ${d.linkedPhones.map(persianDigits).join('، ')}`] : []),
      ...(d.handoff ? [`• گفتگو با پشتیبان: ${d.handoff}`] : []),
      'برای پاک کردن همه‌ی این‌ها /forget را بفرستید.',
    ].join('\n'),

  tooLong: 'پیام خیلی طولانی است؛ لطفاً کوتاه‌تر بنویسید.',
  webWelcome: (shop: string) => `سلام، به ${shop} خوش آمدید 🌸 سؤال‌تان درباره‌ی محصولات، سفارش، ارسال یا پرداخت را بنویسید.`,
  nonText: 'فعلاً فقط پیام متنی را می‌توانم بخوانم؛ لطفاً سؤال‌تان را بنویسید.',
};

// Each text as "a string" or "a function to a string", so the other register may word it freely.
type Widen<T> = T extends string ? string : T extends (...args: infer A) => string ? (...args: A) => string : T;
export type Texts = { [K in keyof typeof texts]: Widen<(typeof texts)[K]> };

/**
 * The warm colloquial register (shop.yaml `tone: casual`), as Instagram sellers write: the same
 * facts, spoken forms («موجوده»، «بفرستین»). A text missing here is said in the formal register.
 */
export const casualTexts: Partial<Texts> = {
  welcome: (shop: string) =>
    `سلام، به ${shop} خوش اومدین 🌸\nمن دستیار خودکار فروشگاهم؛ قیمت و موجودی، پیگیری سفارش، ارسال، پرداخت و مرجوعی رو ازم بپرسین. هر وقت هم خواستین، با بچه‌های پشتیبانی حرف بزنین.`,
  greeting: 'سلام عزیزم، وقتت بخیر 🌸 چطور می‌تونم کمکت کنم؟',
  greetingAck: 'سلام عزیزم 🌸',
  thanksAck: 'خواهش می‌کنم عزیزم 🌷',
  thanks: 'خواهش می‌کنم عزیزم 🌷 سؤال دیگه‌ای بود، در خدمتم.',
  goodbye: 'خدانگهدار، روزت خوش 🌷',
  whichProduct: 'کدوم محصول رو می‌گی؟ اسمش رو بنویس لطفاً.',
  chooseProduct: 'کدوم‌یکی از این‌ها رو می‌گی؟',
  kindHeader: 'این‌ها رو داریم:',
  kindPick: 'هر کدوم رو خواستی، جزئیات و موجودیش رو می‌گم.',
  fromDescription: (name: string, part: string) => `«${name}»: ${part}`,
  soldOutShort: 'فعلاً تموم شده',
  hoursOnDay: (day: string, open?: { from: string; to: string }) =>
    open ? `آره، ${day}‌ها از ${open.from} تا ${open.to} جواب می‌دیم.` : `نه، ${day}‌ها تعطیلیم.`,
  hoursNotThen: (day: string, open: { from: string; to: string }) => `نه، ${day}‌ها فقط از ${open.from} تا ${open.to} جواب می‌دیم.`,
  holidayClosed: 'نه، اون روز تعطیل رسمیه و ما هم تعطیلیم.',
  noSale: (name: string, price: number) => `«${name}» الان تخفیف نداره و قیمتش ${formatNumber(price)} تومنه.`,
  productNotFound: (suggestions: boolean) =>
    suggestions ? 'این محصول رو پیدا نکردم؛ شاید منظورت یکی از این‌هاست:' : 'این محصول رو پیدا نکردم؛ اسمش رو دقیق‌تر بنویس یا توی سایت ببین.',
  price: (name: string, price: number, salePrice?: number) =>
    salePrice !== undefined
      ? `«${name}» با تخفیف ${formatNumber(salePrice)} تومنه (قیمت قبلیش ${formatNumber(price)} تومن بود).`
      : `قیمت «${name}» ${formatNumber(price)} تومنه.`,
  outOfStockNote: 'البته الان موجود نیست.',
  noneLeftAtAll: (sized: boolean, coloured: boolean) => `فعلاً از این هیچ ${sized && coloured ? 'سایز و رنگی' : sized ? 'سایزی' : 'رنگی'} موجود نداریم.`,
  inStock: (name: string) => `«${name}» موجوده 😍`,
  freeSize: (name: string) => `«${name}» فری‌سایزه عزیزم، یه سایزه و به همه میخوره.`,
  whatWeSell: (kinds: readonly string[]) => `ما ${listOf(kinds)} داریم عزیزم 😊 دنبال چی هستی؟`,
  suitsSkin: (name: string, written: string) => `آره، «${name}» ${written}ه.`,
  notForSkin: (name: string, written: string, skin: readonly string[], others: readonly { name: string; price: number }[]) =>
    `«${name}» ${written}ه و واسه پوست ${skin.join(' و ')} پیشنهادش نمی‌کنم.` +
    (others.length ? `\nواسه پوست ${skin.join(' و ')} اینا بهترن: ${others.map((o) => `«${o.name}» (${formatNumber(o.price)} تومن)`).join('، ')}` : ''),
  skinIdeas: (items: readonly { name: string; price: number }[], skin: readonly string[]) =>
    [
      `${skin.length ? `واسه پوست ${skin.join(' و ')}` : 'واسه پوستت'} اینا رو پیشنهاد می‌کنم:`,
      ...items.map((i) => `• ${i.name}: ${formatToman(i.price)}`),
      'هر کدوم رو خواستی، توضیح و موجودیش رو می‌گم.',
    ].join('\n'),
  giftIdeas: (items: readonly { name: string; price: number }[], budget?: number) =>
    [
      `برای کادو${budget ? ` تا ${formatToman(budget)}` : ''} اینا رو پیشنهاد میکنم 🎁`,
      ...items.map((i) => `• ${i.name}: ${formatToman(i.price)}`),
      'بگو چه مدل چیزی دوست داره (کیف، شال، اکسسوری…) تا دقیق‌تر بگم 😊',
    ].join('\n'),
  noGiftFits: (budget?: number) =>
    budget ? `الان چیزی تا ${formatToman(budget)} موجود نداریم عزیزم 😔 اگه بودجه یه کم بیشتره بگو تا پیشنهاد بدم.` : 'الان چیزی موجود نداریم که پیشنهاد بدم عزیزم 😔',
  outOfStock: (name: string) => `«${name}» فعلاً تموم شده 😔`,
  variantAvailable: (name: string, variant: string, note = '') => `آره، «${name}» ${variant} موجوده${note} 😍`,
  variantSoldOut: (name: string, variant: string) => `«${name}» ${variant} متأسفانه تموم شده 😔`,
  variantUnknown: (name: string, variant: string) => `«${name}» ${variant} نداره.`,
  notEnough: (name: string, variant: string, asked: number, left?: number) =>
    left !== undefined
      ? `از «${name}» ${variant} فقط ${formatNumber(left)} تا مونده، نه ${formatNumber(asked)} تا.`
      : `«${name}» ${variant} موجوده ولی نه ${formatNumber(asked)} تا؛ برای تعداد بیشتر بچه‌های پشتیبانی پیگیری می‌کنن.`,
  priceDifference: (dearer: string, cheaper: string, difference: number) =>
    `«${dearer}» ${formatNumber(difference)} تومن از «${cheaper}» گرون‌تره.`,
  together: (total: number) => `دوتاش با هم میشه ${formatNumber(total)} تومن.`,
  fitsSkinBetter: (name: string, skin: readonly string[]) => `واسه پوست ${skin.join(' و ')}، «${name}» مناسب‌تره.`,
  productShipsFree: (name: string, price: number, over: number) => `آره، «${name}» ${formatNumber(price)} تومنه و چون بالای ${formatNumber(over)} تومنه، ارسالش رایگانه.`,
  productShortOfFree: (name: string, price: number, over: number) =>
    `«${name}» ${formatNumber(price)} تومنه؛ ارسال واسه خریدای بالای ${formatNumber(over)} تومن رایگانه، پس این یکی تنهایی هزینه‌ی ارسال داره.`,
  wantedLine: (count: number, name: string, variant: string, amount: number) =>
    `• ${persianDigits(String(count))} تا «${name}»${variant ? ` (${variant})` : ''}: ${formatNumber(amount)} تومن`,
  wantedTotal: (total: number) => `جمعش میشه ${formatNumber(total)} تومن.`,
  codeTotal: (code: string, percent: number, total: number, partly: boolean, firstOrderOnly: boolean) =>
    `با کد ${code} (${formatNumber(percent)}٪ تخفیف${firstOrderOnly ? ' برای خرید اول' : ''}${partly ? '، که رو حراجیا نمیخوره' : ''}) میشه ${formatNumber(total)} تومن.`,
  codeNotOnSaleItems: (code: string, total: number) => `کد ${code} رو حراجیا نمیخوره؛ همون ${formatNumber(total)} تومن میشه.`,
  codeBelowMinimum: (code: string, min: number, total: number) => `کد ${code} برای خریدای از ${formatNumber(min)} تومن به بالاست، این خرید ${formatNumber(total)} تومنه.`,
  wantedShipsFree: (over: number) => `چون بالای ${formatNumber(over)} تومنه، ارسالش رایگانه.`,
  wantedShortOfFree: (over: number, short: number) => `ارسال واسه خریدای بالای ${formatNumber(over)} تومن رایگانه؛ این خرید ${formatNumber(short)} تومن کمتر از اونه.`,
  wantedWithShipping: (city: string, method: string, cost: number, sum: number, days?: string) =>
    `ارسال به ${city} با ${method} ${formatNumber(cost)} تومنه${days ? ` (${days})` : ''}؛ روی هم میشه ${formatNumber(sum)} تومن.`,
  quantityTotal: (count: number, total: number) => `${persianDigits(String(count))} تاش با هم میشه ${formatNumber(total)} تومن.`,
  noted: 'خوشحالم عزیزم 🌸 سؤال دیگه‌ای بود، در خدمتم.',
  howAreYou: 'مرسی عزیزم، لطف داری 🌸 چطور می‌تونم کمکت کنم؟',
  changeOrder: 'تغییر سفارش ثبت‌شده (سایز، رنگ یا آدرس) رو بچه‌های پشتیبانی انجام می‌دن؛ اگه هنوز ارسال نشده باشه معمولاً میشه. می‌خوای باهاشون حرف بزنی؟',
  handoffWaiting: 'پیامت رو به بچه‌های پشتیبانی رسوندم؛ هنوز توی صفی و به‌زودی همین‌جا جواب می‌دن. اگه خواستی تا اون موقع با من ادامه بدی، /bot رو بفرست.',
  handoffStillQueued: 'درخواستت برای حرف زدن با پشتیبانی هم سر جاشه و نوبتت محفوظه.',
  variantNearest: (list: string) => `به‌جاش این‌ها موجوده: ${list}`,
  colourNearest: (asked: string, have: string) => `«${asked}» نداریم؛ نزدیک‌ترین رنگی که داریم ${have} هست.`,
  availableVariants: (list: string) => `موجودی الان: ${list}`,
  notCarried: (what: string) => `«${what}» رو نداریم عزیزم.`,
  sameKind: 'از همین دسته این‌ها رو داریم:',
  onlyLeft: (count: number) => `فقط ${formatNumber(count)} تا مونده`,
  countLeft: (count: number) => `${formatNumber(count)} تا`,
  unreadable: 'این پیام رو نتونستم بخونم؛ سؤالت رو درباره‌ی محصولات، سفارش یا ارسال ساده بنویس لطفاً.',
  yes: 'آره،',
  sizes: (list: string) => `سایزها: ${list}`,
  colours: (list: string) => `رنگ‌ها: ${list}`,
  noAnswer: 'جواب این سؤال رو ندارم؛ اگه بخوای، با بچه‌های پشتیبانی حرف بزن.',
  freeShipping: (over: number) => `برای خریدهای بالای ${formatToman(over)} ارسال رایگانه.`,
  amountOverFloor: (amount: number, floor: number, saidOver = false) =>
    saidOver && amount === floor ? 'آره.' : `آره، ${formatToman(amount)} از ${formatToman(floor)} بیشتره.`,
  amountNotOverFloor: (amount: number, floor: number) =>
    amount === floor ? `نه، ${formatToman(amount)} از ${formatToman(floor)} بیشتر نیست.` : `نه، ${formatToman(amount)} از ${formatToman(floor)} کمتره.`,
  clarify: 'منظورت رو دقیق نفهمیدم. درباره‌ی کدوم می‌پرسی؟',
  clarifyNoOptions: 'منظورت رو دقیق نفهمیدم؛ می‌شه یه کم بیشتر توضیح بدی؟',
  offerHuman: 'ببخشید، هنوز منظورت رو نفهمیدم. می‌خوای با یکی از بچه‌های پشتیبانی حرف بزنی؟',
  outOfScope: 'این یکی از دستم برنمیاد 🙂 من دستیار فروشگاهم؛ قیمت و موجودی، پیگیری سفارش، ارسال، پرداخت و مرجوعی رو ازم بپرس.',
  askAway: 'بفرما عزیزم، در خدمتم 🌸',
  paymentNotOffered: (ways: string) => `این روش پرداخت رو نداریم 😔 روش‌های پرداختمون: ${ways}.`,
  otherPaymentWays: (ways: readonly string[]) => `وگرنه میتونین با ${ways.join(' یا ')} پرداخت کنین.`,
  cancelOrder: 'لغو سفارش رو بچه‌های پشتیبانی انجام می‌دن. می‌خوای باهاشون حرف بزنی؟',
  restockUnknown: 'نمی‌دونم کی دوباره موجود می‌شه؛ اگه بخوای، بچه‌های پشتیبانی پیگیری می‌کنن.',
  warrantyUnknown: (name: string) => `تو مشخصات «${name}» گارانتی نوشته نشده عزیزم؛ اگه بخوای از بچه‌های پشتیبانی بپرس 🙏`,
  sizeBeyond: (name: string, size: string, bigger: boolean) => `«${name}» از ${size} ${bigger ? 'بزرگ‌تر' : 'کوچیک‌تر'} نداره.`,
  complaintSorry: 'واقعاً ببخشید بابت این موضوع 🙏',
  handoffNow: 'گفتگو رو به بچه‌های پشتیبانی می‌سپارم؛ زود همین‌جا جواب می‌دن.',
  handoffLater: (hours: string) =>
    `پیامت برای بچه‌های پشتیبانی ثبت شد. الان خارج از ساعت کاری هستیم (${hours})؛ اولین فرصت همین‌جا جواب می‌دن.`,
  handoffAlready: 'درخواستت برای پشتیبانی ثبت شده؛ زود همین‌جا جواب می‌دن.',
  handoffCompleted: 'گفتگو با پشتیبان تموم شد. باز سؤالی داشتی، من هستم 🌸',
  handoffCancelled: 'باشه، درخواست پشتیبان لغو شد. من در خدمتم؛ سؤالت رو بنویس.',
  handoffNone: 'الان گفتگویی با پشتیبان در جریان نیست؛ من در خدمتم.',
  rateAsk: 'به این گفتگو از ۱ تا ۵ چه نمره‌ای می‌دی؟',
  rateThanks: 'مرسی از نظرت 🌷',
  rateWhy: 'ببخشید که راضی نبودی. چی خوب پیش نرفت؟ تو یه پیام بنویس تا به دست مسئول فروشگاه برسه.',
  rateWhyThanks: 'مرسی که گفتی؛ نظرت ثبت شد و بررسیش می‌کنیم 🌷',
  nonText: 'فعلاً فقط پیام متنی رو می‌تونم بخونم؛ سؤالت رو بنویس لطفاً.',
  // Orders, FAQ and commands (issue 11, developer N)
  askOrderNumber: 'شماره‌ی سفارشت رو بفرست لطفاً (مثلاً ۱۰۴۵۲).',
  askOrderNumberAgain: 'شماره‌ی سفارش رو پیدا نکردم؛ فقط عدد سفارش رو بفرست، توی پیامک ثبت سفارش هست.',
  askPhone: 'برای حفظ حریم خصوصی، شماره‌ی موبایلی که باهاش سفارش دادی رو بفرست لطفاً.',
  askPhoneAgain: 'شماره‌ی موبایل رو این شکلی بفرست لطفاً: ۰۹۱۲۳۴۵۶۷۸۹',
  phoneNeeded: 'برای حفظ حریم خصوصی، وضعیت سفارش رو فقط با شماره‌ای که باهاش سفارش دادی میتونم بگم. اگه نمیخوای شماره رو اینجا بفرستی، همکارامون تو پشتیبانی کمکت میکنن.',
  orderNoMatch: 'سفارشی با این شماره‌ی سفارش و این موبایل پیدا نکردم؛ یه بار دیگه هر دو رو چک می‌کنی؟',
  faqNoAnswer: 'جواب آماده‌ای برای این سؤال ندارم، ولی بچه‌های پشتیبانی دقیق جواب می‌دن. می‌خوای باهاشون حرف بزنی؟',
  haggleNoPolicy: 'درباره‌ی قیمت نهایی، بچه‌های پشتیبانی بهتر راهنماییت می‌کنن. می‌خوای باهاشون حرف بزنی؟',
  forgotten: 'همه‌ی اطلاعاتی که ازت نگه داشته بودیم پاک شد.',
};

const casual: Texts = { ...texts, ...casualTexts };

/**
 * The texts in the shop's register (shop.yaml `tone`), for a flow: `textsOf(ctx).greeting`.
 *
 * @example textsOf(ctx).variantSoldOut(product.name, 'سایز L')
 */
export function textsOf(ctx: { services: { commerce: { shop(): { tone?: 'formal' | 'casual' } } } }): Texts {
  return ctx.services.commerce.shop().tone === 'casual' ? casual : texts;
}
