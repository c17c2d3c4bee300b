// The pre-chat form: name and mobile before the first message, required or skippable.
import { h } from './dom.js';
import { normalizeMobile } from './format.js';

export interface PrechatHandlers {
  /** Resolves to an error to show, or null when accepted. */
  submit(name: string, phone: string): Promise<string | null>;
  skip(): void;
}

export function prechatView(required: boolean, on: PrechatHandlers): HTMLFormElement {
  const name = h('input', { type: 'text', name: 'name', autocomplete: 'name', maxlength: '100', dir: 'rtl', required: required ? '' : undefined });
  const phone = h('input', {
    type: 'tel',
    name: 'phone',
    autocomplete: 'tel',
    inputmode: 'tel',
    maxlength: '20',
    dir: 'ltr',
    placeholder: '۰۹۱۲۳۴۵۶۷۸۹',
    required: required ? '' : undefined,
  });
  const error = h('div', { class: 'er', role: 'alert' });
  const go = h('button', { type: 'submit', class: 'go' }, 'شروع گفتگو');
  const skip = !required && h('button', { type: 'button', class: 'sk' }, 'فعلاً نه');
  const form = h(
    'form',
    { class: 'pc', 'data-pasokh': 'prechat', novalidate: '' },
    h('p', null, required ? 'لطفاً پیش از شروع گفتگو نام و شماره موبایل‌تان را بنویسید.' : 'برای پیگیری بهتر، نام و شماره موبایل‌تان را بنویسید (اختیاری).'),
    h('label', null, h('span', null, 'نام'), name),
    h('label', null, h('span', null, 'شماره موبایل'), phone),
    error,
    h('div', { class: 'row' }, go, skip),
  );
  if (skip) skip.addEventListener('click', () => on.skip());
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const who = name.value.trim();
    const raw = phone.value.trim();
    const mobile = raw ? normalizeMobile(raw) : '';
    if (required && !who) return void (error.textContent = 'لطفاً نام‌تان را بنویسید.');
    if (mobile === null || (required && !mobile)) return void (error.textContent = 'شماره موبایل درست نیست؛ مثلاً ۰۹۱۲۳۴۵۶۷۸۹');
    if (!who && !mobile) return on.skip();
    error.textContent = '';
    go.disabled = true;
    void on.submit(who, mobile).then((problem) => {
      go.disabled = false;
      if (problem) error.textContent = problem;
    });
  });
  return form;
}
