import { readFileSync } from 'node:fs';
const p = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const self = new Map(); const dt = p.timeDeltas; 
const counts = new Map();
p.samples.forEach((id, i) => counts.set(id, (counts.get(id) ?? 0) + (dt[i] ?? 0)));
const parent = new Map(); for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const name = (n) => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}:${n.callFrame.columnNumber}`;
const incl = new Map(); let total = 0;
for (const [id, t] of counts) { total += t; const n = byId.get(id); self.set(name(n), (self.get(name(n)) ?? 0) + t);
  const seen = new Set(); let cur = id; while (cur !== undefined) { const nm = name(byId.get(cur)); if (!seen.has(nm)) { seen.add(nm); incl.set(nm, (incl.get(nm) ?? 0) + t); } cur = parent.get(cur); } }
const top = (m, k) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k).map(([n, t]) => `${(100 * t / total).toFixed(1).padStart(5)}% ${n}`).join('\n');
console.log('SELF\n' + top(self, 25)); console.log('INCL\n' + top(incl, 45));
