/** The launcher's CSS (in the loader: it is all that shows before the first click). */
export const LAUNCHER_CSS = `
:host{all:initial}
.sb{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#111827}
.sb-launcher{position:fixed;bottom:calc(20px + env(safe-area-inset-bottom,0px));right:calc(20px + env(safe-area-inset-right,0px));width:56px;height:56px;margin:0;padding:0;border:0;border-radius:50%;background:var(--sb-color);color:var(--sb-on-color);box-shadow:0 4px 16px rgba(0,0,0,.25);cursor:pointer;pointer-events:auto;display:grid;place-items:center;transition:transform .15s ease}
.sb-left .sb-launcher{right:auto;left:calc(20px + env(safe-area-inset-left,0px))}
.sb-launcher:hover{transform:scale(1.06)}
.sb-launcher:focus-visible{outline:3px solid var(--sb-color);outline-offset:3px}
.sb-launcher svg{width:26px;height:26px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}
.sb-i-close,.sb-open .sb-i-chat,.sb-loading svg{display:none}
.sb-open .sb-i-close{display:block}
.sb-loading.sb-open .sb-i-close{display:none}
.sb-spin{display:none;width:22px;height:22px;box-sizing:border-box;border:3px solid currentColor;border-right-color:transparent;border-radius:50%;animation:sb-spin .8s linear infinite}
.sb-loading .sb-spin{display:block}
@keyframes sb-spin{to{transform:rotate(360deg)}}
.sb-badge{position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;padding:0 6px;box-sizing:border-box;border-radius:10px;background:#dc2626;color:#fff;font:700 12px/20px system-ui,sans-serif;text-align:center}
.sb-badge[hidden]{display:none}
@media (prefers-reduced-motion:reduce){.sb-launcher{transition:none}.sb-spin{animation-duration:2.4s}}
@media (max-width:768px){.sb-open .sb-launcher{display:none}}
`;
