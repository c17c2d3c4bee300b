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
};

export const STATUS_LABELS: Readonly<Record<OrderStatus, string>> = {
  pending_payment: 'در انتظار پرداخت',
  processing: 'در حال آماده‌سازی',
  shipped: 'ارسال شده',
  delivered: 'تحویل داده شده',
  cancelled: 'لغو شده',
  returned: 'مرجوع شده',
};

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
  productNotFound: (suggestions: boolean) =>
    suggestions
      ? 'این محصول را در فروشگاه پیدا نکردم. شاید منظورتان یکی از این‌ها باشد:'
      : 'این محصول را در فروشگاه پیدا نکردم. لطفاً اسمش را دقیق‌تر بنویسید یا از سایت فروشگاه ببینید.',
  price: (name: string, price: number, salePrice?: number) =>
    salePrice !== undefined
      ? `قیمت «${name}» با تخفیف ${formatToman(salePrice)} است (قیمت قبلی ${formatToman(price)}).`
      : `قیمت «${name}» ${formatToman(price)} است.`,
  outOfStockNote: 'البته در حال حاضر موجود نیست.',
  inStock: (name: string) => `«${name}» موجود است.`,
  outOfStock: (name: string) => `متأسفانه «${name}» فعلاً موجود نیست.`,
  variantInStock: (name: string, variant: string, count: number) =>
    count <= 3
      ? `«${name}» در ${variant} موجود است (فقط ${formatNumber(count)} عدد باقی مانده).`
      : `«${name}» در ${variant} موجود است.`,
  variantOutOfStock: (name: string, variant: string) => `متأسفانه «${name}» در ${variant} تمام شده است.`,
  variantUnknown: (name: string, variant: string) => `«${name}» در ${variant} تولید نمی‌شود.`,
  availableVariants: (list: string) => `موجودی فعلی: ${list}`,
  sizes: (list: string) => `سایزها: ${list}`,
  colours: (list: string) => `رنگ‌ها: ${list}`,
  cardStock: (count: number) => (count > 0 ? `موجود (${formatNumber(count)} عدد)` : 'ناموجود'),
  available: 'موجود',
  soldOut: 'ناموجود',
  onlyLeft: (count: number) => `فقط ${formatNumber(count)} عدد باقی مانده`,
  countLeft: (count: number) => `${formatNumber(count)} عدد`,
  variantAvailable: (name: string, variant: string, note = '') => `بله، «${name}» در ${variant} موجود است${note}.`,
  variantSoldOut: (name: string, variant: string) => `متأسفانه «${name}» در ${variant} تمام شده است.`,
  variantNearest: (list: string) => `نزدیک‌ترین‌هایی که موجود است: ${list}`,
  colourNearest: (asked: string, have: string) => `«${asked}» نداریم؛ نزدیک‌ترین رنگ ما ${have} است.`,
  notCarried: (what: string) => `متأسفانه «${what}» را در فروشگاه نداریم.`,
  sameKind: 'از همین دسته این‌ها را داریم:',
  unreadable: 'این پیام را نتوانستم بخوانم؛ لطفاً سؤال‌تان را با متن ساده بنویسید.',
  greetingAck: 'سلام، وقت‌تان بخیر 🌸',
  yes: 'بله،',
  viewOnSite: 'مشاهده در سایت',

  // Orders
  askOrderNumber: 'لطفاً شماره‌ی سفارش‌تان را بفرستید (مثلاً ۱۰۴۵۲).',
  askOrderNumberAgain: 'شماره‌ی سفارش را پیدا نکردم. لطفاً فقط عدد سفارش را بفرستید؛ در پیامک یا ایمیل ثبت سفارش آمده است.',
  orderNotFound: (id: string) => `سفارشی با شماره‌ی ${persianDigits(id)} پیدا نکردم. لطفاً شماره را دوباره بررسی کنید.`,
  askPhone: 'برای حفظ حریم خصوصی، لطفاً شماره‌ی موبایلی را که با آن سفارش داده‌اید بفرستید.',
  askPhoneAgain: 'لطفاً شماره‌ی موبایل را به شکل ۰۹۱۲۳۴۵۶۷۸۹ بفرستید.',
  askSharedContact:
    'برای حفظ حریم خصوصی، لطفاً با دکمه‌ی «ارسال شماره‌ی من» شماره‌ی موبایل‌تان را بفرستید؛ اطلاعات سفارش فقط به صاحب همان شماره نشان داده می‌شود.',
  shareContactButton: 'ارسال شماره‌ی من 📱',
  foreignContact: 'لطفاً شماره‌ی خودتان را با دکمه‌ی «ارسال شماره‌ی من» بفرستید؛ شماره‌ی دیگران را نمی‌توانم تأیید کنم.',
  phoneMismatch: 'این شماره با شماره‌ی ثبت‌شده برای این سفارش یکی نیست. لطفاً دوباره بررسی کنید.',
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

  // FAQ
  noAnswer: 'پاسخ این سؤال را ندارم؛ اگر مایلید، با همکارانم در پشتیبانی صحبت کنید.',
  freeShipping: (over: number) => `ارسال برای خریدهای بالای ${formatToman(over)} رایگان است.`,
  shippingMethod: (name: string, cost: number, days?: string, cities?: string) =>
    `• ${name}: ${formatToman(cost)}${days ? `، ${days}` : ''}${cities ? ` (فقط ${cities})` : ''}`,
  shippingHeader: 'روش‌های ارسال:',
  paymentsHeader: 'روش‌های پرداخت:',
  hoursHeader: 'ساعت کاری پشتیبانی:',
  address: (address: string) => `نشانی فروشگاه: ${address}`,
  contact: 'راه‌های ارتباط با ما:',

  // Fallback and handoff
  clarify: 'منظورتان را دقیق متوجه نشدم. درباره‌ی کدام‌یک می‌پرسید؟',
  clarifyNoOptions: 'منظورتان را دقیق متوجه نشدم. می‌شود کمی بیشتر توضیح دهید؟',
  offerHuman: 'متأسفم، هنوز منظورتان را متوجه نشده‌ام. می‌خواهید با یکی از همکارانم در پشتیبانی صحبت کنید؟',
  talkToHuman: 'صحبت با پشتیبان',
  complaintSorry: 'از این بابت واقعاً متأسفیم 🙏',
  handoffNow: 'گفتگو را به همکارانم در پشتیبانی می‌سپارم؛ به‌زودی همین‌جا جواب می‌دهند.',
  handoffLater: (hours: string) =>
    `پیام‌تان برای همکارانم در پشتیبانی ثبت شد. الان خارج از ساعت کاری هستیم (${hours})؛ در اولین فرصت همین‌جا جواب می‌دهند.`,
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
  webTooLong: (max: number) => `پیام خیلی طولانی است؛ حداکثر ${formatNumber(max)} نویسه بنویسید.`,
  webEmpty: 'پیام خالی است.',
  webRateLimited: 'پیام‌ها خیلی پشت سر هم فرستاده شده‌اند؛ لطفاً یک دقیقه صبر کنید و دوباره بفرستید.',
  nonText: 'فعلاً فقط پیام متنی را می‌توانم بخوانم؛ لطفاً سؤال‌تان را بنویسید.',
};
