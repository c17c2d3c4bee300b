// The sign-in form, also for the other pages under /agent (insights, review): `loginView` and
// `SignIn` are their interface, keep them stable. The password field is emptied after a failed
// attempt but the username kept, so a mistyped password costs one field, not two. Automation hooks:
// [data-pasokh=login-user], [data-pasokh=login-password], [data-pasokh=login-submit].
import { errorBox, h } from './dom.js';
import { TITLE } from './notify.js';

/** Resolves to an error to show, or null once signed in. */
export type SignIn = (username: string, password: string) => Promise<string | null>;

export function loginView(signIn: SignIn, notice = ''): HTMLElement {
  const username = h('input', { id: 'ag-user', name: 'username', type: 'text', autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false', dir: 'rtl', required: '', 'data-agent': 'username', 'data-pasokh': 'login-user' });
  const password = h('input', { id: 'ag-pass', name: 'password', type: 'password', autocomplete: 'current-password', dir: 'rtl', required: '', 'data-agent': 'password', 'data-pasokh': 'login-password' });
  const error = errorBox();
  const submit = h('button', { type: 'submit', class: 'primary', 'data-agent': 'login', 'data-pasokh': 'login-submit' }, 'ورود');
  const form = h(
    'form',
    { class: 'login', 'data-agent': 'login-form', novalidate: '', 'aria-labelledby': 'ag-login-title' },
    h('h1', { id: 'ag-login-title' }, TITLE),
    h('p', { class: 'muted' }, 'برای پاسخ به مشتریان وارد شوید.'),
    h('div', { class: 'field' }, h('label', { for: 'ag-user' }, 'نام کاربری'), username),
    h('div', { class: 'field' }, h('label', { for: 'ag-pass' }, 'رمز عبور'), password),
    error.el,
    submit,
  );
  error.set(notice);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const user = username.value.trim();
    if (!user || !password.value) {
      error.set(!user ? 'نام کاربری را بنویسید.' : 'رمز عبور را بنویسید.');
      (!user ? username : password).focus();
      return;
    }
    error.set('');
    submit.disabled = true;
    submit.textContent = 'در حال ورود…';
    void signIn(user, password.value).then((failed) => {
      if (!form.isConnected || failed === null) return;
      submit.disabled = false;
      submit.textContent = 'ورود';
      error.set(failed);
      password.value = '';
      password.focus();
    });
  });
  // After the form is in the document: focus() on a detached element does nothing.
  queueMicrotask(() => (username.value ? password : username).focus());
  return h('main', { class: 'login-page' }, form);
}
