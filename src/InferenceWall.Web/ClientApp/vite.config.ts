import { defineConfig } from 'vite';

/** Node's environment (the config runs in Node; the page's own code has no process). */
declare const process: { env: Record<string, string | undefined> };

// The dashboard is built into the web project's wwwroot/, which the .NET build embeds as resources.
export default defineConfig({
  base: '/',
  build: {
    outDir: '../wwwroot',
    emptyOutDir: true,
    // ECharts alone is ~580 KB; one bundle is fine for a local dashboard.
    chunkSizeWarningLimit: 1500,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
  // `npm run dev`: the page with hot reload, the API from a running `iwall serve` (default address).
  server: {
    fs: { allow: ['../../..'] },
    proxy: { '/api': process.env.IWALL_API ?? 'http://127.0.0.1:5080' },
  },
});
