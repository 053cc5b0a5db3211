/** The script-tag build: exposes `window.rumlink`. */
import { rumlink } from './index.js';

(window as unknown as { rumlink: typeof rumlink }).rumlink = rumlink;
