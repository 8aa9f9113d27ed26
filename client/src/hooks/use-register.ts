import { useMutation } from '@tanstack/react-query';
import { register } from '../api/auth';
import { useStartSession } from './use-start-session';

export function useRegister() {
  const startSession = useStartSession();
  return useMutation({ mutationFn: register, onSuccess: startSession });
}
