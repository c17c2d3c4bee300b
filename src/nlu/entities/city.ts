// Iranian cities as customers write them, for shipping questions and for remembering where a
// customer is («من از اصفهانم»، «به کرج هم میفرستین؟»). Not part of extractEntities: the classifier
// is trained on those, and a city says nothing about the intent.
import { toKey } from '../normalize/index.js';

// Provincial capitals and other large cities, with common other spellings.
const CITIES: Readonly<Record<string, readonly string[]>> = {
  تهران: ['تهران', 'tehran'],
  مشهد: ['مشهد', 'mashhad'],
  اصفهان: ['اصفهان', 'esfahan', 'isfahan'],
  کرج: ['کرج', 'karaj'],
  شیراز: ['شیراز', 'shiraz'],
  تبریز: ['تبریز', 'tabriz'],
  قم: ['قم', 'qom', 'ghom'],
  اهواز: ['اهواز', 'ahvaz'],
  کرمانشاه: ['کرمانشاه', 'kermanshah'],
  ارومیه: ['ارومیه', 'urmia', 'orumiye'],
  رشت: ['رشت', 'rasht'],
  زاهدان: ['زاهدان', 'zahedan'],
  همدان: ['همدان', 'hamedan'],
  کرمان: ['کرمان', 'kerman'],
  یزد: ['یزد', 'yazd'],
  اردبیل: ['اردبیل', 'ardabil'],
  'بندرعباس': ['بندرعباس', 'بندر عباس', 'bandar abbas'],
  اراک: ['اراک', 'arak'],
  زنجان: ['زنجان', 'zanjan'],
  سنندج: ['سنندج', 'sanandaj'],
  قزوین: ['قزوین', 'qazvin', 'ghazvin'],
  'خرم‌آباد': ['خرم آباد', 'خرماباد', 'khorramabad'],
  گرگان: ['گرگان', 'gorgan'],
  ساری: ['ساری', 'sari'],
  بوشهر: ['بوشهر', 'bushehr'],
  بیرجند: ['بیرجند', 'birjand'],
  ایلام: ['ایلام', 'ilam'],
  بجنورد: ['بجنورد', 'bojnurd'],
  سمنان: ['سمنان', 'semnan'],
  یاسوج: ['یاسوج', 'yasuj'],
  شهرکرد: ['شهرکرد', 'shahrekord'],
  کاشان: ['کاشان', 'kashan'],
  آمل: ['امل', 'amol'],
  بابل: ['بابل', 'babol'],
  قشم: ['قشم', 'qeshm'],
  کیش: ['کیش', 'kish'],
};

const ENTRIES = Object.entries(CITIES)
  .flatMap(([name, spellings]) => spellings.map((s) => [toKey(s), name] as const))
  .sort((a, b) => b[0].length - a[0].length);
const NAME_OF = new Map(ENTRIES);
// A city may carry «ـم» (I am from), «ـه», or «ی» (Tehrani): «اصفهانم»، «کرجه».
const PATTERN = new RegExp(`(?<![\\p{L}])(${ENTRIES.map(([s]) => s).join('|')})(?:م|ه|یم)?(?![\\p{L}])`, 'gu');

/** The cities a matching key names, in order, by their usual Persian names. */
export function findCities(key: string): string[] {
  return [...key.matchAll(PATTERN)].map((m) => NAME_OF.get(m[1] ?? '') ?? m[1] ?? '').filter(Boolean);
}
