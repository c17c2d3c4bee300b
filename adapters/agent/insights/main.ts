// The owner's insights page (/agent/insights): signs in with the console's sessions, asks the
// admins' API for a period (7, 30 or 90 days) and draws the figures as charts. An agent who is not
// an admin is told so in Persian; a session that ends falls back to the sign-in form.
import type { ErrorReply, Untrusted } from '../../../src/wire/common.js';
import type { SignedIn } from '../../../src/wire/console.js';
import type { Durations, InsightsReport } from '../../../src/wire/insights.js';
import { h, fill } from '../console/dom.js';
import { bars, donut, emptyLine, faNumber, faPercent, figure, line, rows } from './charts.js';

const PERIODS = [7, 30, 90] as const;
const WEEKDAYS = ['شنبه', 'یکشنبه', 'دوشنبه', 'سه‌شنبه', 'چهارشنبه', 'پنجشنبه', 'جمعه'];
/** On a phone the charts are a third as wide: fewer, shorter labels. */
const WEEKDAYS_SHORT = ['ش', 'ی', 'د', 'س', 'چ', 'پ', 'ج'];
const narrow = () => window.matchMedia('(max-width: 760px)').matches;
const jalaliDay = new Intl.DateTimeFormat('fa-IR-u-ca-persian', { timeZone: 'Asia/Tehran', day: 'numeric', month: 'short' });
const jalaliFull = new Intl.DateTimeFormat('fa-IR-u-ca-persian', { timeZone: 'Asia/Tehran', day: 'numeric', month: 'long', year: 'numeric' });
/** A Tehran day key at Tehran noon: the same calendar day in every time zone's formatter. */
const dateOf = (day: string) => new Date(`${day}T12:00:00+03:30`);

const app = document.getElementById('app')!;
let days: number = 30;

interface Answer<T> {
  status: number;
  body: (Untrusted<ErrorReply> & Partial<T>) | null;
}

async function call<T>(path: string, body?: unknown): Promise<Answer<T>> {
  try {
    const response = await fetch(path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
    const parsed = (await response.json().catch(() => null)) as Answer<T>['body'];
    return { status: response.status, body: parsed };
  } catch {
    return { status: 0, body: null };
  }
}

const messageOf = (answer: Answer<unknown>, fallback: string) => (typeof answer.body?.message === 'string' && answer.body.message) || fallback;

function showLogin(notice = ''): void {
  const user = h('input', { id: 'in-user', type: 'text', autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false', dir: 'rtl', required: '', placeholder: 'نام کاربری مدیر', 'data-pasokh': 'login-user' });
  const password = h('input', { id: 'in-pass', type: 'password', autocomplete: 'current-password', dir: 'rtl', required: '', placeholder: 'رمز عبور', 'data-pasokh': 'login-password' });
  const error = h('p', { class: 'error', role: 'alert', 'data-pasokh': 'login-error', hidden: '' });
  const submit = h('button', { type: 'submit', class: 'primary', 'data-pasokh': 'login-submit' }, 'ورود');
  const setError = (text: string) => {
    error.textContent = text;
    error.hidden = !text;
  };
  const form = h(
    'form',
    { class: 'login', novalidate: '' },
    h('h1', null, 'گزارش پاسخ'),
    h('p', { class: 'muted' }, 'برای دیدن آمار ربات، با حساب مدیر وارد شوید.'),
    h('label', { for: 'in-user' }, 'نام کاربری'),
    user,
    h('label', { for: 'in-pass' }, 'رمز عبور'),
    password,
    error,
    submit,
  );
  setError(notice);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!user.value.trim() || !password.value) return setError(!user.value.trim() ? 'نام کاربری را بنویسید.' : 'رمز عبور را بنویسید.');
    submit.disabled = true;
    void call<SignedIn>('/agent/api/login', { username: user.value.trim(), password: password.value }).then((answer) => {
      submit.disabled = false;
      if (answer.status === 200) return void load();
      password.value = '';
      setError(answer.status === 0 ? 'به سرور دسترسی نیست؛ اتصال را بررسی کنید.' : messageOf(answer, 'ورود انجام نشد.'));
    });
  });
  fill(app, h('main', { class: 'login-page' }, form));
  user.focus();
}

/** Ends this browser's session (the console's logout, with its CSRF token), then the sign-in form. */
async function signOut(): Promise<void> {
  const me = await call<SignedIn>('/agent/api/me');
  const csrf = typeof me.body?.csrf === 'string' ? me.body.csrf : '';
  await fetch('/agent/api/logout', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: '{}', credentials: 'same-origin' }).catch(() => {});
  showLogin();
}

