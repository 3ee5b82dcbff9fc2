import { App } from 'antd';
import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useErrorHandler } from '../lib/errors';

/**
 * A change made by one click (confirm, enable, unlock, delete…): the request, the success toast, then the queries under
 * `invalidate` read again (awaited). A refusal is one toast. Resolves whether the change went through.
 */
export function useAction(invalidate: QueryKey) {
  const { message } = App.useApp();
  const onError = useErrorHandler();
  const queryClient = useQueryClient();
  return async (work: () => Promise<unknown>, done: string): Promise<boolean> => {
    try {
      await work();
      message.success(done);
      await queryClient.invalidateQueries({ queryKey: invalidate });
      return true;
    } catch (e) {
      onError(e);
      return false;
    }
  };
}
