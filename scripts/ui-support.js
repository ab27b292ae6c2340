/**
 * Helpers shared by the preview end-to-end test and scripts/bench-ui.js: a fresh production build,
 * a tiny static file server on 127.0.0.1, the size of a page's initial JavaScript, and Chromium's path.
 */
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const zlib = require('zlib');
const { spawnSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function newestMtime(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = 0;
  for (const e of fs.readdirSync(p)) max = Math.max(max, newestMtime(path.join(p, e)));
  return max;
}

/** True when dist/ was built after every source, config and manifest change. */
function distIsFresh(dist = path.join(ROOT, 'dist')) {
  const page = path.join(dist, 'preview.html');
  if (!fs.existsSync(page) || !fs.existsSync(path.join(dist, 'taskpane.html'))) return false;
  // A development build is not what we measure or test.
  const previewJs = fs.readdirSync(dist).find((f) => /^preview\.js$/.test(f));
  if (previewJs && /\/\*\*\*\/ \(/.test(fs.readFileSync(path.join(dist, previewJs), 'utf8').slice(0, 20000)))
    return false;
  // webpack leaves unchanged files untouched, so the build time is that of the newest output file.
  const built = newestMtime(dist);
  const inputs = ['src', 'assets', 'webpack.config.js', 'manifest.xml', 'package.json', 'tsconfig.json'].map((p) =>
    newestMtime(path.join(ROOT, p)),
  );
  return Math.max(...inputs) < built;
}

function sleepMs(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * A production build: dist/ when fresh (and PRESALES_REBUILD is unset), else one build per state of the
 * sources, shared by the test files that run at once (the first builds under a lock, the others wait).
 */
function ensureBuild({ log = () => undefined } = {}) {
  const dist = path.join(ROOT, 'dist');
  if (!process.env.PRESALES_REBUILD && distIsFresh(dist)) {
    log(`using fresh build in ${dist}`);
    return { dir: dist, temporary: false };
  }
  const inputs = ['src', 'assets', 'webpack.config.js', 'manifest.xml', 'package.json', 'tsconfig.json'];
  const key = require('crypto')
    .createHash('sha1')
    .update(`${ROOT}|${Math.max(...inputs.map((p) => newestMtime(path.join(ROOT, p))))}`)
    .digest('hex')
    .slice(0, 12);
  const dir = path.join(os.tmpdir(), `presales-ui-${key}`);
  const done = path.join(dir, '.built');
  const lock = `${dir}.lock`;
  if (!process.env.PRESALES_REBUILD) {
    for (let waited = 0; !fs.existsSync(done); waited += 500) {
      try {
        fs.mkdirSync(lock);
        break; // ours to build
      } catch {
        // Another test file is building this very state; a lock older than the build's timeout is stale.
        const age = Date.now() - (fs.existsSync(lock) ? fs.statSync(lock).mtimeMs : 0);
        if (age > 300000) fs.rmSync(lock, { recursive: true, force: true });
        sleepMs(500);
      }
    }
    if (fs.existsSync(done)) {
      log(`using the shared build in ${dir}`);
      return { dir, temporary: false };
    }
  }
  try {
    fs.rmSync(dir, { recursive: true, force: true });
    log(`building (webpack --mode production) into ${dir} …`);
    const env = { ...process.env };
    delete env.WEBPACK_SERVE;
    const r = spawnSync(
      process.execPath,
      [path.join(ROOT, 'node_modules', 'webpack', 'bin', 'webpack.js'), '--mode', 'production', '--output-path', dir],
      { cwd: ROOT, env, encoding: 'utf8', timeout: 240000 },
    );
    if (r.status !== 0) throw new Error(`webpack failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
    fs.writeFileSync(done, new Date().toISOString());
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
  return { dir, temporary: false };
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.map': 'application/json',
};

/** Serves `dir` on 127.0.0.1 at a random port. */
function serveStatic(dir) {
  const root = path.resolve(dir);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url || '/', 'http://127.0.0.1');
    const rel = decodeURIComponent(url.pathname).replace(/^\/+/, '') || 'index.html';
    const file = path.resolve(root, rel);
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] || 'application/octet-stream',
      'cache-control': 'no-store',
    });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

/** The scripts a page loads at start (not office.js, not lazy chunks) with their gzipped sizes. */
function initialJs(dir, page) {
  const html = fs.readFileSync(path.join(dir, page), 'utf8');
  const srcs = [...html.matchAll(/<script\b[^>]*\bsrc=(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)]
    .map((m) => m[1] || m[2] || m[3])
    .filter((s) => !/^(https?:)?\/\//.test(s));
  const files = srcs.map((src) => {
    const buf = fs.readFileSync(path.join(dir, src.split(/[?#]/)[0]));
    return { file: src, bytes: buf.length, gzipBytes: zlib.gzipSync(buf, { level: 9 }).length };
  });
  return {
    files,
    bytes: files.reduce((a, f) => a + f.bytes, 0),
    gzipBytes: files.reduce((a, f) => a + f.gzipBytes, 0),
  };
}

function chromiumPath() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}. Install it (Debian/Ubuntu: apt-get install chromium; CI does this in .ci/run) or set CHROMIUM_PATH.`,
    );
  }
  return CHROMIUM;
}

module.exports = { ROOT, CHROMIUM_ARGS, chromiumPath, distIsFresh, ensureBuild, serveStatic, initialJs };
