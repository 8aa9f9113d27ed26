import { Navigate, Route, Routes } from 'react-router-dom';
import { GuestOnly, RequireAuth } from './components/route-guards';
import { ChatPage } from './pages/chat-page';
import { LiveSupportPage } from './pages/live-support/live-support-page';
import { LoginPage } from './pages/login-page';
import { MemoriesPage } from './pages/memories/memories-page';
import { NotFoundPage } from './pages/not-found-page';
import { RegisterPage } from './pages/register-page';
import { SettingsPage } from './pages/settings/settings-page';
import { settingsSections } from './pages/settings/settings-sections';

export function App() {
  return (
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
            <Route key={section.path} path={section.path} element={section.element} />
          ))}
        </Route>
      </Route>
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
