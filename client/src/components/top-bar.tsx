import type { ReactNode } from 'react';
import { NavLink } from 'react-router-dom';
import { ChatIcon, MemoryIcon, SettingsIcon } from './icons';
import { UserMenu } from './user-menu';

/** `start`: what comes before the main links (the menu button on narrow screens). */
export function TopBar({ start }: { start?: ReactNode }) {
  return (
    <header className="top-bar">
      {start}
      <nav aria-label="Main" className="top-nav">
        <NavLink to="/chat" className="top-nav-link">
          <ChatIcon size={18} />
          Chat
        </NavLink>
        <NavLink to="/memories" className="top-nav-link">
          <MemoryIcon size={18} />
          Memories
        </NavLink>
        <NavLink to="/settings" className="top-nav-link">
          <SettingsIcon size={18} />
          Settings
        </NavLink>
      </nav>
      <UserMenu />
    </header>
  );
}
