import { join } from 'node:path';
import { createHash, randomUUID } from 'node:crypto';

/** A new id. */
export function newId(prefix: string): string {
  return join(prefix, randomUUID());
}
