import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { houseRules, WEB_NO_SERVER } from './eslint.house.js';

/**
 * One no-restricted-imports entry per web room. A later entry replaces an earlier one's options for the same files, so each
 * carries all its patterns: the house's "web never imports server" (eslint.house.js, also set for every web file) and its own.
 */
const webRooms = (files, patterns) => ({ files, rules: { 'no-restricted-imports': ['error', { patterns: [WEB_NO_SERVER, ...patterns] }] } });

export default tseslint.config(
  { ignores: ['**/dist/**', 'bench/.scratch/**', '**/node_modules/**', 'data/**', '**/migrations/**', 'coverage/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  // the boundaries between apps, layers and modules (docs/architecture.md § Boundaries)
  ...houseRules(),
  // The web's rooms (docs/architecture.md § Web): app/ (the shell) may use anything of the web; pages/<domain>/ use lib/,
  // api/, components/ and app/nav, never another domain's pages folder; components/ never pages/ or the shell; lib/, api/
  // and locales/ are the foundations and import no UI room. No part of the web imports server code.
  webRooms(['apps/web/src/*.{ts,tsx}', 'apps/web/src/app/**/*.{ts,tsx}'], []),
  webRooms(['apps/web/src/pages/**/*.{ts,tsx}'], [
    { regex: '^\\.\\./(?!\\.\\./)', message: 'A page does not import another page folder: move the shared piece to components/ or lib/.' },
    { regex: '/app/(?!nav$)', message: 'Pages do not import the shell (app/); foundations live in lib/.' },
  ]),
  webRooms(['apps/web/src/components/**/*.{ts,tsx}'], [
    { regex: '/(pages|app)/', message: 'components/ serve pages; they import neither pages/ nor the shell (app/).' },
  ]),
  webRooms(['apps/web/src/lib/**/*.{ts,tsx}', 'apps/web/src/api/**/*.ts', 'apps/web/src/locales/**/*.ts'], [
    { regex: '/(pages|app|components)/', message: 'lib/, api/ and locales/ are foundations: they import no UI room.' },
  ]),
);
