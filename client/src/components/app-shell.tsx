import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { NavLink, useLocation } from 'react-router-dom';
import { CloseIcon, HeadsetIcon, MenuIcon } from './icons';
import { Brand } from './brand';
import { Toaster } from './toaster';
import { TopBar } from './top-bar';

interface AppShellProps {
  /** Names the sidebar landmark, e.g. "Conversations". */
  sidebarLabel: string;
  sidebar: ReactNode;
  children: ReactNode;
}

/**
 * The signed-in frame: sidebar with the app name and the page's own navigation, top bar, content.
 * On narrow screens the sidebar is a drawer, opened from the top bar's menu button; it closes on
 * navigation, Esc, or a tap beside it.
 */
export function AppShell({ sidebarLabel, sidebar, children }: AppShellProps) {
  const location = useLocation();
  // The drawer is open for the page it was opened on: going anywhere (a chat, a section) closes it.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const drawerOpen = openOn === location.pathname;
  const drawerId = useId();
  const menuButton = useRef<HTMLButtonElement>(null);
  const drawer = useRef<HTMLElement>(null);

  // Opening the drawer moves focus into it, so keyboard and screen reader users land in it.
  useEffect(() => {
    if (drawerOpen) drawer.current?.querySelector<HTMLElement>('a[href], button:not(.sidebar-close)')?.focus();
  }, [drawerOpen]);

  const close = () => {
    setOpenOn(null);
    menuButton.current?.focus();
  };

  return (
    <div className={drawerOpen ? 'shell is-drawer-open' : 'shell'}>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <aside
        ref={drawer}
        id={drawerId}
        className="sidebar"
        aria-label={sidebarLabel}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && drawerOpen) close();
        }}
      >
        <div className="sidebar-top">
          <Brand />
          <button type="button" className="btn-icon sidebar-close" aria-label="Close the menu" onClick={close}>
            <CloseIcon size={18} />
          </button>
        </div>
        <nav aria-label="Workspace" className="shell-nav">
          <NavLink to="/live" className="sub-nav-link">
            <HeadsetIcon size={18} />
            Live support
          </NavLink>
        </nav>
        {sidebar}
      </aside>
      {drawerOpen && <div className="sidebar-backdrop" aria-hidden="true" onClick={close} />}
      <div className="shell-main">
        <TopBar
          start={
            <button
              ref={menuButton}
              type="button"
              className="btn-icon shell-menu-button"
              aria-label={`Menu: ${sidebarLabel}`}
              aria-expanded={drawerOpen}
              aria-controls={drawerId}
              onClick={() => setOpenOn(drawerOpen ? null : location.pathname)}
            >
              <MenuIcon size={20} />
            </button>
          }
        />
        <main id="main" className="shell-content" tabIndex={-1}>
          {children}
        </main>
      </div>
      <Toaster />
    </div>
  );
}
