// The insights page's charts, our own and small: vertical bars, a line, a donut, and ranked rows
// (HTML labels that wrap, each with an SVG bar). Right to left like the page: the first day, the
// first hour and the largest share start at the right. Numbers in Persian digits. No library: the
// whole page is a few kilobytes (README, "Insights for the owner").

const SVG = 'http://www.w3.org/2000/svg';
const fa = new Intl.NumberFormat('fa-IR', { maximumFractionDigits: 1 });

/** A number in Persian digits (one decimal at most). */
export const faNumber = (n: number) => fa.format(n);
/** A share 0–1 as a Persian percentage («۸۷٪»), or «—» when there is none. */
export const faPercent = (rate: number | null) => (rate === null ? '—' : `${fa.format(Math.round(rate * 1000) / 10)}٪`);

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, ...children: Array<SVGElement | string>): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, String(value));
  for (const child of children) el.append(child);
  return el;
}

/** The chart's frame: a figure with its hook, a heading and a one-line summary for screen readers. */
export function figure(name: string, title: string, summary: string, ...body: Node[]): HTMLElement {
  const el = document.createElement('figure');
  el.className = 'chart';
  el.dataset.pasokh = 'chart';
  el.dataset.name = name;
  const caption = document.createElement('figcaption');
  caption.textContent = title;
  const sr = document.createElement('p');
  sr.className = 'sr-only';
  sr.textContent = summary;
  el.append(caption, sr, ...body);
  return el;
}

/** An empty chart's line, so an empty period reads as such rather than as a broken page. */
export function emptyLine(text = 'در این بازه چیزی ثبت نشده است.'): HTMLElement {
  const p = document.createElement('p');
  p.className = 'empty';
  p.textContent = text;
  return p;
}

const W = 600;
const H = 180;
const PAD = { top: 14, bottom: 26, side: 24 };

/**
 * Vertical bars, the first at the right; `labels[i]` under bar i when `labelEvery` allows it.
 *
 * @example bars([3, 5, 2], ['شنبه', 'یکشنبه', 'دوشنبه'])
 */
export function bars(values: readonly number[], labels: readonly string[], options: { labelEvery?: number; tip?: (i: number) => string } = {}): SVGSVGElement {
  const max = Math.max(1, ...values);
  const n = Math.max(1, values.length);
  const slot = (W - 2 * PAD.side) / n;
  const every = options.labelEvery ?? Math.max(1, Math.ceil(n / 12));
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'bars', role: 'img' });
  chart.append(svg('line', { x1: 0, x2: W, y1: H - PAD.bottom, y2: H - PAD.bottom, class: 'axis' }));
  values.forEach((v, i) => {
    const x = W - PAD.side - (i + 1) * slot;
    const h = ((H - PAD.top - PAD.bottom) * v) / max;
    const bar = svg('rect', { x: x + slot * 0.15, y: H - PAD.bottom - h, width: slot * 0.7, height: Math.max(h, v > 0 ? 1 : 0), rx: 2, class: 'bar' });
    bar.append(svg('title', {}, options.tip ? options.tip(i) : `${labels[i] ?? ''}: ${faNumber(v)}`));
    chart.append(bar);
    if (i % every === 0 && labels[i]) chart.append(svg('text', { x: x + slot / 2, y: H - 8, 'text-anchor': 'middle', class: 'tick' }, labels[i]!));
  });
  // The text runs right to left (the page's direction): 'start' puts its right end at x.
  chart.append(svg('text', { x: W - 2, y: 10, 'text-anchor': 'start', class: 'tick' }, faNumber(max)));
  return chart;
}

