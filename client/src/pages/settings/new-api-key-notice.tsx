import type { CreatedApiKey } from '../../api/api-keys';
import { OneTimeSecretNotice } from './one-time-secret-notice';

/** The plain key, shown once after it was created. */
export function NewApiKeyNotice({ apiKey, onDone }: { apiKey: CreatedApiKey; onDone: () => void }) {
  return <OneTimeSecretNotice title={`Your new key “${apiKey.name}”`} secret={apiKey.key} label="New API key" what="Key" onDone={onDone} />;
}
