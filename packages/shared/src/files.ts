import { z } from 'zod';

/** An uploaded file as the API shows it. Its bytes are fetched from the route of the record it is linked to. */
export const storedFile = z.object({
  id: z.number().int(),
  name: z.string(),
  size: z.number().int(),
  mime: z.string(),
  sha256: z.string(),
  createdAt: z.string(),
});
export type StoredFile = z.infer<typeof storedFile>;

/** Upload headers: the body is the file's bytes (`application/octet-stream`). The server reads the type from the bytes;
 * x-file-type is only the browser's guess, sent along and not trusted. */
export const FILE_NAME_HEADER = 'x-file-name';
export const FILE_TYPE_HEADER = 'x-file-type';
