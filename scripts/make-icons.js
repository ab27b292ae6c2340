#!/usr/bin/env node
'use strict';
/**
 * Generates the add-in icons (assets/icon-16.png, -32, -64, -80) with nothing but Node's zlib.
 *
 * Motif: a sales funnel in Office green (#217346) on a transparent background, split into three
 * bands (the pipeline stages narrowing towards a signed contract) above a short spout. Office wants
 * 32-bit PNGs with transparency (colour type 6, RGBA) so the icon sits on any ribbon theme; each
 * pixel's alpha is its supersampled coverage. Usage: `node scripts/make-icons.js [outDir]`.
 */
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const SIZES = [16, 32, 64, 80];
const GREEN = [0x21, 0x73, 0x46];

// ---- shape (unit square, y grows downwards) ----------------------------------------------
const TOP = 0.14; // top edge of the funnel
const NECK = 0.62; // where the cone meets the spout
const BOTTOM = 0.88; // bottom of the spout
const TOP_HALF = 0.42; // half-width at the top
const SPOUT_HALF = 0.09; // half-width of the spout
const GAPS = [
  [0.3, 0.355],
  [0.465, 0.52],
]; // white gaps separating the stage bands

function inside(x, y) {
  if (y < TOP || y > BOTTOM) return false;
  for (const [a, b] of GAPS) if (y > a && y < b) return false;
  const half = y <= NECK ? TOP_HALF + ((SPOUT_HALF - TOP_HALF) * (y - TOP)) / (NECK - TOP) : SPOUT_HALF;
  return Math.abs(x - 0.5) <= half;
}

function render(size) {
  const ss = 5; // 5x5 supersampling
  const rows = [];
  for (let py = 0; py < size; py++) {
    const row = Buffer.alloc(1 + size * 4); // filter byte 0 (None) + RGBA
    for (let px = 0; px < size; px++) {
      let hits = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          if (inside((px + (sx + 0.5) / ss) / size, (py + (sy + 0.5) / ss) / size)) hits++;
        }
      }
      // Green wherever the funnel is; coverage becomes alpha, so the edge is smooth on any background.
      for (let c = 0; c < 3; c++) row[1 + px * 4 + c] = GREEN[c];
      row[1 + px * 4 + 3] = Math.round((255 * hits) / (ss * ss));
    }
    rows.push(row);
  }
  return Buffer.concat(rows);
}

// ---- PNG encoding -------------------------------------------------------------------------
const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function encodePng(size, raw) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0); // width
  ihdr.writeUInt32BE(size, 4); // height
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: truecolour with alpha (RGBA, 32 bits a pixel)
  ihdr[10] = 0; // compression
  ihdr[11] = 0; // filter
  ihdr[12] = 0; // interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function main() {
  const outDir = path.resolve(process.argv[2] || path.join(__dirname, '..', 'assets'));
  fs.mkdirSync(outDir, { recursive: true });
  for (const size of SIZES) {
    const file = path.join(outDir, `icon-${size}.png`);
    fs.writeFileSync(file, encodePng(size, render(size)));
    console.log(`wrote ${path.relative(process.cwd(), file)} (${size}x${size})`);
  }
}

if (require.main === module) main();

module.exports = { encodePng, render, SIZES };
