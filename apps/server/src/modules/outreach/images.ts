/**
 * Images shown in articles and events: the actor's own uploads whose type was read from the bytes (platform/file-types.ts)
 * as PNG, JPEG, GIF or WebP, within IMAGE_MAX_BYTES. A file named .png that is not an image is refused by its content.
 */
import { IMAGE_MAX_BYTES, IMAGE_TYPES } from '@shangmi/shared';
import type { Ctx } from '../../platform/context.js';
import { fieldError } from '../../platform/errors.js';
import { claimFiles, type FileRow } from '../files/files.service.js';
import { M } from './outreach.messages.js';

export const isImage = (f: Pick<FileRow, 'mime'>) => (IMAGE_TYPES as readonly string[]).includes(f.mime);

export async function claimImages(ctx: Ctx, ids: number[], field: string): Promise<FileRow[]> {
  const rows = await claimFiles(ctx, ids, field);
  if (rows.some((f) => !isImage(f))) throw fieldError(field, M.notImage);
  if (rows.some((f) => f.size > IMAGE_MAX_BYTES)) throw fieldError(field, M.tooLarge(IMAGE_MAX_BYTES / 1024 / 1024));
  return rows;
}
