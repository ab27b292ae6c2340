/**
 * webpack 5 configuration for the Excel add-in (layout of Office-Addin-TaskPane-React).
 *
 * Pages (dist/):
 *   taskpane.html  <- src/taskpane/taskpane.html + src/taskpane/index.tsx   (loads office.js from the CDN)
 *   commands.html  <- src/commands/commands.html + src/commands/commands.ts (loads office.js from the CDN)
 *   preview.html   <- src/preview/preview.html   + src/preview/index.tsx    (no office.js)
 * plus manifest.xml and assets/*.png copied as-is.
 *
 * Every page carries a Content-Security-Policy meta tag without 'unsafe-eval', so no build mode
 * may use an eval-based devtool. `npm run build` is offline-only: the dev certificates from
 * office-addin-dev-certs are touched only by `webpack serve`.
 *
 * Environment:
 *   ADDIN_BASE_URL  rewrite https://localhost:3000/ in the copied manifest (e.g. https://addin.example.com/).
 *   DEV_SERVER_PORT dev-server port (default 3000, must match the manifest).
 */
const path = require('path');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyWebpackPlugin = require('copy-webpack-plugin');

const DEV_URL = 'https://localhost:3000/';

function rewriteManifest(content) {
  const base = process.env.ADDIN_BASE_URL;
  if (!base) return content;
  const normalized = base.endsWith('/') ? base : `${base}/`;
  return Buffer.from(content.toString('utf8').split(DEV_URL).join(normalized), 'utf8');
}

module.exports = async (env = {}, argv = {}) => {
  const mode = argv.mode || (env.production ? 'production' : 'development');
  const isProduction = mode === 'production';
  const isServe = Boolean(env.WEBPACK_SERVE || process.env.WEBPACK_SERVE);

  /** @type {import('webpack').Configuration} */
  const config = {
    mode,
    // Never an eval-* devtool: the pages' CSP forbids 'unsafe-eval'.
    devtool: isProduction ? 'source-map' : 'cheap-module-source-map',
    entry: {
      taskpane: './src/taskpane/index.tsx',
      commands: './src/commands/commands.ts',
      preview: './src/preview/index.tsx',
    },
    output: {
      path: path.resolve(__dirname, 'dist'),
      filename: '[name].js',
      chunkFilename: isProduction ? '[name].[contenthash:8].js' : '[name].js',
      publicPath: 'auto',
      clean: true,
    },
    resolve: {
      extensions: ['.ts', '.tsx', '.js', '.jsx', '.json'],
    },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: {
            loader: 'ts-loader',
            options: {
              // Type-checking is `npm run typecheck`; the bundle only needs transpilation.
              transpileOnly: true,
              configFile: path.resolve(__dirname, 'tsconfig.json'),
              // ES modules so webpack can tree-shake and split `import()` into lazy chunks.
              compilerOptions: { module: 'esnext', noEmit: false, sourceMap: true },
            },
          },
        },
        {
          test: /\.(png|jpe?g|gif|svg)$/i,
          type: 'asset/resource',
          generator: { filename: 'assets/[name][ext][query]' },
        },
      ],
    },
    optimization: {
      // Shared code (React, Fluent UI) goes to shared chunks; code behind a dynamic
      // `import()` (e.g. the preview grid) becomes its own lazily loaded chunk.
      splitChunks: {
        // Anonymous (auto-named) groups on purpose: a fixed name such as "vendors" would merge
        // libraries used only behind `import()` into an eagerly loaded chunk.
        chunks: 'all',
      },
    },
    performance: {
      hints: isProduction ? 'warning' : false,
      maxEntrypointSize: 2 * 1024 * 1024,
      maxAssetSize: 2 * 1024 * 1024,
    },
    plugins: [
      new HtmlWebpackPlugin({
        filename: 'taskpane.html',
        template: './src/taskpane/taskpane.html',
        chunks: ['taskpane'],
      }),
      new HtmlWebpackPlugin({
        filename: 'commands.html',
        template: './src/commands/commands.html',
        chunks: ['commands'],
      }),
      new HtmlWebpackPlugin({
        filename: 'preview.html',
        template: './src/preview/preview.html',
        chunks: ['preview'],
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: 'manifest.xml', to: 'manifest.xml', transform: rewriteManifest },
          { from: 'assets/*.png', to: 'assets/[name][ext]' },
          // The pane's start-up status script, loaded before office.js (plain ES5, copied as-is).
          { from: 'src/taskpane/boot-status.js', to: 'boot-status.js' },
        ],
      }),
    ],
  };

  if (isServe) {
    // Only `webpack serve` needs the trusted localhost certificate (Office requires https).
    const devCerts = require('office-addin-dev-certs');
    const port = Number(process.env.DEV_SERVER_PORT || 3000);
    config.devServer = {
      port,
      hot: true,
      headers: { 'Access-Control-Allow-Origin': '*' },
      static: { directory: path.resolve(__dirname, 'dist'), publicPath: '/' },
      server: { type: 'https', options: await devCerts.getHttpsServerOptions() },
      client: { overlay: { errors: true, warnings: false } },
    };
  }

  return config;
};
