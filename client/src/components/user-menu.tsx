import { useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { useLogout } from '../hooks/use-logout';
import { useMe } from '../hooks/use-me';
import { ChevronDownIcon, LogOutIcon, SettingsIcon } from './icons';

function initials(name: string): string {
  const parts = name.trim().split(/\s+/);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? (parts.at(-1)?.[0] ?? '') : '')).toUpperCase() || '?';
}

export function UserMenu() {
  const me = useMe();
  const logout = useLogout();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const closeOnOutside = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      buttonRef.current?.focus();
    };
    document.addEventListener('pointerdown', closeOnOutside);
    document.addEventListener('keydown', closeOnEscape);
    return () => {
      document.removeEventListener('pointerdown', closeOnOutside);
      document.removeEventListener('keydown', closeOnEscape);
    };
  }, [open]);

  const user = me.data;
  return (
    <div className="user-menu" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="user-menu-button"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        aria-label={user ? `${user.name}, account menu` : 'Account menu'}
        onClick={() => setOpen((value) => !value)}
      >
        <span className="avatar" aria-hidden="true">
          {user ? initials(user.name) : ''}
        </span>
        {user ? (
          <span className="user-menu-name">{user.name}</span>
        ) : (
          me.isPending && <span className="skeleton skeleton-text" />
        )}
        <ChevronDownIcon size={16} />
      </button>
      {open && (
        <div id={panelId} className="menu-panel">
          {user && (
            <div className="menu-header">
              <strong>{user.name}</strong>
              <span>{user.email}</span>
            </div>
          )}
          <Link to="/settings/account" className="menu-item" onClick={() => setOpen(false)}>
            <SettingsIcon size={18} />
            Settings
          </Link>
          <button type="button" className="menu-item" onClick={() => logout.mutate()} disabled={logout.isPending}>
            <LogOutIcon size={18} />
            Log out
          </button>
        </div>
      )}
    </div>
  );
}
