/** Runs of a letter fold to one, as in the matching key: "mamnoon" and "mamnon" are one word. */
export const foldRepeats = (word: string): string => word.replace(/(\p{L})\1+/gu, '$1');

// Small word lists that tell Finglish (Persian typed in Latin letters) from English. Words that are
// common in both (in, to, man, bad, be, post, code, size, model) are in neither list.

export const FINGLISH_WORDS = new Set(
  `salam slm sallam salaam dorood dorud sobh bekheir bekhair bekheyr khobi khubi khoobi khobin chetori
  chetorin merci mersi mrc mamnoon mamnun mamnoonam mamnunam tashakor tashakkor kheili kheyli kheily
  khaili damet garm lotf lotfan lotfn gheymat ghimat qeymat gheimat qimat gheymatesh ghimatesh
  gheymatash chand chande chandeh chande? chanse chan mojood mojoode mojode mojude mojoud mojud
  mojoodi darid darin dari dare dárid hast hastesh hastin hasti nist nistesh nemishe mishe mikham
  mikhastam mikhay mikhaid mikhad mitoonam mitunam mitonam betonam bedid bedin bede befrestid befrestin
  sefaresh sefareshe sefaresham sefareshm sefareshamo sefareshm kojast kojas koja kojaye kei ki chera
  chetor chejoori chegone chi chie chiye ersal ersale ersalesh peyk paik tipax chapar rang rangi range
  rangaye rangash saiz sayz jens jensesh parche kafsh manto mantoo shal rusari roosari kif lebas
  shalvar poshtibani poshtiban ensan adam sohbat hamahang pardakht kart karte naghd naqd mahal aghsat
  ghesti marjoo marjooi marju bargasht bargardoondan taviz avaz avazesh eshtebah kharab kharabe
  zesht kolahbardari takhir rahgiri peygiri shomare shomareh khodahafez khdafez khodafez felan fln
  shab shabet khosh ruz rooz dast dastet toman tomn tooman hezar takhfif arzoon geroon gerun
  alan emrooz farda dirooz hanooz hanuz nareside naresid residesh resid mirese mirese? kei mirese
  ba az va ke ye yek do se chahar panj shish haft hasht noh dah ham hamin hamun oon een ino ono
  aslan chon vali age agar inja oonja khob bale na nakheir are aare ok bashe bashe khastam mikhastam
  man mn shoma shoma? shomaro ma ama ro ra chera baram barash barat behem behet behesh dige digeh
  khodam khodet khodesh dorost eshkal moshkel moshkeli hal tamas zang zangbezanid sabr montazer`
    .split(/\s+/)
    .filter(Boolean)
    .map(foldRepeats),
);

export const ENGLISH_WORDS = new Set(
  `the a an is are was were be been do does did you your i my me we our what how much many price
  order orders where hello hi hey thanks thank please can could have has stock available ship shipping
  delivery deliver return refund pay payment want talk human agent person with for of and it this that
  when will would there any color colour not no yes okay why who which from by on at about buy sell
  cost costs need help get send sent track tracking number phone call support service still yet arrive
  arrived received receive wrong broken damaged bad good great nice love like just also very`
    .split(/\s+/)
    .filter(Boolean)
    .map(foldRepeats),
);

/** Shapes that English words rarely have and Finglish words often do. */
export const FINGLISH_SHAPE = /kh|gh|zh|aa|o[nm]$|eh$|esh$|am$|ash$|ye$|^ch[aeiou]|[bcdfgjklmnpqrstvxz]e$/;

/**
 * Persian words customers type in Finglish that the intents' examples may lack, so that the
 * Finglish reading finds them («jamesh» → «جمعش», not the nearest example word «جاش»). Only the
 * transliteration knows them; the classifier's features do not change.
 */
export const FINGLISH_EXTRA_PERSIAN: readonly string[] = ['جمعش', 'جمعا', 'کلش', 'مجموعا', 'مجموعش', 'همش', 'فاکتورش'];
