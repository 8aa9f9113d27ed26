/**
 * widget.js: what the owner's page loads. It stays a few kilobytes: it reads the widget's public
 * settings, draws the launcher in a shadow root and, on the first click, loads widget-chat.js
 * (the conversation and its socket) from the same origin.
 */
import { safeColor, textColorOn } from './color';
import { DEFAULT_CONFIG, MOUNT_GLOBAL, type ChatHost, type ChatInstance, type MountChat, type PublicWidgetConfig, type SwitchboardApi, type WidgetMessage } from './contract';
import { LAUNCHER_CSS } from './launcher-styles';
import { findInstallation, type Installation } from './script-tag';

declare const __SWITCHBOARD_BUILD__: string;

type WidgetWindow = Window & { Switchboard?: SwitchboardApi; [MOUNT_GLOBAL]?: MountChat };

const CHAT_ICON = '<svg class="sb-i-chat" viewBox="0 0 24 24" aria-hidden="true"><path d="M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12z"/></svg>';
const CLOSE_ICON = '<svg class="sb-i-close" viewBox="0 0 24 24" aria-hidden="true"><path d="M6 6l12 12M18 6L6 18"/></svg>';

const debug = (message: string): void => console.debug(`[switchboard] ${message}`);

/** widget-chat.js, once per page however many launchers ask for it. */
let chatScript: Promise<MountChat> | null = null;

function loadChatScript(install: Installation, nonce: string): Promise<MountChat> {
  const page = window as WidgetWindow;
  chatScript ??= new Promise<MountChat>((resolve, reject) => {
    const ready = page[MOUNT_GLOBAL];
    if (ready) return resolve(ready);
    const script = document.createElement('script');
    script.src = install.chatUrl;
    script.async = true;
    // A page with a nonce-based CSP allowed widget.js by its nonce; the chat needs the same.
    if (nonce) script.nonce = nonce;
    script.onload = () => {
      const mount = page[MOUNT_GLOBAL];
      if (mount) resolve(mount);
      else reject(new Error('widget-chat.js did not register'));
    };
    script.onerror = () => reject(new Error(`could not load ${install.chatUrl}`));
    document.head.appendChild(script);
  }).catch((error: unknown) => {
    chatScript = null;
    throw error;
  });
  return chatScript;
}

function whenBodyReady(): Promise<void> {
  if (document.body) return Promise.resolve();
  return new Promise((resolve) => document.addEventListener('DOMContentLoaded', () => resolve(), { once: true }));
}

async function fetchConfig(install: Installation): Promise<PublicWidgetConfig | null> {
  try {
    const response = await fetch(`${install.origin}/api/v1/widget/${encodeURIComponent(install.widgetId)}/config`, { credentials: 'omit' });
    if (!response.ok) {
      debug(`widget ${install.widgetId} not shown (${response.status}${response.status === 403 ? ': this site is not among its allowed domains' : ''})`);
      return null;
    }
    const body = (await response.json()) as PublicWidgetConfig;
    if (body.active !== true) {
      debug(`widget ${install.widgetId} is switched off`);
      return null;
    }
    return body;
  } catch (error) {
    debug(`widget ${install.widgetId} not shown: ${String(error)}`);
    return null;
  }
}

