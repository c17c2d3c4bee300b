// localStorage that never throws: Safari's private mode, disabled cookies and sandboxed iframes
// make it throw or drop writes, and the widget must still work for the page's lifetime.

const memory = new Map<string, string>();

export const K = {
  token: 'pasokh:token',
  last: 'pasokh:last',
  open: 'pasokh:open',
  seen: 'pasokh:seen',
  outbox: 'pasokh:outbox',
  prechat: 'pasokh:prechat',
} as const;

export function get(key: string): string | null {
  try {
    const value = localStorage.getItem(key);
    if (value !== null) return value;
  } catch {
    // storage disabled: memory only
  }
  return memory.get(key) ?? null;
}

export function set(key: string, value: string): void {
  memory.set(key, value);
  try {
    localStorage.setItem(key, value);
  } catch {
    // quota or disabled: memory keeps it for this page
  }
}

export function del(key: string): void {
  memory.delete(key);
  try {
    localStorage.removeItem(key);
  } catch {
    // nothing to do
  }
}

export function getJSON<T>(key: string): T | null {
  const raw = get(key);
  if (raw === null) return null;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return null;
  }
}

export const setJSON = (key: string, value: unknown): void => set(key, JSON.stringify(value));
