// A seeded generator of shop catalogs the size of a real online store (1k–100k products), for the
// catalog benchmark. Names are put together the way Iranian shops write them: a kind of thing
// («مانتو»، «کتونی»، «کرم ضدآفتاب»), a brand or a model name, a material or style, a season or a
// gender, sometimes a code («کد ۱۲۰۳»); aliases are the short forms and the Finglish customers type.
// The same seed always gives the same catalog, so runs compare.
import type { Product } from '../src/commerce/index.js';

interface Kind {
  /** The head noun as shops write it, and its Finglish. */
  name: string;
  latin: string;
  modifiers: readonly (readonly [string, string])[];
  brands: readonly (readonly [string, string])[];
  genders: boolean;
  price: readonly [number, number];
}

const GENDERS = [['زنانه', 'zanane'], ['مردانه', 'mardane'], ['بچگانه', 'bachegane'], ['یونیسکس', 'uniseks']] as const;
const SEASONS = [['تابستانه', 'tabestane'], ['زمستانه', 'zemestane'], ['پاییزه', 'paeeze'], ['بهاره', 'bahare']] as const;
const FABRICS = [
  ['کتان', 'katan'], ['نخی', 'nakhi'], ['لینن', 'linen'], ['کرپ', 'kerep'], ['مخمل', 'makhmal'], ['حریر', 'harir'],
  ['ابریشم', 'abrisham'], ['ساتن', 'saten'], ['پشمی', 'pashmi'], ['جین', 'jin'], ['کشی', 'keshi'], ['فلانل', 'felanel'],
  ['ویسکوز', 'viskoz'], ['اسپان', 'espan'], ['میکرو', 'mikro'], ['دورس', 'dors'],
] as const;
const CUTS = [
  ['بلند', 'boland'], ['کوتاه', 'kootah'], ['جلوباز', 'jelobaz'], ['اورسایز', 'oversize'], ['جذب', 'jazb'], ['گشاد', 'goshad'],
  ['کلاه‌دار', 'kolahdar'], ['زیپ‌دار', 'zipdar'], ['دکمه‌دار', 'dokmedar'], ['راه‌راه', 'rahrah'], ['طرح‌دار', 'tarhdar'],
  ['ساده', 'sade'], ['مجلسی', 'majlesi'], ['اسپرت', 'esport'], ['کلاسیک', 'kelasik'], ['یقه‌گرد', 'yaghegerd'],
] as const;
const LEATHER = [['چرم طبیعی', 'charm'], ['چرم مصنوعی', 'charm'], ['جیر', 'jir'], ['برزنتی', 'berezenti'], ['پارچه‌ای', 'parchei']] as const;
const METALS = [['استیل', 'estil'], ['نقره', 'noghre'], ['طلایی', 'talaei'], ['رزگلد', 'rosegold'], ['برنجی', 'berenji']] as const;
const CARE = [['آبرسان', 'abresan'], ['ضدچروک', 'zedchorook'], ['روشن‌کننده', 'roshan'], ['ضدجوش', 'zedjoosh'], ['مرطوب‌کننده', 'martoob'], ['مات', 'mat'], ['براق', 'boragh'], ['ضدآب', 'zedab']] as const;
const CLOTHING_BRANDS = [
  ['زارا', 'zara'], ['مانگو', 'mango'], ['ال‌سی‌وایکیکی', 'lcwaikiki'], ['دیفکتو', 'defacto'], ['کوتون', 'koton'], ['برشکا', 'bershka'],
  ['پل اند بیر', 'pullandbear'], ['جین وست', 'jeanswest'], ['هاکوپیان', 'hakopian'], ['سی‌ان‌اس', 'cns'], ['پاتن جامه', 'patan'], ['ماهور', 'mahoor'],
] as const;
const SHOE_BRANDS = [
  ['نایک', 'nike'], ['آدیداس', 'adidas'], ['پوما', 'puma'], ['ریباک', 'reebok'], ['نیوبالانس', 'newbalance'], ['اسکیچرز', 'skechers'],
  ['ونس', 'vans'], ['کانورس', 'converse'], ['ملی', 'melli'], ['ونوس', 'venus'], ['شیما', 'shima'], ['آسیکس', 'asics'],
] as const;
const BAG_BRANDS = [['چرم مشهد', 'charmmashhad'], ['درسا', 'dorsa'], ['گارد', 'gard'], ['سامسونیت', 'samsonite'], ['کاترپیلار', 'caterpillar'], ['آلفا', 'alfa']] as const;
const WATCH_BRANDS = [['کاسیو', 'casio'], ['سیکو', 'seiko'], ['اوماکس', 'omax'], ['سواچ', 'swatch'], ['فسیل', 'fossil'], ['رومانسون', 'romanson']] as const;
const BEAUTY_BRANDS = [
  ['میبلین', 'maybelline'], ['لورآل', 'loreal'], ['گارنیر', 'garnier'], ['نیوآ', 'nivea'], ['سینره', 'cinere'], ['آردن', 'ardene'],
  ['سراوی', 'cerave'], ['اوردینری', 'ordinary'], ['اسنس', 'essence'], ['پریمکس', 'primax'], ['کامان', 'comeon'], ['لافارر', 'lafarrerr'],
  ['بیول', 'biol'], ['هیدرودرم', 'hydroderm'], ['نوتروژنا', 'neutrogena'], ['لاروش', 'laroche'],
] as const;
// Model names shops give a line of clothes: given names and words, written as they are sold.
const MODELS = [
  'آیلین', 'رها', 'ترانه', 'نازنین', 'ستاره', 'یاسمن', 'مهسا', 'نیلوفر', 'آوا', 'سوگند', 'پرنیان', 'هستی', 'ملودی', 'آرتمیس', 'روژان',
  'دلارام', 'کیانا', 'ویانا', 'النا', 'آنیسا', 'تینا', 'بهار', 'پاییز', 'آسمان', 'دریا', 'ماهک', 'سارینا', 'آرمیتا', 'نگار', 'شیدا',
  'آرش', 'کوروش', 'داریوش', 'سامان', 'بردیا', 'پارسا', 'آرین', 'رادین', 'کیان', 'سپهر', 'مانی', 'هومن', 'آرمان', 'سینا', 'امیر',
  'ونیز', 'پاریس', 'میلان', 'رم', 'لندن', 'توکیو', 'سئول', 'استانبول', 'دبی', 'مادرید', 'وین', 'پراگ', 'آتن', 'لیون', 'نیس',
  'ایرفلو', 'کلودی', 'سافت', 'لایت', 'پرایم', 'الگانس', 'رویال', 'اکتیو', 'پلاس', 'مکس', 'ویو', 'نوا', 'زن', 'آرت', 'لوکس',
];

