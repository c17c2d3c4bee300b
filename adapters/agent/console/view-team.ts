// The admin's settings: the team, each colleague's role and open sessions, and a button that ends
// a colleague's sessions (a lost phone, someone who left). The server checks the role again; for
// an agent this panel is never shown.
import * as api from './api.js';
import { errorBox, fill, h } from './dom.js';
import { count } from './format.js';
import { ask } from './view-dialog.js';

export const roleLabel = (role: api.Agent['role']): string => (role === 'admin' ? 'مدیر' : 'پشتیبان');

export class TeamView {
  readonly el: HTMLDialogElement;
  private readonly rows = h('ul', { class: 'team-rows' });
  private readonly status = h('p', { class: 'team-status', role: 'status' });
  private readonly error = errorBox();

  constructor(private readonly me: () => api.Agent | null) {
    const close = h('button', { type: 'button', class: 'team-close', 'data-agent': 'team-close' }, 'بستن');
    close.addEventListener('click', () => this.el.close());
    this.el = h(
      'dialog',
      { class: 'team', 'data-agent': 'team-panel', 'aria-labelledby': 'ag-team-title' },
      h('div', { class: 'team-head' }, h('h2', { id: 'ag-team-title' }, 'همکاران و نشست‌ها'), close),
      h('p', { class: 'team-help' }, 'پشتیبان فقط گفتگوهای در صف، گفتگوهای خودش و آن‌هایی را که قبلاً پاسخ داده می‌بیند؛ مدیر همه را. با «بستن نشست‌ها» همکار از همه‌ی دستگاه‌ها بیرون می‌رود.'),
      this.error.el,
      this.rows,
      this.status,
    );
  }

  async open(): Promise<void> {
    this.status.textContent = '';
    if (!this.el.open) this.el.showModal();
    await this.load();
  }

  private async load(): Promise<void> {
    const team = await api.team();
    if (!team) return this.error.set('فهرست همکاران خوانده نشد؛ دوباره تلاش کنید.');
    this.error.set('');
    fill(this.rows, ...team.map((member) => this.row(member)));
  }

  private row(member: api.TeamMember): HTMLElement {
    const self = member.id === this.me()?.id;
    const revoke = h('button', { type: 'button', class: 'danger', 'data-agent': 'revoke', 'data-id': member.id, disabled: member.sessions === 0 ? '' : undefined }, self ? 'بستن نشست‌های من' : 'بستن نشست‌ها');
    revoke.addEventListener('click', () => void this.revoke(member, self, revoke));
    return h(
      'li',
      { class: 'team-row', 'data-agent': 'member', 'data-id': member.id },
      h('span', { class: 'name', dir: 'auto' }, member.name),
      h('span', { class: `badge role role-${member.role ?? 'agent'}` }, roleLabel(member.role)),
      h('span', { class: 'sessions' }, member.sessions ? `${count(member.sessions)} نشست باز` : 'بدون نشست'),
      revoke,
    );
  }

  private async revoke(member: api.TeamMember, self: boolean, button: HTMLButtonElement): Promise<void> {
    if (self && !(await ask({ title: 'بستن نشست‌های من', text: 'با این کار از همین صفحه هم بیرون می‌روید. ادامه می‌دهید؟', confirm: 'بستن نشست‌ها', danger: true }))) return;
    button.disabled = true;
    const reply = await api.revoke(member.id);
    if (!api.ok(reply)) {
      button.disabled = false;
      return this.error.set(api.problem(reply));
    }
    this.status.textContent = `نشست‌های ${member.name} بسته شد.`;
    await this.load();
  }
}
