import { invalidArgument } from './errors';

const NAMED: Record<string, string> = {
  black: '#000000',
  white: '#FFFFFF',
  red: '#FF0000',
  green: '#008000',
  lime: '#00FF00',
  blue: '#0000FF',
  yellow: '#FFFF00',
  orange: '#FFA500',
  gray: '#808080',
  grey: '#808080',
  silver: '#C0C0C0',
  purple: '#800080',
  navy: '#000080',
  teal: '#008080',
  maroon: '#800000',
  olive: '#808000',
  aqua: '#00FFFF',
  cyan: '#00FFFF',
  fuchsia: '#FF00FF',
  magenta: '#FF00FF',
  pink: '#FFC0CB',
  lightgray: '#D3D3D3',
  lightgrey: '#D3D3D3',
  darkgray: '#A9A9A9',
  darkgrey: '#A9A9A9',
  lightyellow: '#FFFFE0',
  lightgreen: '#90EE90',
  lightblue: '#ADD8E6',
  darkred: '#8B0000',
  darkgreen: '#006400',
  darkblue: '#00008B',
  gold: '#FFD700',
  brown: '#A52A2A',
};

/** Excel accepts "#RRGGBB" (any case) and HTML colour names and reports "#RRGGBB" upper-case. */
export function normalizeColor(input: unknown): string {
  if (typeof input !== 'string') throw invalidArgument('color must be a string');
  const s = input.trim();
  if (/^#[0-9a-fA-F]{6}$/.test(s)) return s.toUpperCase();
  if (/^#[0-9a-fA-F]{3}$/.test(s))
    return (
      '#' +
      s
        .slice(1)
        .split('')
        .map((c) => c + c)
        .join('')
    ).toUpperCase();
  const named = NAMED[s.toLowerCase()];
  if (named) return named;
  throw invalidArgument(`invalid color '${input}'`);
}
