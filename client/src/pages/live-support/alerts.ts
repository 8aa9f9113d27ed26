/** Live support alerts: a beep, and a desktop notification while the tab is hidden. */
export type AlertSetting = 'off' | 'all';

const SETTING_KEY = 'switchboard.liveSupport.alerts';

export function readAlertSetting(): AlertSetting {
  try {
    return localStorage.getItem(SETTING_KEY) === 'off' ? 'off' : 'all';
  } catch {
    return 'all';
  }
}

export function writeAlertSetting(setting: AlertSetting): void {
  try {
    localStorage.setItem(SETTING_KEY, setting);
  } catch {
    // Storage disabled: the setting lasts as long as the page.
  }
}

let audio: AudioContext | null = null;

/**
 * Browsers keep audio silent until the page was clicked (or a key pressed): call this from such
 * an event, so later beeps can sound.
 */
export function armSound(): void {
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume();
  } catch {
    // No Web Audio: alerts stay silent.
  }
}

export function soundArmed(): boolean {
  return audio?.state === 'running';
}

/** Two short rising tones, quiet; nothing when audio was never armed. */
export function beep(): void {
  if (!audio || audio.state !== 'running') return;
  const start = audio.currentTime;
  for (const [offset, frequency] of [
    [0, 660],
    [0.16, 880],
  ] as const) {
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.type = 'sine';
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, start + offset);
    gain.gain.exponentialRampToValueAtTime(0.15, start + offset + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.14);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(start + offset);
    oscillator.stop(start + offset + 0.15);
  }
}

export type NotificationPermissionState = NotificationPermission | 'unsupported';

export function notificationPermission(): NotificationPermissionState {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** Asks once (the browser remembers the answer); call it from a click. */
export async function requestNotifications(): Promise<NotificationPermissionState> {
  if (typeof Notification === 'undefined') return 'unsupported';
  if (Notification.permission !== 'default') return Notification.permission;
  try {
    return await Notification.requestPermission();
  } catch {
    return Notification.permission;
  }
}

/**
 * A desktop notification, if allowed; one per `tag` at a time (a newer one replaces it). Clicking
 * it brings the tab forward and runs `onClick`.
 */
export function notify(title: string, body: string, tag: string, onClick: () => void): void {
  if (notificationPermission() !== 'granted') return;
  try {
    const notification = new Notification(title, { body, tag });
    notification.onclick = () => {
      window.focus();
      onClick();
      notification.close();
    };
  } catch {
    // Some browsers only show notifications from a service worker: the beep and title still tell.
  }
}
