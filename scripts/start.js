#!/usr/bin/env node

/**
 * `npm start`: build the add-in in development mode and serve it on https://localhost:3000 with
 * webpack-dev-server, using the trusted localhost certificate of office-addin-dev-certs.
 *
 * - If the certificate cannot be created or trusted, it falls back to http://localhost:3000 and says
 *   so (Office needs https, but the browser preview works over http).
 * - If office-addin-debugging is installed and desktop Excel exists (Windows/macOS), it sideloads
 *   manifest.xml; otherwise it prints how to sideload into Excel on the web.
 * - It prints (and, on a desktop, opens) the preview URL: the real task pane beside an in-memory workbook.
 *
 * Options: --http (skip certificates), --port N (default 3000, DEV_SERVER_PORT), --no-open, --no-sideload.
 */
const path = require('path');
const fs = require('fs');
const { spawn } = require('child_process');

const ROOT = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const has = (flag) => args.includes(flag);
const argValue = (flag) => {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
};
const port = Number(argValue('--port') || process.env.DEV_SERVER_PORT || 3000);
const wantHttp = has('--http') || process.env.PRESALES_START_HTTP === '1';
const noOpen = has('--no-open') || Boolean(process.env.CI);
const noSideload = has('--no-sideload') || Boolean(process.env.CI);

function tryRequire(name) {
  try {
    return require(require.resolve(name, { paths: [ROOT] }));
  } catch {
    return null;
  }
}

async function httpsOptions() {
  if (wantHttp) return { options: null, reason: '--http was given' };
  const devCerts = tryRequire('office-addin-dev-certs');
  if (!devCerts) return { options: null, reason: 'office-addin-dev-certs is not installed' };
  try {
    // Creates the localhost certificate and asks the OS to trust its CA the first time (may prompt).
    const options = await devCerts.getHttpsServerOptions();
    return { options, reason: '' };
  } catch (e) {
    return {
      options: null,
      reason: `the localhost certificate could not be created or trusted (${e && e.message ? e.message : e})`,
    };
  }
}

function openUrl(url) {
  if (noOpen) return;
  const cmd = process.platform === 'win32' ? 'cmd' : process.platform === 'darwin' ? 'open' : 'xdg-open';
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return;
  const cmdArgs = process.platform === 'win32' ? ['/c', 'start', '', url] : [url];
  try {
    const child = spawn(cmd, cmdArgs, { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    /* nothing to open with */
  }
}

function desktopExcelExists() {
  if (process.platform === 'darwin') return fs.existsSync('/Applications/Microsoft Excel.app');
  if (process.platform === 'win32') {
    const roots = [process.env.ProgramFiles, process.env['ProgramFiles(x86)']].filter(Boolean);
    return roots.some((r) =>
      ['Microsoft Office\\root\\Office16\\EXCEL.EXE', 'Microsoft Office\\Office16\\EXCEL.EXE'].some((p) =>
        fs.existsSync(path.join(r, p)),
      ),
    );
  }
  return false;
}

function sideload(base) {
  const manifest = path.join(ROOT, 'manifest.xml');
  const pkg = tryRequire('office-addin-debugging/package.json');
  let debugging = null;
  if (pkg) {
    const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin && Object.values(pkg.bin)[0];
    if (bin)
      debugging = path.join(
        path.dirname(require.resolve('office-addin-debugging/package.json', { paths: [ROOT] })),
        bin,
      );
  }
  if (!noSideload && debugging && desktopExcelExists()) {
    console.log('Sideloading manifest.xml into desktop Excel (office-addin-debugging)…');
    const child = spawn(
      process.execPath,
      [debugging, 'start', manifest, 'desktop', '--app', 'excel', '--no-debug', '--dev-server-port', String(port)],
      {
        stdio: 'inherit',
        cwd: ROOT,
      },
    );
    child.on('error', (e) => console.log(`Sideloading failed: ${e.message}`));
    return;
  }
  console.log(
    [
      '',
      'To use the add-in in Excel on the web:',
      '  1. Open a workbook at https://www.office.com (Excel on the web).',
      '  2. Home → Add-ins (or Insert → Add-ins) → More Add-ins → My Add-ins → Upload My Add-in.',
      `  3. Browse to ${manifest} and choose Upload.`,
      "  4. The ribbon's Home tab shows 售前项目管理 / Presales Pipeline; open it and choose Set up workbook.",
      base.startsWith('https:')
        ? '  (Your browser must trust https://localhost:' +
          port +
          ' — open it once and accept the certificate if asked.)'
        : '  Excel needs https: this http server only works for the preview below.',
      !debugging
        ? '  Desktop Excel (Windows/macOS): npm i -D office-addin-debugging, then npm start sideloads automatically.'
        : '',
    ]
      .filter(Boolean)
      .join('\n'),
  );
}

async function main() {
  const webpack = require('webpack');
  const makeConfig = require(path.join(ROOT, 'webpack.config.js'));
  // Our own devServer block (not env.WEBPACK_SERVE) so the http fallback needs no certificate.
  // The config is made before webpack-dev-server is loaded: loading it sets process.env.WEBPACK_SERVE.
  delete process.env.WEBPACK_SERVE;
  const config = await makeConfig({}, { mode: 'development' });
  const WebpackDevServer = require('webpack-dev-server');
  const { options, reason } = await httpsOptions();
  const scheme = options ? 'https' : 'http';
  if (!options) {
    console.warn(`⚠ Serving over plain http on localhost:${port} because ${reason}.`);
    console.warn(
      '  Office requires https for add-ins; run `npx office-addin-dev-certs install` and npm start again to sideload.',
    );
  }
  const devServer = {
    host: 'localhost',
    port,
    hot: true,
    headers: { 'Access-Control-Allow-Origin': '*' },
    static: { directory: path.join(ROOT, 'dist'), publicPath: '/', watch: false },
    server: options ? { type: 'https', options } : { type: 'http' },
    client: { overlay: { errors: true, warnings: false } },
    open: false,
  };
  const compiler = webpack(config);
  const server = new WebpackDevServer(devServer, compiler);
  await server.start();
  const base = `${scheme}://localhost:${port}/`;
  console.log('');
  console.log(`Presales Pipeline 售前项目管理 is served at ${base}`);
  console.log(`  Task pane:  ${base}taskpane.html`);
  console.log(`  Preview:    ${base}preview.html   (the real pane beside an in-memory workbook; no Office needed)`);
  sideload(base);
  openUrl(`${base}preview.html`);
  const stop = () => {
    server.stop().finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
