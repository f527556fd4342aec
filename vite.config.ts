import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * Libraries every page needs, in their own long-cached chunks. recharts is left to the lazy
 * overview chunk: grouping it would pull what it shares with antd (clsx, react-is) into it and
 * make every page load the charts.
 */
const VENDOR_CHUNKS: [name: string, test: RegExp][] = [
  ['react', /node_modules[\\/](react|react-dom|scheduler)[\\/]/],
  ['libs', /node_modules[\\/](zod|i18next|react-i18next|zustand)[\\/]/],
  ['antd', /node_modules[\\/](antd|@ant-design|@rc-component|rc-[a-z-]+|@babel[\\/]runtime)[\\/]/],
];

// The renderer for browser mode (`dipper serve` serves dist/renderer). Relative asset URLs, so
// the same build works under any path and from file:// in the desktop shell.
export default defineConfig({
  root: here('./renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: here('./dist/renderer'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1_200,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: VENDOR_CHUNKS.map(([name, test]) => ({ name, test })),
        },
      },
    },
  },
});
