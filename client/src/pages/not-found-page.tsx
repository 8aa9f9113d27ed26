import { Link } from 'react-router-dom';
import { EmptyState } from '../components/empty-state';
import { InfoIcon } from '../components/icons';
import { useDocumentTitle } from '../hooks/use-document-title';

export function NotFoundPage() {
  useDocumentTitle('Page not found');
  return (
    <main className="auth-page">
      <EmptyState icon={<InfoIcon size={28} />} title="This page doesn't exist">
        <Link to="/chat" className="btn btn-primary">
          Go to chat
        </Link>
      </EmptyState>
    </main>
  );
}
