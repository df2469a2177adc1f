import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The API server (apps/server) serves the built UI from dist/. During
// development `npx vite` proxies /api (including the /api/live WebSocket)
// to a server started separately on port 3100 (override with FQ_API).
const api = process.env.FQ_API ?? 'http://localhost:3100';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
    rollupOptions: {
      output: {
        manualChunks(id: string) {
          if (id.includes('node_modules/maplibre-gl')) return 'maplibre';
          if (
            id.includes('node_modules/antd') ||
            id.includes('node_modules/@ant-design') ||
            id.includes('node_modules/rc-')
          )
            return 'antd';
          return undefined;
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: api, changeOrigin: true, ws: true },
    },
  },
});
