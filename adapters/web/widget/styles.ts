// All of the widget's CSS, inside its shadow root. The host resets everything the page might
// inherit or force onto it (`all: initial !important` wins over the page's own rules on the host).

export const FONT_FAMILY = 'PasokhVazirmatn';

/** @font-face must live in the document: several browsers ignore it inside a shadow root. */
export const fontFaces = (base: string): string =>
  [
    ['Regular', 400],
    ['Bold', 700],
  ]
    .map(([file, weight]) => `@font-face{font-family:${FONT_FAMILY};src:url(${JSON.stringify(`${base}/fonts/Vazirmatn-${file}.woff2`)}) format("woff2");font-weight:${weight};font-style:normal;font-display:swap}`)
    .join('\n');

export const CSS = `
:host{all:initial!important;display:block!important}
.w{--a:#0f766e;--at:var(--a);--bg:#fff;--fg:#1f2937;--mu:#5b6370;--in:#f1f5f4;--bd:#e5e7eb;--er:#b91c1c;font:400 14px/1.75 ${FONT_FAMILY},Vazirmatn,Tahoma,system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);text-align:right;-webkit-text-size-adjust:100%;-webkit-font-smoothing:antialiased}
/* Dark: the accent as a text colour is lightened (on #151b23 the shop's own green is about 3:1), so
   names, links and quick replies keep WCAG AA (4.5:1); bubbles and the header keep the accent. */
@media (prefers-color-scheme:dark){.w{--at:color-mix(in srgb,var(--a) 45%,#fff);--bg:#151b23;--fg:#e6e9ee;--mu:#9aa3af;--in:#222a35;--bd:#2f3844;--er:#f87171}}
*,*::before,*::after{box-sizing:border-box;margin:0;padding:0;border:0;font:inherit;color:inherit;letter-spacing:normal;text-transform:none}
[hidden]{display:none!important}
button{background:none;cursor:pointer;-webkit-tap-highlight-color:transparent}
button:disabled{cursor:default;opacity:.45}
:focus{outline:none}
:focus-visible{outline:2px solid var(--a);outline-offset:2px}
textarea:focus-visible,input:focus-visible{outline:none}
svg{display:block;width:22px;height:22px;fill:currentColor}
.l{position:fixed;bottom:20px;left:20px;z-index:2147483000;width:58px;height:58px;border-radius:50%;background:var(--a);color:#fff;display:flex;align-items:center;justify-content:center;box-shadow:0 6px 22px rgba(0,0,0,.25);transition:transform .15s}
.l:hover{transform:scale(1.06)}
.l svg{width:28px;height:28px}
.w[data-side=right] .l{left:auto;right:20px}
.w[data-open] .i1,.w:not([data-open]) .i2{display:none}
.badge{position:absolute;top:-3px;right:-3px;min-width:22px;height:22px;padding:0 6px;border-radius:11px;background:#dc2626;color:#fff;border:2px solid #fff;font-size:12px;font-weight:700;line-height:18px;text-align:center}
.p{position:fixed;bottom:90px;left:20px;z-index:2147483000;width:380px;max-width:calc(100vw - 40px);height:620px;max-height:calc(100vh - 110px);display:flex;flex-direction:column;background:var(--bg);border:1px solid var(--bd);border-radius:18px;overflow:hidden;box-shadow:0 14px 48px rgba(0,0,0,.22);animation:pk-in .18s ease-out}
.w[data-side=right] .p{left:auto;right:20px}
@keyframes pk-in{from{opacity:0;transform:translateY(12px)}}
.hd{display:flex;align-items:center;gap:10px;padding:12px 16px;background:var(--a);color:#fff}
.tt{flex:1;min-width:0}
.tt h2{font-size:15px;font-weight:700;line-height:1.5;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.on{display:flex;align-items:center;gap:6px;font-size:12px;min-width:0}
.on span:last-child{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.dot{width:8px;height:8px;border-radius:50%;background:#4ade80;box-shadow:0 0 0 2px rgba(255,255,255,.35)}
.w[data-offline] .dot{background:#fbbf24}
.w[data-away] .dot{background:#cbd5e1}
.x{width:36px;height:36px;border-radius:50%;display:flex;align-items:center;justify-content:center;color:#fff}
.x:hover{background:rgba(255,255,255,.16)}
.x:focus-visible{outline-color:#fff}
.bd{flex:1;min-height:0;overflow-y:auto;overscroll-behavior:contain;padding:12px 14px 6px;display:flex;flex-direction:column}
.log{display:flex;flex-direction:column;gap:8px}
.m{display:flex;flex-direction:column;align-items:flex-start;align-self:flex-start;max-width:86%}
.m.customer{align-self:flex-end;align-items:flex-end}
.b a{color:var(--at);text-decoration:underline;overflow-wrap:anywhere}
.m.customer .b a{color:#fff}
.b{padding:7px 12px;border-radius:16px;background:var(--in);white-space:pre-wrap;overflow-wrap:anywhere;unicode-bidi:plaintext;text-align:start}
.m.bot .b,.m.agent .b{border-end-start-radius:4px}
.m.agent .b{box-shadow:inset 0 0 0 1px var(--a)}
.m.customer .b{background:var(--a);color:#fff;border-end-end-radius:4px}
.m[data-state=retrying] .b,.m[data-state=failed] .b{opacity:.65}
.who{font-size:12px;font-weight:700;color:var(--at);margin:0 4px 2px;unicode-bidi:plaintext}
.meta{display:flex;flex-wrap:wrap;align-items:center;gap:6px;margin:2px 4px 0;font-size:11px;line-height:1.6;color:var(--mu)}
.m[data-state=failed] .st{color:var(--er)}
.rt{color:var(--at);font-weight:700;text-decoration:underline;padding:2px}
.day{align-self:center;margin:6px 0 2px;padding:1px 12px;border-radius:10px;background:var(--in);font-size:12px;color:var(--mu)}
.n{align-self:center;max-width:90%;text-align:center;font-size:12px;color:var(--mu);white-space:pre-wrap}
.n.err{color:var(--er)}
.qr{display:flex;flex-wrap:wrap;gap:6px;margin-top:6px}
.qr button{padding:4px 12px;border:1px solid var(--at);border-radius:16px;background:var(--bg);color:var(--at);font-size:13px;unicode-bidi:plaintext}
.qr button:hover{background:var(--a);color:#fff}
.cards{display:flex;gap:8px;max-width:100%;margin-top:6px;padding-bottom:4px;overflow-x:auto;scroll-snap-type:x mandatory}
.m:has(.cards){max-width:100%}
.card{flex:0 0 200px;display:flex;flex-direction:column;border:1px solid var(--bd);border-radius:12px;overflow:hidden;background:var(--bg);scroll-snap-align:start}
.card img{display:block;width:100%;height:140px;object-fit:cover;background:var(--in)}
.cb{flex:1;display:flex;flex-direction:column;gap:2px;padding:8px 10px}
.ct{font-weight:700;unicode-bidi:plaintext}
.cs,.cx{font-size:12px;color:var(--mu);unicode-bidi:plaintext}
.cx{white-space:pre-wrap}
.cl{align-self:flex-start;margin-top:auto;padding-top:4px;color:var(--at);font-weight:700;text-decoration:none}
.cl:hover{text-decoration:underline}
.ty{align-self:flex-start;display:flex;gap:4px;margin-top:8px;padding:11px 14px;border-radius:16px;background:var(--in)}
.ty i{width:7px;height:7px;border-radius:50%;background:var(--mu);animation:pk-dot 1.2s infinite}
.ty i:nth-child(2){animation-delay:.2s}
.ty i:nth-child(3){animation-delay:.4s}
@keyframes pk-dot{0%,60%,100%{opacity:.3;transform:none}30%{opacity:1;transform:translateY(-3px)}}
.pc{display:flex;flex-direction:column;gap:8px;margin-top:12px;padding:14px;border:1px solid var(--bd);border-radius:14px}
.pc p{font-size:13px}
.pc label{display:flex;flex-direction:column;gap:2px;font-size:12px;color:var(--mu)}
.pc input{width:100%;unicode-bidi:plaintext;padding:7px 10px;border:1px solid var(--bd);border-radius:10px;background:var(--in);color:var(--fg);font-size:14px}
.pc input:focus{border-color:var(--a)}
.pc input[dir=ltr]{text-align:right}
.er{font-size:12px;color:var(--er)}
.er:empty{display:none}
.row{display:flex;gap:8px}
.go{flex:1;padding:7px 14px;border-radius:10px;background:var(--a);color:#fff;font-weight:700}
.sk{padding:7px 12px;border-radius:10px;color:var(--mu)}
.cp{display:flex;align-items:flex-end;gap:8px;padding:10px 12px;border-top:1px solid var(--bd)}
.cp textarea{flex:1;min-height:40px;max-height:120px;padding:7px 12px;border:1px solid var(--bd);border-radius:14px;background:var(--in);color:var(--fg);font-size:14px;line-height:1.75;resize:none;unicode-bidi:plaintext}
.cp textarea:focus{border-color:var(--a)}
.cp textarea::placeholder,.pc input::placeholder{color:var(--mu);direction:rtl;text-align:right}
.sd{flex:none;width:40px;height:40px;border-radius:50%;background:var(--a);color:#fff;display:flex;align-items:center;justify-content:center}
.sd svg{transform:scaleX(-1)}
@media (max-width:480px){
.w[data-side] .p{inset:0;width:auto;height:auto;max-width:none;max-height:none;border:0;border-radius:0}
.w[data-open] .l{display:none}
.cp textarea{font-size:16px}
}
@media (prefers-reduced-motion:reduce){*{animation:none!important;transition:none!important}}
`;
