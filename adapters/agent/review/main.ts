// review.js, served at /agent/review.js for the owner's page at /agent/review: the messages the bot
// missed, each answered in one click (the right intent, a new FAQ answer, or dismissed), the
// answers agents keep giving proposed as FAQ answers, and what was learned so far. The sign-in is
// the console's form and session; the server refuses every call to agents (403).
import { errorBox, fill, h } from '../console/dom.js';
import { loginView } from '../console/view-login.js';
import * as api from './api.js';
import type { Choice, Item, Label, LearnedFaq, Proposal } from './api.js';

const TITLE = 'آموزش ربات';
const WHY: Readonly<Record<string, string>> = {
  fallback: 'ربات نفهمید',
  low_confidence: 'ربات مطمئن نبود',
  handoff_after_answer: 'بعد از پاسخ ربات، پشتیبان خواست',
  low_rating: 'امتیاز کم بعد از گفتگو',
};
/** Below this the bot's guess is no suggestion (a fallback's runner-up at 4%). */
const SUGGEST_FROM = 0.2;
const SMALL_TALK = new Set(['greeting', 'thanks', 'goodbye', 'human_handoff']);
const LEARNED_NOTE = 'یاد گرفتم؛ تا چند ثانیه‌ی دیگر در همه‌ی گفتگوهای تازه به کار می‌رود.';

const number = new Intl.NumberFormat('fa-IR');
const percent = new Intl.NumberFormat('fa-IR', { style: 'percent', maximumFractionDigits: 0 });
const when = new Intl.DateTimeFormat('fa-IR', { dateStyle: 'medium', timeStyle: 'short' });
const dateOf = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : when.format(d);
};

const app = document.getElementById('app') ?? document.body.appendChild(h('div', { id: 'app' }));
const banner = errorBox();
const status = h('p', { class: 'status', role: 'status', 'data-pasokh': 'review-status' });
const who = h('span', { class: 'me', dir: 'auto' });
const itemsList = h('ul', { class: 'items', 'data-pasokh': 'review-list' });
const proposalsList = h('ul', { class: 'items', 'data-pasokh': 'review-proposals' });
const learnedList = h('ul', { class: 'learned', 'data-pasokh': 'review-learned' });
const counts = { items: h('span', { class: 'count' }), proposals: h('span', { class: 'count' }), learned: h('span', { class: 'count' }) };
const refresh = h('button', { type: 'button', 'data-pasokh': 'review-refresh' }, 'تازه‌سازی');
refresh.addEventListener('click', () => void load());

const shell = h(
  'div',
  { class: 'shell' },
  h(
    'header',
    { class: 'top' },
    h('h1', null, TITLE),
    h('a', { href: '/agent', class: 'to-console' }, 'میز پشتیبانی'),
    h('span', { class: 'spacer' }),
    who,
    // What was taught, as the YAML `pasokh suggest --export` writes: the demo keeps it in memory only.
    h('a', { href: '/agent/api/review/export', download: 'pasokh-learned.yaml', 'data-pasokh': 'review-export' }, 'خروجی YAML'),
    refresh,
  ),
  h(
    'main',
    { class: 'page' },
    banner.el,
    status,
    h('section', { 'aria-labelledby': 'rv-items' }, h('h2', { id: 'rv-items' }, 'پیام‌هایی که ربات خوب جواب نداد ', counts.items), h('p', { class: 'help muted' }, 'موضوع درست را انتخاب کنید یا پاسخ تازه‌ای بنویسید؛ ربات از همین پیام یاد می‌گیرد و پیام‌های شبیه آن را هم می‌فهمد.'), itemsList),
    h('section', { 'aria-labelledby': 'rv-proposals' }, h('h2', { id: 'rv-proposals' }, 'پاسخ‌های پیشنهادی از همکاران ', counts.proposals), h('p', { class: 'help muted' }, 'پرسش‌هایی که بارها پرسیده شده و همکاران به آن پاسخ داده‌اند؛ با یک کلیک پرسش متداول شود.'), proposalsList),
    h('section', { 'aria-labelledby': 'rv-learned' }, h('h2', { id: 'rv-learned' }, 'آموخته‌ها ', counts.learned), learnedList),
  ),
);

let choices: Choice[] = [];
const labelOf = (intent: string | undefined) => choices.find((c) => c.intent === intent)?.label ?? intent ?? 'نامشخص';

/** Runs an action and reloads; the button stays disabled meanwhile, so one click is one action. */
async function act(button: HTMLButtonElement, run: () => Promise<api.Reply>, done: string): Promise<void> {
  button.disabled = true;
  banner.set('');
  const reply = await run();
  if (!api.ok(reply)) {
    button.disabled = false;
    banner.set(api.problem(reply));
    if (reply.status === 404) void load();
    return;
  }
  status.textContent = done;
  await load();
}

