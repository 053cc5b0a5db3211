import { defineConfig } from 'vite';

export default defineConfig({
  // Preact's automatic JSX runtime. @preact/preset-vite would add Babel and dev-server HMR for this one setting.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    target: 'es2022',
    // The polyfill is an inline script, which the UI's Content-Security-Policy (script-src 'self') forbids.
    modulePreload: { polyfill: false },
    // Inlined assets become data: URLs, which the policy (img-src 'self') forbids as well.
    assetsInlineLimit: 0,
  },
  server: {
    // `npm run dev -w @rumlink/ui` against a running rumlink (default query port).
    proxy: { '/api': 'http://127.0.0.1:4320' },
  },
});
