import { afterEach } from 'vitest';
import { cleanup } from '@testing-library/react';
import { loadLocale } from '../src/lib/i18n';

// What jsdom lacks and antd asks for: media queries (responsive grid, Table) answer "no match"; computed styles of
// pseudo-elements (scroll bars) are the element's. Files that run in the node environment (the hashing worker) skip it.
if (typeof window !== 'undefined' && !window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      addListener: () => undefined,
      removeListener: () => undefined,
      dispatchEvent: () => false,
    }) as MediaQueryList;
}

if (typeof window !== 'undefined') {
  const computed = window.getComputedStyle.bind(window);
  window.getComputedStyle = (element: Element) => computed(element);
}

// Both languages ready, as startI18n does for one before the first render.
await Promise.all([loadLocale('zh-CN'), loadLocale('en-US')]);

afterEach(() => cleanup());