function itemView(item: Item): HTMLElement {
  const select = h('select', { 'data-pasokh': 'review-intent', 'aria-label': 'موضوع درست این پیام' }, h('option', { value: '' }, 'موضوع درست…'), ...choices.map((c) => h('option', { value: c.intent }, c.label)));
  const labelButton = h('button', { type: 'button', class: 'primary', 'data-pasokh': 'review-label', disabled: '' }, 'ثبت موضوع');
  select.addEventListener('change', () => (labelButton.disabled = !select.value));
  labelButton.addEventListener('click', () => void act(labelButton, () => api.label(item.id, { intent: select.value }), LEARNED_NOTE));
  // A guess worth one click: one the bot half believed, never small talk it fell back on.
  const known = item.guess && choices.some((c) => c.intent === item.guess) && (item.confidence ?? 0) >= SUGGEST_FROM && !SMALL_TALK.has(item.guess);
  const suggestion = known ? h('button', { type: 'button', class: 'suggest', 'data-pasokh': 'review-suggestion', 'data-intent': item.guess }, `همین درست است: ${labelOf(item.guess)}`) : null;
  suggestion?.addEventListener('click', () => void act(suggestion, () => api.label(item.id, { intent: item.guess! }), LEARNED_NOTE));

  const answer = h('textarea', { rows: '3', dir: 'rtl', 'data-pasokh': 'review-answer', placeholder: 'پاسخی که ربات از این به بعد بدهد…', 'aria-label': 'متن پاسخ تازه' });
  const title = h('input', { type: 'text', dir: 'rtl', 'data-pasokh': 'review-title', placeholder: 'نام کوتاه این پرسش (اختیاری)', 'aria-label': 'نام کوتاه پرسش' });
  const faqButton = h('button', { type: 'button', class: 'primary', 'data-pasokh': 'review-faq' }, 'ذخیره‌ی پاسخ تازه');
  faqButton.addEventListener('click', () => {
    if (!answer.value.trim()) {
      banner.set('متن پاسخ را بنویسید.');
      answer.focus();
      return;
    }
    void act(faqButton, () => api.teach(item.id, { answer: answer.value, title: title.value || undefined }), LEARNED_NOTE);
  });
  const dismiss = h('button', { type: 'button', class: 'quiet', 'data-pasokh': 'review-dismiss' }, 'نادیده گرفتن');
  dismiss.addEventListener('click', () => void act(dismiss, () => api.dismiss(item.id), 'از صف برداشته شد.'));

  const guess = item.guess ? `حدس ربات: ${labelOf(item.guess)}${item.confidence !== undefined ? ` (${percent.format(item.confidence)})` : ''}` : 'ربات حدسی نداشت';
  return h(
    'li',
    { class: 'item', 'data-pasokh': 'review-item', 'data-id': item.id },
    h('p', { class: 'text', dir: 'auto', 'data-pasokh': 'review-text' }, item.text),
    h(
      'p',
      { class: 'meta' },
      h('span', { class: `badge why-${item.why}`, 'data-pasokh': 'review-why', 'data-why': item.why }, WHY[item.why] ?? item.why),
      h('span', null, guess),
      h('span', { 'data-pasokh': 'review-count' }, `${number.format(item.count)} بار`),
      h('span', { class: 'muted' }, item.count > 1 ? `از ${dateOf(item.firstSeen)} تا ${dateOf(item.lastSeen)}` : dateOf(item.lastSeen)),
    ),
    h('div', { class: 'actions' }, suggestion, h('span', { class: 'pick' }, select, labelButton), dismiss),
    h('details', { class: 'new-faq' }, h('summary', { 'data-pasokh': 'review-new-faq' }, 'نوشتن پاسخ تازه (این پیام نخستین نمونه‌ی آن می‌شود)'), h('div', { class: 'faq-form' }, title, answer, faqButton)),
  );
}

function proposalView(p: Proposal): HTMLElement {
  const answer = h('textarea', { rows: '3', dir: 'rtl', 'data-pasokh': 'proposal-answer', 'aria-label': 'پاسخ پیشنهادی' });
  answer.value = p.reply;
  const accept = h('button', { type: 'button', class: 'primary', 'data-pasokh': 'proposal-accept' }, 'افزودن به پرسش‌های متداول');
  accept.addEventListener('click', () => void act(accept, () => api.accept(p.id, { answer: answer.value }), LEARNED_NOTE));
  const dismiss = h('button', { type: 'button', class: 'quiet', 'data-pasokh': 'proposal-dismiss' }, 'نادیده گرفتن');
  dismiss.addEventListener('click', () => void act(dismiss, () => api.dismissProposal(p.id), 'پیشنهاد برداشته شد.'));
  return h(
    'li',
    { class: 'item', 'data-pasokh': 'review-proposal', 'data-id': p.id },
    h('p', { class: 'text', dir: 'auto' }, p.question),
    h('p', { class: 'meta' }, h('span', { class: 'badge' }, `همکاران ${number.format(p.count)} بار پاسخ داده‌اند`), h('span', { class: 'muted' }, dateOf(p.lastSeen))),
    answer,
    h('div', { class: 'actions' }, accept, dismiss),
  );
}

