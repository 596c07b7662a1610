import { defineConfig } from 'vite';

// The server sends `Content-Security-Policy: default-src 'self'`, so the build must not
// inline anything: no inline scripts (modulePreload polyfill off), no data: URLs for
// assets, and CSS always as a separate file.
export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    sourcemap: false,
    target: 'es2022',
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/healthz': 'http://127.0.0.1:8080',
    },
  },
});
