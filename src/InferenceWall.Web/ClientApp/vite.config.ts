import { defineConfig } from 'vite';

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
  server: { fs: { allow: ['../../..'] } },
});
