import { readFile } from 'node:fs/promises';
import type { Logger } from 'pino';

/** Settings of the service. */
export interface Settings {
  port: number;
}

/**
 * Reads the settings file.
 * @param path the file
 * @param logger where failures go
 */
export async function loadSettings(path: string, logger: Logger): Promise<Settings> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Settings;
  } catch (error: unknown) {
    logger.error({ err: error }, 'cannot read settings');
    throw error;
  }
}