function boot(): void {
  const page = window as WidgetWindow;
  const current = document.currentScript instanceof HTMLScriptElement ? document.currentScript : null;
  const install = findInstallation(current, document.querySelectorAll<HTMLScriptElement>('script[data-widget-id]'), document.baseURI, typeof __SWITCHBOARD_BUILD__ === 'string' ? __SWITCHBOARD_BUILD__ : '');
  if (!install) {
    debug('no <script src=".../widget.js" data-widget-id="..."> found');
    return;
  }
  if (page.Switchboard) {
    debug('already loaded on this page');
    return;
  }
  const nonce = (install.script as HTMLScriptElement).nonce ?? '';

  const listeners = new Set<(message: WidgetMessage) => void>();
  let ui: { host: HTMLElement; container: HTMLElement; launcher: HTMLButtonElement; badge: HTMLElement; title: string } | null = null;
  let chatHost: ChatHost | null = null;
  let chat: ChatInstance | null = null;
  let loading = false;
  let wantOpen = false;
  let destroyed = false;
  let unread = 0;
  let isOpen = false;

  const label = (): void => {
    if (!ui) return;
    const unreadText = unread > 0 ? `, ${unread} unread message${unread === 1 ? '' : 's'}` : '';
    ui.launcher.setAttribute('aria-label', isOpen ? `Close chat: ${ui.title}` : `Open chat: ${ui.title}${unreadText}`);
    ui.launcher.setAttribute('aria-expanded', String(isOpen));
  };

  const open = (): void => {
    if (destroyed) return;
    if (!ui || !chatHost) {
      wantOpen = true;
      return;
    }
    if (chat) return chat.open();
    if (loading) return;
    loading = true;
    ui.container.classList.add('sb-loading');
    ui.launcher.setAttribute('aria-busy', 'true');
    const host = chatHost;
    loadChatScript(install, nonce).then(
      (mount) => {
        if (destroyed) return;
        chat = mount(host);
        chat.open();
      },
      (error: unknown) => debug(String(error)),
    ).finally(() => {
      loading = false;
      ui?.container.classList.remove('sb-loading');
      ui?.launcher.removeAttribute('aria-busy');
    });
  };

  const close = (): void => {
    wantOpen = false;
    chat?.close();
  };

  const api: SwitchboardApi = {
    open,
    close,
    toggle: () => (chat?.isOpen() ? close() : open()),
    destroy: () => {
      destroyed = true;
      chat?.destroy();
      chat = null;
      ui?.host.remove();
      ui = null;
      listeners.clear();
      if (page.Switchboard === api) delete page.Switchboard;
    },
    onMessage: (callback) => {
      listeners.add(callback);
      return () => void listeners.delete(callback);
    },
  };
  page.Switchboard = api;

  void fetchConfig(install).then(async (settings) => {
    if (!settings || destroyed) return;
    await whenBodyReady();
    if (destroyed) return;
    const config = { ...DEFAULT_CONFIG, ...settings.config };
    const color = safeColor(config.color, DEFAULT_CONFIG.color);

    const host = document.createElement('div');
    host.setAttribute('data-switchboard-widget', install.widgetId);
    // The host covers nothing and takes no clicks: only the launcher and the panel re-enable them.
    host.style.cssText = 'all:initial;position:fixed;top:0;left:0;width:0;height:0;z-index:2147483647;pointer-events:none;';
    host.style.setProperty('--sb-color', color);
    host.style.setProperty('--sb-on-color', textColorOn(color));
    const root = host.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = LAUNCHER_CSS;
    const container = document.createElement('div');
    container.className = config.position === 'left' ? 'sb sb-left' : 'sb';
    const launcher = document.createElement('button');
    launcher.type = 'button';
    launcher.className = 'sb-launcher';
    // Static markup of our own; nothing from the server goes through innerHTML.
    launcher.innerHTML = `${CHAT_ICON}${CLOSE_ICON}<span class="sb-spin" aria-hidden="true"></span>`;
    const badge = document.createElement('span');
    badge.className = 'sb-badge';
    badge.hidden = true;
    badge.setAttribute('aria-hidden', 'true');
    launcher.appendChild(badge);
    launcher.addEventListener('click', () => api.toggle());
    launcher.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && chat?.isOpen()) close();
    });
    container.appendChild(launcher);
    root.append(style, container);
    document.body.appendChild(host);
    ui = { host, container, launcher, badge, title: config.title };
    label();

    chatHost = {
      widgetId: install.widgetId,
      origin: install.origin,
      config,
      limits: settings.limits ?? null,
      operatorsOnline: settings.operatorsOnline === true,
      root,
      container,
      launcher,
      setOpen: (next) => {
        isOpen = next;
        container.classList.toggle('sb-open', next);
        label();
      },
      setUnread: (count) => {
        unread = count;
        badge.hidden = count === 0;
        badge.textContent = count > 99 ? '99+' : String(count);
        label();
      },
      emitMessage: (message) => {
        for (const listener of listeners) {
          try {
            listener(message);
          } catch (error) {
            console.error(error);
          }
        }
      },
    };
    if (wantOpen) open();
  });
}

boot();
