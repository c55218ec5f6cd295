import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const server = 'http://127.0.0.1:3000';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    // Mantine + icons make one large vendor chunk; split it so the app code caches separately.
    // Charts and the plan schema (zod) are only needed by the Plans pages, which load them lazily.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // Shared by echarts and Mantine's scroll lock; its own chunk keeps charts out of the first load.
            { name: 'tslib', test: /node_modules[\\/]tslib[\\/]/, priority: 3 },
            { name: 'charts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 2 },
            { name: 'schema', test: /node_modules[\\/]zod[\\/]/, priority: 2 },
            { name: 'vendor', test: /node_modules/, priority: 1 },
          ],
        },
      },
    },
    chunkSizeWarningLimit: 1200,
    // Browsers with CSS light-dark(): without this Lightning CSS rewrites it into variables that only work
    // when it also sees the color-scheme declarations, and every light-dark() colour came out transparent.
    cssTarget: ['chrome123', 'edge123', 'firefox120', 'safari17.5'],
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/api': server,
      '/healthz': server,
      '/js': server,
    },
  },
});