const K = (name: string, latin: string, modifiers: Kind['modifiers'], brands: Kind['brands'], genders: boolean, price: [number, number]): Kind => ({
  name, latin, modifiers, brands, genders, price,
});
const KINDS: readonly Kind[] = [
  K('مانتو', 'manto', [...FABRICS, ...CUTS, ...SEASONS], CLOTHING_BRANDS, false, [900_000, 3_500_000]),
  K('شلوار', 'shalvar', [...FABRICS, ['کارگو', 'cargo'], ['پالازو', 'palazzo'], ['دمپا', 'dampa'], ['اسلش', 'eslash'], ...CUTS], CLOTHING_BRANDS, true, [600_000, 2_500_000]),
  K('شلوار جین', 'shalvar jin', [['مام', 'mom'], ['اسلیم', 'slim'], ['بگ', 'bag'], ['زاپ‌دار', 'zapdar'], ['راسته', 'raste'], ['دمپا', 'dampa']], CLOTHING_BRANDS, true, [800_000, 2_800_000]),
  K('تیشرت', 'tishert', [...FABRICS.slice(0, 4), ...CUTS], CLOTHING_BRANDS, true, [250_000, 900_000]),
  K('هودی', 'hoodie', [['دورس', 'dors'], ['پنبه', 'panbe'], ['کلاه‌دار', 'kolahdar'], ['زیپ‌دار', 'zipdar'], ['اورسایز', 'oversize']], CLOTHING_BRANDS, true, [700_000, 2_000_000]),
  K('سویشرت', 'sweatshirt', [['دورس', 'dors'], ['زیپی', 'zipi'], ['اسپرت', 'esport'], ['ساده', 'sade']], CLOTHING_BRANDS, true, [650_000, 1_800_000]),
  K('شومیز', 'shomiz', [...FABRICS.slice(0, 8), ['آستین پفی', 'astin pofi'], ['اداری', 'edari'], ...CUTS.slice(8)], CLOTHING_BRANDS, false, [500_000, 1_600_000]),
  K('پیراهن', 'pirahan', [...FABRICS.slice(0, 6), ['چهارخانه', 'chaharkhane'], ['آستین کوتاه', 'astin kootah'], ['اداری', 'edari'], ['مجلسی', 'majlesi']], CLOTHING_BRANDS, true, [550_000, 1_900_000]),
  K('دامن', 'daman', [...FABRICS.slice(0, 7), ['پلیسه', 'pelise'], ['کلوش', 'kolosh'], ['مدادی', 'medadi'], ['بلند', 'boland']], CLOTHING_BRANDS, false, [450_000, 1_500_000]),
  K('کت', 'kot', [['تک', 'tak'], ['چرم', 'charm'], ['جین', 'jin'], ['کتان', 'katan'], ['مخمل', 'makhmal'], ['اسپرت', 'esport'], ['رسمی', 'rasmi']], CLOTHING_BRANDS, true, [1_500_000, 6_000_000]),
  K('پالتو', 'palto', [['فوتر', 'footer'], ['پشمی', 'pashmi'], ['بلند', 'boland'], ['کوتاه', 'kootah'], ['کمربنددار', 'kamarbanddar']], CLOTHING_BRANDS, true, [2_500_000, 8_000_000]),
  K('کاپشن', 'kapshen', [['پفی', 'pofi'], ['کلاه‌دار', 'kolahdar'], ['ضدآب', 'zedab'], ['سبک', 'sabok'], ['بلند', 'boland']], CLOTHING_BRANDS, true, [1_800_000, 7_000_000]),
  K('روسری', 'roosari', [['ابریشم', 'abrisham'], ['ساتن', 'saten'], ['نخی', 'nakhi'], ['مامی', 'mami'], ['نخ ابریشم', 'nakh abrisham'], ['طرح‌دار', 'tarhdar'], ['کرپ', 'kerep']], CLOTHING_BRANDS, false, [300_000, 1_200_000]),
  K('شال', 'shal', [['نخی', 'nakhi'], ['ساده', 'sade'], ['موهر', 'mohair'], ['کرپ', 'kerep'], ['حریر', 'harir'], ['پشمی', 'pashmi'], ['لمه', 'lame']], CLOTHING_BRANDS, false, [250_000, 900_000]),
  K('کتونی', 'katooni', [['رانینگ', 'running'], ['پیاده‌روی', 'piyaderavi'], ['طبی', 'tebi'], ['ساقدار', 'saghdar'], ['اسپرت', 'esport'], ['سبک', 'sabok']], SHOE_BRANDS, true, [1_200_000, 6_500_000]),
  K('کفش', 'kafsh', [['کالج', 'college'], ['رسمی', 'rasmi'], ['مجلسی', 'majlesi'], ['تخت', 'takht'], ['پاشنه‌دار', 'pashnedar'], ['طبی', 'tebi'], ...LEATHER] as const, SHOE_BRANDS, true, [900_000, 4_500_000]),
  K('صندل', 'sandal', [['لژدار', 'lojdar'], ['تخت', 'takht'], ['طبی', 'tebi'], ['تابستانه', 'tabestane'], ...LEATHER], SHOE_BRANDS, true, [400_000, 1_800_000]),
  K('نیم‌بوت', 'nimboot', [...LEATHER, ['پاشنه‌دار', 'pashnedar'], ['زمستانه', 'zemestane'], ['خزدار', 'khazdar']], SHOE_BRANDS, true, [1_500_000, 5_000_000]),
  K('کیف دوشی', 'kif dooshi', [...LEATHER, ['زنجیری', 'zanjiri'], ['کوچک', 'koochak'], ['مجلسی', 'majlesi']], BAG_BRANDS, true, [700_000, 3_500_000]),
  K('کیف پول', 'kif pool', [...LEATHER, ['کارتی', 'karti'], ['زیپی', 'zipi']], BAG_BRANDS, true, [300_000, 1_500_000]),
  K('کوله‌پشتی', 'kooleh poshti', [['ضدآب', 'zedab'], ['لپتاپ', 'laptop'], ['مدرسه', 'madrese'], ['کوهنوردی', 'koohnavardi'], ['سفری', 'safari']], BAG_BRANDS, true, [800_000, 4_000_000]),
  K('کمربند', 'kamarband', [...LEATHER, ['سگکی', 'sagaki'], ['حلقه‌ای', 'halghei']], BAG_BRANDS, true, [250_000, 1_200_000]),
  K('ساعت مچی', 'saat mochi', [...METALS, ['عقربه‌ای', 'aghrabei'], ['دیجیتال', 'digital'], ['بند چرمی', 'band charmi'], ['هوشمند', 'hooshmand']], WATCH_BRANDS, true, [1_200_000, 25_000_000]),
  K('عینک آفتابی', 'eynak aftabi', [['یووی ۴۰۰', 'uv400'], ['پلاریزه', 'polarized'], ['گربه‌ای', 'gorbei'], ['خلبانی', 'khalabani'], ['فریم فلزی', 'ferim felezi']], BAG_BRANDS, true, [600_000, 5_000_000]),
  K('گردنبند', 'gardanband', [...METALS, ['طرح ماه', 'tarh mah'], ['اسم', 'esm'], ['قلب', 'ghalb'], ['مروارید', 'morvarid']], BAG_BRANDS, false, [250_000, 4_000_000]),
  K('دستبند', 'dastband', [...METALS, ['چرمی', 'charmi'], ['مهره‌ای', 'mohrei'], ['النگویی', 'alangooei']], BAG_BRANDS, true, [200_000, 3_000_000]),
  K('انگشتر', 'angoshtar', [...METALS, ['نگین‌دار', 'negindar'], ['رینگ', 'ring'], ['فیروزه', 'firooze']], BAG_BRANDS, true, [300_000, 6_000_000]),
  K('کرم ضدآفتاب', 'kerem zedaftab', [['رنگی', 'rangi'], ['بی‌رنگ', 'birang'], ['SPF50', 'spf50'], ['پوست چرب', 'poost charb'], ['پوست خشک', 'poost khoshk']], BEAUTY_BRANDS, false, [300_000, 1_500_000]),
  K('کرم', 'kerem', [...CARE, ['دور چشم', 'dor cheshm'], ['شب', 'shab'], ['دست', 'dast']], BEAUTY_BRANDS, false, [200_000, 1_800_000]),
  K('رژ لب', 'rezh lab', [['مایع', 'mayee'], ['جامد', 'jamed'], ['مات', 'mat'], ['براق', 'boragh'], ['ماندگار', 'mandegar']], BEAUTY_BRANDS, false, [200_000, 900_000]),
  K('ریمل', 'rimel', [['حجم‌دهنده', 'hajmdahande'], ['بلندکننده', 'bolandkonande'], ['ضدآب', 'zedab'], ['حالت‌دهنده', 'halatdahande']], BEAUTY_BRANDS, false, [250_000, 900_000]),
  K('سرم', 'serom', [['نیاسینامید', 'niacinamide'], ['ویتامین سی', 'vitamin c'], ['هیالورونیک', 'hyaluronic'], ['رتینول', 'retinol'], ...CARE] as const, BEAUTY_BRANDS, false, [350_000, 2_000_000]),
  K('شامپو', 'shampoo', [['ضدشوره', 'zedshoore'], ['موی چرب', 'mooye charb'], ['موی خشک', 'mooye khoshk'], ['تقویت‌کننده', 'taghviat'], ['بدون سولفات', 'bedoon solfat']], BEAUTY_BRANDS, false, [150_000, 700_000]),
  K('خط چشم', 'khat cheshm', [['ماژیکی', 'mazhiki'], ['مویی', 'mooei'], ['ضدآب', 'zedab'], ['مدادی', 'medadi']], BEAUTY_BRANDS, false, [150_000, 600_000]),
  K('کرم پودر', 'kerem podr', [['مات', 'mat'], ['سبک', 'sabok'], ['پوشش بالا', 'pooshesh bala'], ['مایع', 'mayee']], BEAUTY_BRANDS, false, [350_000, 1_500_000]),
  K('عطر', 'atr', [['زنانه', 'zanane'], ['مردانه', 'mardane'], ['جیبی', 'jibi'], ['گرم', 'garm'], ['خنک', 'khonak']], BEAUTY_BRANDS, false, [600_000, 9_000_000]),
  K('لاک ناخن', 'lak nakhon', [['ژله‌ای', 'zhelei'], ['مات', 'mat'], ['براق', 'boragh'], ['اکلیلی', 'akelili']], BEAUTY_BRANDS, false, [80_000, 400_000]),
  K('جوراب', 'joorab', [['نخی', 'nakhi'], ['ساق بلند', 'sagh boland'], ['مچی', 'mochi'], ['طبی', 'tebi'], ['شلواری', 'shalvari']], CLOTHING_BRANDS, true, [60_000, 350_000]),
  K('کلاه', 'kolah', [['بافت', 'baft'], ['کپ', 'kap'], ['حصیری', 'hasiri'], ['بیسبال', 'beysbal'], ['زمستانه', 'zemestane']], CLOTHING_BRANDS, true, [150_000, 700_000]),
];

