/** The tracing-only script-tag build: exposes `window.rumlink`. */
import { rumlink } from './tracing-entry.js';

(window as unknown as { rumlink: typeof rumlink }).rumlink = rumlink;
