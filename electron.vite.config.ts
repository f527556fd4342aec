import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import browserConfig from './vite.config.js';

const root = import.meta.dirname;

/**
 * The desktop build: `npx electron-vite build` writes out/main (ESM, dependencies left in
 * node_modules), out/preload (one CommonJS file with everything bundled: a sandboxed preload
 * can load only `electron` and a few built-ins) and out/renderer (the same React build as
 * browser mode, from vite.config.ts).
 */
export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      lib: { entry: resolve(root, 'main/shell/electron-main.ts'), formats: ['es'] },
      rolldownOptions: { output: { entryFileNames: 'electron-main.mjs' } },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      externalizeDeps: false,
      lib: { entry: resolve(root, 'main/shell/preload.ts'), formats: ['cjs'] },
      rolldownOptions: { output: { entryFileNames: 'preload.cjs' } },
    },
  },
  renderer: {
    root: browserConfig.root,
    base: './',
    plugins: browserConfig.plugins,
    build: {
      ...browserConfig.build,
      outDir: resolve(root, 'out/renderer'),
      emptyOutDir: true,
      rolldownOptions: {
        ...browserConfig.build?.rolldownOptions,
        input: resolve(root, 'renderer/index.html'),
      },
    },
  },
});