function showRefusal(text: string, offerSignOut = false): void {
  const other = offerSignOut ? h('button', { type: 'button', 'data-pasokh': 'sign-out' }, 'خروج و ورود با حساب مدیر') : null;
  other?.addEventListener('click', () => void signOut());
  fill(
    app,
    h('main', { class: 'login-page' }, h('div', { class: 'login', 'data-pasokh': 'admin-only', role: 'alert' }, h('h1', null, 'گزارش پاسخ'), h('p', null, text), other, h('a', { href: '/agent' }, 'بازگشت به میز پشتیبانی'))),
  );
}

async function load(): Promise<void> {
  const answer = await call<InsightsReport>(`/agent/api/insights?days=${days}`);
  if (answer.status === 401) return showLogin();
  if (answer.status === 403) return showRefusal('این صفحه فقط برای مدیر فروشگاه است. حساب شما پشتیبان است؛ برای دیدن آمار با حساب مدیر وارد شوید.', true);
  if (answer.status !== 200 || !answer.body || !Array.isArray(answer.body.daily)) {
    return showRefusal(answer.status === 0 ? 'به سرور دسترسی نیست؛ کمی بعد دوباره امتحان کنید.' : messageOf(answer, 'گزارش آماده نشد؛ کمی بعد دوباره امتحان کنید.'));
  }
  render(answer.body as InsightsReport);
}

function duration(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 60) return `${faNumber(Math.round(seconds))} ثانیه`;
  if (seconds < 3600) return `${faNumber(Math.round(seconds / 6) / 10)} دقیقه`;
  return `${faNumber(Math.round(seconds / 360) / 10)} ساعت`;
}

/** «تا ۵ دقیقه» … «بیشتر»; on a phone «۵ د» … «بیشتر». */
function bucketLabels(d: Durations, compact: boolean): string[] {
  const span = (s: number) => (s < 3600 ? `${faNumber(s / 60)} ${compact ? 'د' : 'دقیقه'}` : `${faNumber(s / 3600)} ${compact ? 'س' : 'ساعت'}`);
  return d.counts.map((_, i) => (i < d.bounds.length ? (compact ? span(d.bounds[i]!) : `تا ${span(d.bounds[i]!)}`) : 'بیشتر'));
}

function metric(name: string, label: string, shown: string, value: number | null, extra?: Node): HTMLElement {
  return h(
    'div',
    { class: 'metric', 'data-pasokh': 'metric', 'data-name': name, 'data-value': value === null ? '' : String(value) },
    extra ?? null,
    h('span', { class: 'value' }, shown),
    h('span', { class: 'label' }, label),
  );
}

let shown: InsightsReport | undefined;

