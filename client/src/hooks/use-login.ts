import { useMutation } from '@tanstack/react-query';
import { login } from '../api/auth';
import { useStartSession } from './use-start-session';

export function useLogin() {
  const startSession = useStartSession();
  return useMutation({ mutationFn: login, onSuccess: startSession });
}