/** A line of shares (0–1, null for no data), the first at the right, with its points. */
export function line(values: ReadonlyArray<number | null>, labels: readonly string[], options: { labelEvery?: number } = {}): SVGSVGElement {
  const n = Math.max(1, values.length);
  const step = (W - 2 * PAD.side) / Math.max(1, n - 1);
  const x = (i: number) => (n === 1 ? W / 2 : W - PAD.side - i * step);
  const y = (v: number) => H - PAD.bottom - (H - PAD.top - PAD.bottom) * v;
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'line', role: 'img' });
  for (const level of [0, 0.5, 1]) chart.append(svg('line', { x1: 0, x2: W, y1: y(level), y2: y(level), class: level === 0 ? 'axis' : 'grid' }));
  chart.append(svg('text', { x: W - 2, y: y(1) - 3, 'text-anchor': 'start', class: 'tick' }, '۱۰۰٪'));
  chart.append(svg('text', { x: W - 2, y: y(0.5) - 3, 'text-anchor': 'start', class: 'tick' }, '۵۰٪'));
  // Days without conversations break the line instead of reading as 0%.
  let run: string[] = [];
  const flush = () => {
    if (run.length > 1) chart.append(svg('polyline', { points: run.join(' '), class: 'stroke' }));
    run = [];
  };
  values.forEach((v, i) => {
    if (v === null) return flush();
    run.push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`);
    const dot = svg('circle', { cx: x(i), cy: y(v), r: 3.5, class: 'dot' });
    dot.append(svg('title', {}, `${labels[i] ?? ''}: ${faPercent(v)}`));
    chart.append(dot);
  });
  flush();
  const every = options.labelEvery ?? Math.max(1, Math.ceil(n / 8));
  labels.forEach((label, i) => {
    if (i % every === 0) chart.append(svg('text', { x: x(i), y: H - 8, 'text-anchor': 'middle', class: 'tick' }, label));
  });
  return chart;
}

/** A donut of one share (0–1), its percentage in the middle. */
export function donut(rate: number | null, label: string): SVGSVGElement {
  const r = 42;
  const c = 2 * Math.PI * r;
  const chart = svg('svg', { viewBox: '0 0 120 120', class: 'donut', role: 'img' });
  chart.append(svg('circle', { cx: 60, cy: 60, r, class: 'track' }));
  if (rate !== null && rate > 0) {
    // Drawn from the top, clockwise.
    chart.append(svg('circle', { cx: 60, cy: 60, r, class: 'share', 'stroke-dasharray': `${(c * rate).toFixed(2)} ${c.toFixed(2)}`, transform: 'rotate(-90 60 60)' }));
  }
  chart.append(svg('text', { x: 60, y: 62, 'text-anchor': 'middle', 'dominant-baseline': 'middle', class: 'big' }, faPercent(rate)));
  chart.append(svg('title', {}, `${label}: ${faPercent(rate)}`));
  return chart;
}

export interface Row {
  label: string;
  value: number;
  /** Shown under the label (other wordings of a question). */
  note?: string;
  /** data-* attributes of the row, for tests and styles. */
  data?: Record<string, string>;
}

/** Ranked rows: the label (wrapping), the count, and a bar of the count against the largest. */
export function rows(items: readonly Row[], rowHook: string): HTMLOListElement {
  const list = document.createElement('ol');
  list.className = 'ranked';
  const max = Math.max(1, ...items.map((i) => i.value));
  for (const item of items) {
    const li = document.createElement('li');
    li.dataset.pasokh = rowHook;
    for (const [k, v] of Object.entries(item.data ?? {})) li.dataset[k] = v;
    const head = document.createElement('div');
    head.className = 'row-head';
    const label = document.createElement('span');
    label.className = 'label';
    label.textContent = item.label;
    label.dir = 'auto';
    const count = document.createElement('span');
    count.className = 'count';
    count.textContent = faNumber(item.value);
    head.append(label, count);
    const bar = svg('svg', { viewBox: '0 0 100 6', class: 'hbar', preserveAspectRatio: 'none', 'aria-hidden': 'true' });
    const w = (100 * item.value) / max;
    bar.append(svg('rect', { x: 0, y: 0, width: 100, height: 6, rx: 3, class: 'track' }), svg('rect', { x: 100 - w, y: 0, width: w, height: 6, rx: 3, class: 'bar' }));
    li.append(head, bar);
    if (item.note) {
      const note = document.createElement('p');
      note.className = 'note';
      note.textContent = item.note;
      li.append(note);
    }
    list.append(li);
  }
  return list;
}
