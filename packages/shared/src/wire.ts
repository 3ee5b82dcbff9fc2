// Constants of the wire that the first screen needs (languages, upload headers), in a module without zod: a page that
// imports only these does not download zod and the schemas (apps/web's bundle; `"sideEffects": false` in package.json).

/** Languages the platform speaks; Chinese first. */
export const LOCALES = ['zh-CN', 'en-US'] as const;
export type Locale = (typeof LOCALES)[number];

/** Upload headers: the body is the file's bytes (`application/octet-stream`). The server reads the type from the bytes;
 * x-file-type is only the browser's guess, sent along and not trusted. */
export const FILE_NAME_HEADER = 'x-file-name';
export const FILE_TYPE_HEADER = 'x-file-type';
