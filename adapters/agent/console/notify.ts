// Telling the agent someone new is waiting when they are looking elsewhere: a short two-tone beep
// made with Web Audio (no sound file to serve), the count in the tab's title, and a desktop
// notification once the agent allowed them.
import { count } from './format.js';

export const TITLE = 'میز پشتیبانی پاسخ';

let context: AudioContext | null = null;

/**
 * Browsers only let a page make sound after the person has interacted with it, so the audio
 * context is created (or resumed) on the first click or key press rather than when a beep is due.
 */
export function unlockAudio(): void {
  const unlock = () => {
    try {
      context ??= new AudioContext();
      if (context.state === 'suspended') void context.resume();
    } catch {
      // no Web Audio: the title still shows the count
    }
  };
  for (const type of ['pointerdown', 'keydown'] as const) addEventListener(type, unlock, { capture: true, passive: true });
}

export function beep(): void {
  const ctx = context;
  if (!ctx || ctx.state !== 'running') return;
  const start = ctx.currentTime + 0.01;
  [880, 1175].forEach((frequency, i) => {
    const at = start + i * 0.16;
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'sine';
    osc.frequency.value = frequency;
    // A quick fade in and out: a bare square edge clicks.
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.18, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.14);
    osc.connect(gain).connect(ctx.destination);
    osc.start(at);
    osc.stop(at + 0.15);
  });
}

export function setTitle(waiting: number): void {
  const title = waiting > 0 ? `(${count(waiting)}) ${TITLE}` : TITLE;
  if (document.title !== title) document.title = title;
}

// ---- desktop notifications ------------------------------------------------------------------

export type Permission = NotificationPermission | 'unsupported';

export const notificationPermission = (): Permission => (typeof Notification === 'undefined' ? 'unsupported' : Notification.permission);

/** Asks the browser (only from a click: browsers refuse a request the person did not make). */
export async function askNotifications(): Promise<Permission> {
  if (typeof Notification === 'undefined') return 'unsupported';
  try {
    return await Notification.requestPermission();
  } catch {
    return Notification.permission;
  }
}

/**
 * A desktop notification, when allowed: one per conversation (`tag`), so a chatty customer
 * replaces their own notice instead of stacking ten; a click brings the console forward.
 */
export function desktopNotify(title: string, body: string, tag: string, onClick: () => void): void {
  if (notificationPermission() !== 'granted') return;
  try {
    const n = new Notification(title, { body: body.slice(0, 160), tag, dir: 'rtl', lang: 'fa' });
    n.addEventListener('click', () => {
      window.focus();
      onClick();
      n.close();
    });
  } catch {
    // Android Chrome allows them only from a service worker: the sound and the title still tell.
  }
}
