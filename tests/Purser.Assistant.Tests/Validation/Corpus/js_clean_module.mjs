import { readFile } from 'node:fs/promises';
import pino from 'pino';

const logger = pino();

/**
 * Reads a JSON settings file.
 * @param {string} path the file
 * @returns {Promise<object>} the settings
 */
export async function loadSettings(path) {
  try {
    const text = await readFile(path, 'utf8');
    return JSON.parse(text);
  } catch (error) {
    logger.error({ err: error, path }, 'cannot read settings');
    throw error;
  }
}
