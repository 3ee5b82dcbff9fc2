import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Vite runs from apps/web (npm -w apps/web run dev|build), so paths here are relative to this folder.
export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: {
      // The API sets SameSite=Strict cookies; proxying keeps the browser on one origin in development.
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
  preview: {
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // Needed by every screen and changed rarely: one long-cached chunk. antd is left to the default splitting so
            // each lazy page carries only the components it uses.
            { name: 'vendor', test: /node_modules[\\/](react|react-dom|scheduler|react-router|@tanstack)[\\/]/ },
          ],
        },
      },
    },
  },
});
