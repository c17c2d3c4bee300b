// widget.js: <script src="https://SHOP/pasokh/widget.js" data-shop="…" async></script>
// Finds its own script tag, reads the shop's settings from it, and starts the chat inside a
// shadow root appended to <body>. window.pasokh lets the shop's page drive it.
import { Chat, type Options } from './chat.js';
import { fontFaces } from './styles.js';
import type { Prechat } from './types.js';

export interface PasokhApi {
  open(): void;
  close(): void;
  toggle(): void;
  send(text: string): void;
}

declare global {
  interface Window {
    pasokh?: PasokhApi;
  }
}

// Read synchronously: currentScript is only set while this script first runs.
const script: HTMLScriptElement | null =
  document.currentScript instanceof HTMLScriptElement && document.currentScript.src
    ? document.currentScript
    : (Array.from(document.querySelectorAll<HTMLScriptElement>('script[src*="widget.js"]')).pop() ?? null);

/** Where widget.js was loaded from, without "/widget.js": "/pasokh/widget.js" → origin + "/pasokh". */
function baseOf(src: string | undefined): string {
  try {
    const url = new URL(src || '/widget.js', location.href);
    return url.origin + url.pathname.replace(/\/[^/]*$/, '');
  } catch {
    return location.origin;
  }
}

function options(): Options {
  const d = script?.dataset ?? {};
  const prechat = d.prechat === 'optional' || d.prechat === 'required' || d.prechat === 'off' ? (d.prechat as Prechat) : undefined;
  const color = d.color && CSS.supports('color', d.color) ? d.color : '#0f766e';
  return {
    base: baseOf(script?.src),
    shop: d.shop || undefined,
    customer: d.customer || undefined,
    prechat,
    title: d.title || undefined,
    open: d.open === 'true',
    side: d.position === 'right' ? 'right' : 'left',
    color,
  };
}

let chat: Chat | null = null;
const waiting: Array<(c: Chat) => void> = [];
// Calls made before <body> exists run once the widget is up.
const later = (f: (c: Chat) => void) => (chat ? f(chat) : void waiting.push(f));

function boot(): void {
  if (chat || document.getElementById('pasokh-widget')) return;
  const o = options();
  if (!document.getElementById('pasokh-fonts')) {
    const style = document.createElement('style');
    style.id = 'pasokh-fonts';
    style.textContent = fontFaces(o.base);
    document.head.append(style);
  }
  const c = new Chat(o);
  document.body.append(c.ui.host);
  chat = c;
  c.start();
  for (const f of waiting.splice(0)) f(c);
}

// Loaded twice (a theme and a plugin both embedding it): the first one wins.
if (!window.pasokh) {
  window.pasokh = {
    open: () => later((c) => c.open()),
    close: () => later((c) => c.close()),
    toggle: () => later((c) => c.toggle()),
    send: (text) =>
      later((c) => {
        c.open();
        c.send(String(text));
      }),
  };
  if (document.body) boot();
  else document.addEventListener('DOMContentLoaded', boot, { once: true });
}
