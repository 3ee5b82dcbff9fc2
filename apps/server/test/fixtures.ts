/** Known passwords of the test template (the template is built once per run by the global setups). */
export const ADMIN_PASSWORD = 'Init#Admin2026';
export const NEW_ADMIN_PASSWORD = 'Changed#Admin2026';
export const USER_PASSWORD = 'Test#User2026';
