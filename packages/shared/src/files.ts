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

