import type { HomeTodos } from '@shangmi/shared/home';
import { api } from './client';

export const homeApi = {
  todos: (signal?: AbortSignal) => api.get<HomeTodos>('/api/home/todos', undefined, signal),
};
