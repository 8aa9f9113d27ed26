import { useMutation } from '@tanstack/react-query';
import { tryRouting } from '../api/routing';

export function useTryRouting() {
  return useMutation({ mutationFn: tryRouting });
}