function learnedViews(faqs: LearnedFaq[], labels: Label[]): HTMLElement[] {
  const rows: HTMLElement[] = [];
  for (const f of faqs) {
    const remove = h('button', { type: 'button', class: 'quiet danger', 'data-pasokh': 'learned-delete' }, 'حذف');
    remove.addEventListener('click', () => void act(remove, () => api.forgetFaq(f.key), 'پاک شد؛ ربات دیگر این پاسخ را نمی‌دهد.'));
    const examples = f.questions.length + labels.filter((l) => l.intent === `faq_${f.key}`).length;
    rows.push(h('li', { 'data-pasokh': 'learned-faq' }, h('div', null, h('strong', { dir: 'auto' }, f.title), h('p', { class: 'answer', dir: 'auto' }, f.answer), h('p', { class: 'muted' }, `${number.format(examples)} نمونه‌ی پرسش`)), remove));
  }
  for (const l of labels) {
    const remove = h('button', { type: 'button', class: 'quiet danger', 'data-pasokh': 'learned-delete' }, 'حذف');
    remove.addEventListener('click', () => void act(remove, () => api.forgetLabel(l.id), 'پاک شد.'));
    rows.push(h('li', { 'data-pasokh': 'learned-label' }, h('div', null, h('span', { dir: 'auto' }, l.text), h('span', { class: 'arrow' }, ' ← '), h('strong', null, labelOf(l.intent))), remove));
  }
  return rows;
}

const empty = (text: string) => h('li', { class: 'empty' }, text);
const list = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);

async function load(): Promise<void> {
  const reply = await api.queue();
  if (reply.status === 401) return signedOut();
  if (reply.status === 403) return adminOnly(who.textContent ?? '');
  if (!api.ok(reply) || !reply.body) {
    banner.set(api.problem(reply));
    return;
  }
  choices = list<Choice>(reply.body.intents);
  const items = list<Item>(reply.body.items);
  const proposals = list<Proposal>(reply.body.proposals);
  const learned = (reply.body.learned ?? {}) as { labels?: unknown; faqs?: unknown };
  const faqs = list<LearnedFaq>(learned.faqs);
  const labels = list<Label>(learned.labels);
  fill(itemsList, ...(items.length ? items.map(itemView) : [empty('فعلاً پیامی برای بازبینی نیست.')]));
  fill(proposalsList, ...(proposals.length ? proposals.map(proposalView) : [empty('هنوز پیشنهادی نیست.')]));
  fill(learnedList, ...(faqs.length || labels.length ? learnedViews(faqs, labels) : [empty('هنوز چیزی یاد نگرفته است.')]));
  counts.items.textContent = number.format(items.length);
  counts.proposals.textContent = number.format(proposals.length);
  counts.learned.textContent = number.format(faqs.length + labels.length);
}

function signedOut(notice = ''): void {
  fill(app, loginView(signIn, notice));
}

async function signIn(username: string, password: string): Promise<string | null> {
  const result = await api.login(username, password);
  if ('status' in result) return api.problem(result);
  enter(result);
  return null;
}

/**
 * A signed-in agent who is not an admin: told so, with a way to sign in as the owner and a way
 * back to the console they came from (the sign-in form alone left them stuck).
 */
function adminOnly(name: string): void {
  const signOut = h('button', { type: 'button', class: 'primary', 'data-pasokh': 'sign-out' }, 'خروج و ورود با حساب مدیر');
  signOut.addEventListener('click', () => {
    signOut.disabled = true;
    void api.logout().then(() => signedOut());
  });
  fill(
    app,
    h(
      'main',
      { class: 'login-page' },
      h(
        'div',
        { class: 'login', 'data-pasokh': 'admin-only', role: 'alert' },
        h('h1', null, TITLE),
        h('p', null, `این صفحه فقط برای مدیر فروشگاه است. شما با حساب پشتیبان «${name}» وارد شده‌اید؛ برای آموزش ربات با حساب مدیر وارد شوید.`),
        signOut,
        h('a', { href: '/agent', 'data-pasokh': 'to-console' }, 'بازگشت به میز پشتیبانی'),
      ),
    ),
  );
}

function enter(agent: { name: string; role: string }): void {
  if (agent.role !== 'admin') return adminOnly(agent.name);
  who.textContent = agent.name;
  fill(app, shell);
  void load();
}

document.title = TITLE;
void api.me().then((result) => ('status' in result ? signedOut() : enter(result)));
