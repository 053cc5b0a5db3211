/** Where things are: the repository, the built server, and the benchmark's scratch data. */
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SERVER_DIST = `${ROOT}packages/server/dist`;
export const DATA_DIR = `${ROOT}bench/.data`;
export const NODE_DIST = `${ROOT}packages/node/dist`;
