import { fileURLToPath } from 'node:url';
import { defineConfig, type EnvironmentOptions, type Plugin } from 'vite';

/**
 * The embeddable widget: two IIFE scripts beside the SPA in client/dist (which the SPA's build
 * has just filled, so nothing is emptied). widget.js is what every page of the owner's site loads
 * and stays tiny; widget-chat.js (the conversation and socket.io-client) loads on the first click.
 * IIFE output takes one entry per build, so each file is its own environment, built one after the
 * other by `vite build --config client/widget/vite.config.ts`.
 */
const outDir = fileURLToPath(new URL('../dist', import.meta.url));
const source = (file: string): string => fileURLToPath(new URL(`./src/${file}`, import.meta.url));
/** Ties a widget.js to the widget-chat.js of the same build (`?v=`), through any cache. */
const buildId = Date.now().toString(36);

/**
 * The scripts run in pages of any encoding (a page without a charset may be read as
 * windows-1252, and a script tag inherits it): write every non-ASCII character as a \uXXXX escape,
 * which means the same in strings, templates and regular expressions.
 */
function asciiOnly(): Plugin {
  return {
    name: 'switchboard-ascii-only',
    generateBundle(_options, bundle) {
      for (const output of Object.values(bundle)) {
        if (output.type === 'chunk') output.code = output.code.replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
      }
    },
  };
}

function script(entry: string, fileName: string): EnvironmentOptions {
  return {
    consumer: 'client',
    build: {
      outDir,
      emptyOutDir: false,
      copyPublicDir: false,
      sourcemap: false,
      lib: { entry: source(entry), formats: ['iife'], name: 'SwitchboardWidget', fileName: () => fileName },
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  publicDir: false,
  plugins: [asciiOnly()],
  define: {
    __SWITCHBOARD_BUILD__: JSON.stringify(buildId),
    'process.env.NODE_ENV': JSON.stringify('production'),
  },
  environments: {
    loader: script('loader.ts', 'widget.js'),
    chat: script('chat.ts', 'widget-chat.js'),
  },
  builder: {
    async buildApp(builder) {
      await builder.build(builder.environments.loader);
      await builder.build(builder.environments.chat);
    },
  },
});
