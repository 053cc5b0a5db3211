/**
 * The web UI's build (`@rumlink/ui`'s `dist/`) as the server serves it: every regular file below the build directory,
 * read into memory and keyed by its URL path. A request is answered only from this map, so no request path can
 * reach a file outside the build (no `..`, no encoded variants, no symlinks). The map is read again when
 * `index.html` changes, so a rebuild is picked up without a restart.
 */

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';

export interface UiFile {
  body: Buffer;
  contentType: string;
  /** Vite puts a content hash in every name under `assets/`: such a file never changes. */
  immutable: boolean;
}

export interface UiBuild {
  index: UiFile;
  files: ReadonlyMap<string, UiFile>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** A build is a few files; anything far larger is not a UI build and is not loaded into memory. */
const MAX_FILES = 500;

/** Where `@rumlink/ui` keeps its build, or undefined when the package is not installed. */
export function defaultUiDir(): string | undefined {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('@rumlink/ui/package.json')), 'dist');
  } catch {
    return undefined;
  }
}

function listFiles(dir: string, prefix: string, into: Map<string, UiFile>): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    const urlPath = `${prefix}/${entry.name}`;
    if (entry.isDirectory()) listFiles(path, urlPath, into);
    else if (entry.isFile()) {
      if (into.size >= MAX_FILES) throw new Error(`${dir} holds more than ${MAX_FILES} files; is it a UI build?`);
      into.set(urlPath, {
        body: readFileSync(path),
        contentType: CONTENT_TYPES[extname(entry.name)] ?? 'application/octet-stream',
        immutable: urlPath.startsWith('/assets/'),
      });
    }
  }
}

/** Returns `current()`: the build as it is on disk now, or undefined while there is none. */
export function watchUiBuild(uiDir: string | undefined): { current(): UiBuild | undefined } {
  let loaded: { mtimeMs: number; build: UiBuild } | undefined;
  return {
    current() {
      if (!uiDir) return undefined;
      let mtimeMs: number;
      try {
        mtimeMs = statSync(join(uiDir, 'index.html')).mtimeMs;
      } catch {
        loaded = undefined;
        return undefined;
      }
      if (loaded?.mtimeMs !== mtimeMs) {
        const files = new Map<string, UiFile>();
        listFiles(uiDir, '', files);
        const index = files.get('/index.html');
        if (!index) return undefined;
        loaded = { mtimeMs, build: { index, files } };
      }
      return loaded.build;
    },
  };
}