const SIZES_CLOTHES = ['S', 'M', 'L', 'XL', 'XXL'];
const SIZES_SHOES = ['37', '38', '39', '40', '41', '42', '43', '44'];
const COLOURS = ['مشکی', 'سفید', 'کرم', 'طوسی', 'سرمه‌ای', 'قرمز', 'آبی', 'سبز', 'صورتی', 'قهوه‌ای', 'بژ', 'زرشکی'];
const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹';
const persian = (n: number) => String(n).replace(/\d/g, (d) => PERSIAN_DIGITS[Number(d)]!);

/** mulberry32: small, fast and the same everywhere. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` generated products (ids `g-…`), the same for the same seed. Every name is unique; most
 * share their head noun and several words with hundreds of others, as in a real store.
 */
export function generateCatalog(count: number, seed = 13): Product[] {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const products: Product[] = [];
  const names = new Set<string>();
  for (let i = 0; names.size < count; i++) {
    const kind = pick(KINDS);
    const brand = next() < 0.6 ? pick(kind.brands) : undefined;
    const model = next() < 0.55 ? pick(MODELS) : undefined;
    const first = pick(kind.modifiers);
    const second = next() < 0.5 ? pick(kind.modifiers) : undefined;
    const gender = kind.genders && next() < 0.6 ? pick(GENDERS) : undefined;
    // «روسری نخ ابریشم ابریشم» is no product name: a second modifier shares no word with the first.
    const distinct = second && !second[0].split(' ').some((w) => first[0].split(' ').includes(w));
    const words = [kind.name, first[0], distinct ? second[0] : undefined, brand?.[0], model && `مدل ${model}`, gender?.[0]];
    let name = words.filter(Boolean).join(' ');
    // A store with thousands of products numbers its lines: «… کد ۱۲۰۳».
    if (names.has(name) || next() < 0.35) name = `${name} کد ${persian(100 + Math.floor(next() * 9900))}`;
    if (names.has(name)) continue;
    names.add(name);
    const aliases = [`${kind.name} ${first[0]}`, `${kind.latin} ${first[1]}`];
    if (brand) aliases.push(`${kind.name} ${brand[0]}`, `${brand[1]} ${kind.latin}`);
    if (model) aliases.push(`${kind.name} ${model}`);
    if (gender) aliases.push(`${kind.name} ${gender[0]}`);
    const [low, high] = kind.price;
    const price = Math.round((low + next() * (high - low)) / 10_000) * 10_000;
    const shoes = kind.brands === SHOE_BRANDS;
    const sizes = kind.genders || kind.name === 'مانتو' ? (shoes ? SIZES_SHOES : SIZES_CLOTHES).slice(0, 2 + Math.floor(next() * 4)) : [undefined];
    const colours = [pick(COLOURS), pick(COLOURS)].filter((c, k, all) => all.indexOf(c) === k);
    products.push({
      id: `g-${i.toString(36)}`,
      name,
      aliases: [...new Set(aliases)],
      category: kind.name,
      price,
      salePrice: next() < 0.2 ? Math.round((price * 0.8) / 10_000) * 10_000 : undefined,
      variants: sizes.flatMap((size) => colours.map((colour) => ({ size, colour, stock: Math.floor(next() * 8) }))),
    });
  }
  return products;
}

/** The catalog as products.csv, one row per variant (the file source's format). */
export function catalogCsv(products: readonly Product[]): string {
  const quote = (v: string | number | undefined) => (v === undefined ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  const lines = ['id,name,aliases,category,price,sale_price,size,colour,stock'];
  for (const p of products) {
    p.variants.forEach((v, k) => {
      const head = k === 0 ? [p.name, p.aliases.join('|'), p.category, p.price, p.salePrice] : ['', '', '', '', ''];
      lines.push([p.id, ...head, v.size, v.colour, v.stock].map(quote).join(','));
    });
  }
  return `${lines.join('\n')}\n`;
}