function render(r: InsightsReport): void {
  shown = r;
  const dayLabels = r.daily.map((d) => jalaliDay.format(dateOf(d.day)));
  const compact = narrow();
  const dayEvery = Math.max(1, Math.ceil(r.daily.length / (compact ? 4 : 8)));
  const picker = h(
    'div',
    { class: 'periods', role: 'group', 'aria-label': 'بازه‌ی گزارش' },
    ...PERIODS.map((n) => {
      const b = h('button', { type: 'button', 'data-pasokh': 'period', 'data-days': String(n), 'aria-pressed': String(n === days) }, `${faNumber(n)} روز`);
      b.addEventListener('click', () => {
        days = n;
        // The page is drawn anew: the keyboard stays on the period just chosen.
        void load().then(() => document.querySelector<HTMLElement>(`[data-pasokh=period][data-days="${n}"]`)?.focus());
      });
      return b;
    }),
  );
  const rated = r.satisfaction;
  const headline = h(
    'section',
    { class: 'metrics' },
    metric('automation_rate', 'خودکار، بدون نیاز به پشتیبان', faPercent(r.automation.rate), r.automation.rate, donut(r.automation.rate, 'نرخ پاسخ خودکار')),
    metric('fallback_rate', 'پیام‌هایی که ربات نفهمید', faPercent(r.fallback.rate), r.fallback.rate),
    metric('conversations', 'گفتگو', faNumber(r.automation.of), r.automation.of),
    metric('messages', 'پیام مشتری', faNumber(r.messages), r.messages),
    metric('first_reply', 'میانگین انتظار تا پاسخ پشتیبان', duration(r.firstReply.meanSeconds), r.firstReply.meanSeconds),
    metric('handling', 'میانگین زمان رسیدگی', duration(r.handling.meanSeconds), r.handling.meanSeconds),
    metric('satisfaction', `رضایت (${faNumber(rated.count)} نظر)`, rated.mean === null ? '—' : `${faNumber(Math.round(rated.mean * 10) / 10)} از ۵`, rated.mean),
    metric('timed_out', 'ارجاع بی‌پاسخ مانده در صف', faNumber(r.timedOut), r.timedOut),
  );
  const hasDays = r.daily.some((d) => d.messages > 0);
  const charts = h(
    'section',
    { class: 'charts' },
    figure(
      'automation_daily',
      'نرخ پاسخ خودکار، روز به روز',
      `نرخ پاسخ خودکار در ${faNumber(r.days)} روز: ${faPercent(r.automation.rate)}`,
      hasDays ? line(r.daily.map((d) => (d.conversations ? d.automated / d.conversations : null)), dayLabels, { labelEvery: dayEvery }) : emptyLine(),
    ),
    figure('unanswered', 'پرسش‌های بی‌پاسخ (گروه‌بندی‌شده)', `${faNumber(r.unanswered.length)} گروه پرسش بی‌پاسخ`, r.unanswered.length
      ? rows(r.unanswered.map((q) => ({ label: q.text, value: q.count, note: q.variants.length ? `و: ${q.variants.join('، ')}` : undefined, data: { count: String(q.count) } })), 'missed')
      : emptyLine('پرسش بی‌پاسخی در این بازه نبود.')),
    figure('messages_daily', 'پیام‌های مشتریان، روز به روز', `${faNumber(r.messages)} پیام`, hasDays ? bars(r.daily.map((d) => d.messages), dayLabels, { labelEvery: dayEvery }) : emptyLine()),
    figure('intents', 'پرتکرارترین موضوع‌ها', `${faNumber(r.intents.length)} موضوع`, r.intents.length ? rows(r.intents.map((i) => ({ label: i.label, value: i.count, data: { key: i.key } })), 'intent') : emptyLine()),
    figure('handoff_reasons', 'ارجاع به پشتیبان، به تفکیک دلیل', `${faNumber(r.handoffs.reduce((a, x) => a + x.count, 0))} ارجاع`, r.handoffs.length ? rows(r.handoffs.map((x) => ({ label: x.label, value: x.count, data: { key: x.key } })), 'reason') : emptyLine('ارجاعی در این بازه نبود.')),
    figure('first_reply', 'انتظار تا اولین پاسخ پشتیبان', `میانگین ${duration(r.firstReply.meanSeconds)}`, r.firstReply.count ? bars(r.firstReply.counts, bucketLabels(r.firstReply, compact), { labelEvery: 1 }) : emptyLine()),
    figure('handling', 'زمان رسیدگی (از برداشتن تا بستن)', `میانگین ${duration(r.handling.meanSeconds)}`, r.handling.count ? bars(r.handling.counts, bucketLabels(r.handling, compact), { labelEvery: 1 }) : emptyLine()),
    figure('satisfaction', 'امتیاز رضایت مشتریان', `${faNumber(rated.count)} نظر`, rated.count ? bars(rated.counts, ['۱', '۲', '۳', '۴', '۵'].map((s) => (compact ? `${s} ★` : `${s} ستاره`)), { labelEvery: 1 }) : emptyLine('نظری ثبت نشده است.')),
    figure('hours', 'ساعت‌های شلوغ (به وقت تهران)', 'پیام‌ها به تفکیک ساعت', hasDays ? bars(r.hours, r.hours.map((_, i) => faNumber(i)), { labelEvery: compact ? 4 : 3 }) : emptyLine()),
    figure('weekdays', 'روزهای هفته', 'پیام‌ها به تفکیک روز هفته', hasDays ? bars(r.weekdays, compact ? WEEKDAYS_SHORT : WEEKDAYS, { labelEvery: 1, tip: (i) => `${WEEKDAYS[i]}: ${faNumber(r.weekdays[i] ?? 0)}` }) : emptyLine()),
    figure('channels', 'کانال‌ها', `${faNumber(r.channels.length)} کانال`, r.channels.length ? rows(r.channels.map((c) => ({ label: c.label, value: c.count, data: { key: c.key } })), 'channel') : emptyLine()),
  );
  const period = r.from ? `از ${jalaliFull.format(dateOf(r.from))} تا ${jalaliFull.format(dateOf(r.to))}` : '';
  fill(
    app,
    h(
      'div',
      { class: 'page' },
      h('header', { class: 'top' }, h('h1', null, 'گزارش پاسخ'), picker, h('a', { href: '/agent', class: 'back' }, 'میز پشتیبانی')),
      h('p', { class: 'period muted', 'data-pasokh': 'period-label' }, period),
      headline,
      charts,
    ),
  );
}

// Turning a phone, or resizing a window across the phone layout, redraws with its labels.
window.matchMedia('(max-width: 760px)').addEventListener('change', () => shown && document.querySelector('[data-pasokh=metric]') && render(shown));
void load();
