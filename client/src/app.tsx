import { Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { PageLoading } from './components/page-loading';
import { GuestOnly, RequireAuth } from './components/route-guards';
import { lazyPage } from './lib/lazy-page';
import { settingsSections } from './pages/settings/settings-sections';

// Each page is its own chunk, loaded when first visited, so the first load carries one page, not all.
const ChatPage = lazyPage(() => import('./pages/chat-page'), 'ChatPage');
const LiveSupportPage = lazyPage(() => import('./pages/live-support/live-support-page'), 'LiveSupportPage');
const LoginPage = lazyPage(() => import('./pages/login-page'), 'LoginPage');
const MemoriesPage = lazyPage(() => import('./pages/memories/memories-page'), 'MemoriesPage');
const NotFoundPage = lazyPage(() => import('./pages/not-found-page'), 'NotFoundPage');
const RegisterPage = lazyPage(() => import('./pages/register-page'), 'RegisterPage');
const SettingsPage = lazyPage(() => import('./pages/settings/settings-page'), 'SettingsPage');

export function App() {
  return (
    <Suspense fallback={<PageLoading />}>
      <Routes>
        <Route path="/" element={<Navigate to="/chat" replace />} />
        <Route element={<GuestOnly />}>
          <Route path="/login" element={<LoginPage />} />
          <Route path="/register" element={<RegisterPage />} />
        </Route>
        <Route element={<RequireAuth />}>
          <Route path="/chat" element={<ChatPage />} />
          <Route path="/chat/:chatId" element={<ChatPage />} />
          <Route path="/live" element={<LiveSupportPage />} />
          <Route path="/live/:widgetId" element={<LiveSupportPage />} />
          <Route path="/live/:widgetId/:sessionId" element={<LiveSupportPage />} />
          <Route path="/memories" element={<MemoriesPage />} />
          <Route path="/settings" element={<SettingsPage />}>
            <Route index element={<Navigate to={settingsSections[0].path} replace />} />
            {settingsSections.map((section) => (
              // Inside the settings page, so its navigation stays while a section's chunk loads.
              <Route key={section.path} path={section.path} element={<Suspense fallback={<PageLoading />}>{section.element}</Suspense>} />
            ))}
          </Route>
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </Suspense>
  );
}
