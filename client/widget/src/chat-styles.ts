/** The conversation panel's CSS, added to the launcher's shadow root when the chat mounts. */
export const CHAT_CSS = `
.sb-panel{position:fixed;bottom:calc(88px + env(safe-area-inset-bottom,0px));right:20px;width:380px;max-width:calc(100vw - 40px);height:min(640px,calc(100dvh - 120px));display:flex;flex-direction:column;background:#fff;color:#111827;border-radius:16px;box-shadow:0 12px 48px rgba(0,0,0,.28);overflow:hidden;pointer-events:auto;box-sizing:border-box;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;text-align:left}
.sb-panel[hidden]{display:none}
.sb-panel *{box-sizing:border-box}
.sb-left .sb-panel{right:auto;left:20px}
.sb-head{display:flex;align-items:flex-start;gap:8px;padding:14px 10px 12px 16px;background:var(--sb-color);color:var(--sb-on-color);flex:none}
.sb-titles{flex:1;min-width:0}
.sb-title{margin:0;font-size:16px;font-weight:600;line-height:1.3}
.sb-sub{margin:2px 0 0;font-size:13px;opacity:.9}
.sb-icon{flex:none;width:32px;height:32px;margin:0;padding:0;border:0;border-radius:8px;background:transparent;color:inherit;cursor:pointer;display:grid;place-items:center;font:inherit}
.sb-icon:hover{background:rgba(127,127,127,.22)}
.sb-icon svg{width:18px;height:18px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round}
button:focus-visible,a:focus-visible{outline:2px solid var(--sb-color);outline-offset:2px}
.sb-head button:focus-visible{outline-color:var(--sb-on-color)}
.sb-status{flex:none;padding:6px 16px;font-size:12px;color:#374151;background:#f3f4f6;border-bottom:1px solid #e5e7eb}
.sb-status[hidden]{display:none}
.sb-dot{display:inline-block;width:8px;height:8px;margin-right:6px;border-radius:50%;background:#16a34a;vertical-align:1px}
.sb-notice{flex:none;display:flex;gap:6px;align-items:flex-start;margin:10px 12px 0;padding:8px 6px 8px 10px;font-size:12px;color:#1f2937;background:#eef2ff;border-radius:8px}
.sb-notice[hidden]{display:none}
.sb-notice p{margin:0;flex:1}
.sb-notice a{color:inherit}
.sb-notice .sb-icon{width:24px;height:24px}
.sb-log{flex:1;min-height:0;overflow-y:auto;overscroll-behavior:contain;padding:12px;display:flex;flex-direction:column;gap:10px}
.sb-msg{max-width:85%;display:flex;flex-direction:column;align-items:flex-start;gap:3px}
.sb-msg-visitor{align-self:flex-end;align-items:flex-end}
.sb-label{font-size:11px;color:#6b7280}
.sb-bubble{padding:8px 12px;border-radius:14px;background:#f3f4f6;white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-word}
.sb-msg-visitor .sb-bubble{background:var(--sb-color);color:var(--sb-on-color)}
.sb-msg-operator .sb-bubble{background:#ecfdf5;border:1px solid #a7f3d0}
.sb-bubble a,.sb-files a{color:inherit;text-decoration:underline}
.sb-note{font-size:11px;color:#6b7280}
.sb-failed{font-size:12px;color:#b91c1c}
.sb-blocked .sb-link{display:none}
.sb-link{margin:0 0 0 6px;padding:0;border:0;background:none;color:inherit;font:inherit;text-decoration:underline;cursor:pointer}
.sb-system{align-self:center;max-width:90%;font-size:12px;color:#6b7280;text-align:center}
.sb-error{align-self:stretch;padding:8px 10px;font-size:13px;color:#7f1d1d;background:#fef2f2;border:1px solid #fecaca;border-radius:8px}
.sb-info{align-self:stretch;padding:8px 10px;font-size:13px;color:#1f2937;background:#f9fafb;border:1px solid #e5e7eb;border-radius:8px}
.sb-cards{display:flex;flex-wrap:wrap;gap:4px}
.sb-card{padding:2px 8px;font-size:11px;border:1px solid #d1d5db;border-radius:999px;background:#fff;color:#374151}
.sb-card-failed{border-color:#fca5a5;color:#991b1b}
.sb-files{display:flex;flex-direction:column;gap:2px;font-size:12px}
.sb-typing{flex:none;min-height:20px;padding:0 16px 4px;font-size:12px;color:#6b7280}
.sb-loading-line{align-self:center;font-size:12px;color:#6b7280}
.sb-handoff{flex:none;align-self:flex-start;margin:0 12px 8px;padding:6px 12px;border:1px solid var(--sb-color);border-radius:999px;background:#fff;color:#111827;font:500 13px/1.3 inherit;cursor:pointer}
.sb-handoff[hidden]{display:none}
.sb-handoff:disabled{opacity:.6;cursor:default}
.sb-composer{flex:none;display:flex;gap:8px;align-items:flex-end;padding:10px 12px;border-top:1px solid #e5e7eb}
.sb-input{flex:1;min-height:40px;max-height:120px;margin:0;padding:8px 10px;resize:none;border:1px solid #d1d5db;border-radius:10px;background:#fff;color:#111827;font:16px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.sb-input:focus{outline:2px solid var(--sb-color);outline-offset:-1px}
.sb-input:disabled{background:#f3f4f6;color:#6b7280}
.sb-send{flex:none;width:40px;height:40px;margin:0;padding:0;border:0;border-radius:10px;background:var(--sb-color);color:var(--sb-on-color);cursor:pointer;display:grid;place-items:center}
.sb-send:disabled{opacity:.45;cursor:default}
.sb-send svg{width:18px;height:18px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}
.sb-clip{flex:none;width:40px;height:40px;margin:0;padding:0;border:1px solid #d1d5db;border-radius:10px;background:#fff;color:#374151;cursor:pointer;display:grid;place-items:center}
.sb-clip:hover{background:#f3f4f6}
.sb-clip:disabled{opacity:.45;cursor:default}
.sb-clip svg{width:18px;height:18px;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}
.sb-chips{flex:none;display:flex;flex-wrap:wrap;gap:6px;margin:0;padding:8px 12px 0;list-style:none;max-height:96px;overflow-y:auto}
.sb-chips[hidden]{display:none}
.sb-chip{display:flex;align-items:center;gap:6px;max-width:100%;padding:3px 4px 3px 10px;font-size:12px;border:1px solid #d1d5db;border-radius:999px;background:#f9fafb;color:#111827}
.sb-chip-name{min-width:0;max-width:140px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;font-weight:500}
.sb-chip-state{min-width:0;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;color:#6b7280}
.sb-chip-ready{border-color:#86efac;background:#f0fdf4}
.sb-chip-ready .sb-chip-state{color:#166534}
.sb-chip-failed{border-color:#fca5a5;background:#fef2f2}
.sb-chip-failed .sb-chip-state{color:#991b1b}
.sb-chip-remove{flex:none;width:22px;height:22px;margin:0;padding:0;border:0;border-radius:50%;background:transparent;color:inherit;cursor:pointer;display:grid;place-items:center}
.sb-chip-remove:hover{background:rgba(127,127,127,.2)}
.sb-chip-remove svg{width:12px;height:12px;fill:none;stroke:currentColor;stroke-width:2.5;stroke-linecap:round}
.sb-dropping::after{content:"Drop files to attach them";position:absolute;inset:8px;display:grid;place-items:center;border:2px dashed var(--sb-color);border-radius:12px;background:rgba(255,255,255,.92);color:#111827;font-weight:600;pointer-events:none;z-index:3}
.sb-attached{display:flex;flex-wrap:wrap;justify-content:flex-end;gap:4px}
.sb-att{padding:1px 8px;font-size:11px;border:1px solid #d1d5db;border-radius:999px;background:#fff;color:#374151;max-width:200px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.sb-cite{display:inline-block;min-width:18px;height:18px;margin:0 1px;padding:0 4px;border:1px solid #c7d2fe;border-radius:6px;background:#eef2ff;color:#3730a3;font:600 11px/16px system-ui,sans-serif;vertical-align:2px;cursor:pointer}
.sb-cite:hover{background:#e0e7ff}
.sb-sources{align-self:stretch;display:flex;flex-direction:column;gap:2px;font-size:12px}
.sb-sources-head{color:#6b7280}
.sb-sources ol{margin:0;padding:0;list-style:none;display:flex;flex-direction:column;gap:2px}
.sb-source-item{display:flex;align-items:baseline;gap:6px;width:100%;margin:0;padding:3px 6px;border:0;border-radius:6px;background:transparent;color:#111827;font:inherit;text-align:left;cursor:pointer}
.sb-source-item:hover{background:#f3f4f6}
.sb-source-n{flex:none;min-width:18px;padding:0 4px;border-radius:6px;background:#eef2ff;color:#3730a3;font-weight:600;text-align:center}
.sb-source-name{min-width:0;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;text-decoration:underline;text-decoration-color:#d1d5db}
.sb-source-item .sb-source-where{flex:none;max-width:40%;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;color:#6b7280}
.sb-source{position:absolute;left:8px;right:8px;bottom:8px;max-height:65%;display:flex;flex-direction:column;gap:6px;padding:10px 12px 12px;background:#fff;border:1px solid #e5e7eb;border-radius:12px;box-shadow:0 8px 28px rgba(0,0,0,.22);z-index:2}
.sb-source[hidden]{display:none}
.sb-source-head{display:flex;align-items:center;justify-content:space-between;gap:8px;font-size:12px;color:#6b7280}
.sb-source-head .sb-icon{width:28px;height:28px}
.sb-source-title{margin:0;font-size:14px;font-weight:600;line-height:1.3;overflow-wrap:anywhere}
p.sb-source-where{margin:0;font-size:12px;color:#6b7280}
p.sb-source-where[hidden]{display:none}
.sb-source-text{flex:1;min-height:0;margin:0;padding:8px 10px;overflow-y:auto;white-space:pre-wrap;overflow-wrap:anywhere;font-size:13px;background:#f9fafb;border-left:3px solid var(--sb-color);border-radius:6px}
.sb-source-text:focus-visible{outline:2px solid var(--sb-color);outline-offset:1px}
.sb-source-open{align-self:flex-start;font-size:13px;color:#1d4ed8}
.sb-source-open[hidden]{display:none}
.sb-count{flex:none;padding:0 14px 6px;font-size:11px;color:#6b7280;text-align:right}
.sb-count[hidden]{display:none}
.sb-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:768px){
.sb-panel,.sb-left .sb-panel{top:var(--sb-vv-top,0px);left:0;right:0;bottom:auto;width:100%;max-width:none;height:var(--sb-vv-height,100dvh);border-radius:0;box-shadow:none;padding:env(safe-area-inset-top,0px) env(safe-area-inset-right,0px) env(safe-area-inset-bottom,0px) env(safe-area-inset-left,0px)}
.sb-head{border-radius:0}
}
@media (prefers-reduced-motion:reduce){.sb-panel *{transition:none!important;animation:none!important}}
`;
