// DOM building without HTML parsing: strings become Text nodes, so nothing a customer typed or the
// server sent is ever interpreted as markup.

export type Child = Node | string | null | undefined | false;
type Attrs = Record<string, string | undefined | false>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) for (const [name, value] of Object.entries(attrs)) if (value !== undefined && value !== false) el.setAttribute(name, value);
  for (const child of children) if (child) el.append(child);
  return el;
}

/** Replaces every child: the way lists are redrawn. */
export function fill(el: Element, ...children: Child[]): void {
  el.replaceChildren(...children.filter((c): c is Node | string => !!c));
}

/** An error line: empty ones are hidden, so tests and screen readers only meet real messages. */
export function errorBox(): { el: HTMLElement; set(text: string): void } {
  const el = h('div', { class: 'error', 'data-agent': 'error', role: 'alert', hidden: '' });
  return {
    el,
    set(text: string) {
      el.textContent = text;
      el.hidden = !text;
    },
  };
}
