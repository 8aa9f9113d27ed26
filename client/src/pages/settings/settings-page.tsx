import { NavLink, Outlet } from 'react-router-dom';
import { AppShell } from '../../components/app-shell';
import { useMe } from '../../hooks/use-me';
import { settingsSections } from './settings-sections';

export function SettingsPage() {
  const me = useMe();
  const isAdmin = me.data?.role === 'admin';
  return (
    <AppShell
      sidebarLabel="Settings"
      sidebar={
        <nav aria-label="Settings sections">
          <h2 className="sidebar-heading">Settings</h2>
          <ul className="sub-nav">
            {settingsSections.filter((section) => !section.adminOnly || isAdmin).map(({ path, label, icon: Icon }) => (
              <li key={path}>
                <NavLink to={path} className="sub-nav-link">
                  <Icon size={18} />
                  {label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      }
    >
      <div className="settings">
        <Outlet />
      </div>
    </AppShell>
  );
}
