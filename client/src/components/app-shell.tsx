import type { ReactNode } from 'react';
import { NavLink } from 'react-router-dom';
import { HeadsetIcon } from './icons';
import { Brand } from './brand';
import { Toaster } from './toaster';
import { TopBar } from './top-bar';

interface AppShellProps {
  /** Names the sidebar landmark, e.g. "Conversations". */
  sidebarLabel: string;
  sidebar: ReactNode;
  children: ReactNode;
}

/** The signed-in frame: sidebar with the app name and the page's own navigation, top bar, content. */
export function AppShell({ sidebarLabel, sidebar, children }: AppShellProps) {
  return (
    <div className="shell">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <aside className="sidebar" aria-label={sidebarLabel}>
        <Brand />
        <nav aria-label="Workspace" className="shell-nav">
          <NavLink to="/live" className="sub-nav-link">
            <HeadsetIcon size={18} />
            Live support
          </NavLink>
        </nav>
        {sidebar}
      </aside>
      <div className="shell-main">
        <TopBar />
        <main id="main" className="shell-content" tabIndex={-1}>
          {children}
        </main>
      </div>
      <Toaster />
    </div>
  );
}
