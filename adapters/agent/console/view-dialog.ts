// Our own confirmation dialog instead of the browser's confirm(): right-to-left and in the page's
// font, with the action named on its button, and Escape or the other button to step back.
import { h } from './dom.js';

export interface Ask {
  title: string;
  text: string;
  /** The confirming button's words: the action itself («بستن گفتگو»), never just «تأیید». */
  confirm: string;
  danger?: boolean;
}

/**
 * Asks and resolves true when the agent confirms. Focus starts on «انصراف», so a stray Enter does
 * not do the irreversible thing; it returns where it was afterwards.
 *
 * @example
 * if (await ask({ title: 'بستن گفتگو', text: '…', confirm: 'بستن', danger: true })) close();
 */
export function ask(question: Ask): Promise<boolean> {
  const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const yes = h('button', { type: 'button', class: question.danger ? 'danger solid' : 'primary', 'data-pasokh': 'confirm' }, question.confirm);
  const no = h('button', { type: 'button', 'data-pasokh': 'cancel' }, 'انصراف');
  const dialog = h(
    'dialog',
    { class: 'ask', dir: 'rtl', 'aria-labelledby': 'ag-ask-title', 'aria-describedby': 'ag-ask-text', 'data-pasokh': 'dialog' },
    h('div', { class: 'ask-box' }, h('h2', { id: 'ag-ask-title' }, question.title), h('p', { id: 'ag-ask-text' }, question.text), h('div', { class: 'ask-buttons' }, yes, no)),
  );
  document.body.append(dialog);
  return new Promise((resolve) => {
    const done = (answer: boolean) => {
      if (!dialog.isConnected) return;
      dialog.close();
      dialog.remove();
      before?.focus();
      resolve(answer);
    };
    yes.addEventListener('click', () => done(true));
    no.addEventListener('click', () => done(false));
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      done(false);
    });
    // A click on the backdrop (outside the box) steps back too.
    dialog.addEventListener('click', (e) => {
      if (e.target === dialog) done(false);
    });
    dialog.showModal();
    no.focus();
  });
}
