import { GLYPH_HEIGHT, GLYPH_WIDTH, glyphInk } from './glyphs.js';
import { encodeJpeg } from './jpeg-encoder.js';

/** FNV-1a, for a colour that depends only on the URI. */
function hash(text: string): number {
  let value = 0x811c9dc5;
  for (const char of text) value = Math.imul(value ^ (char.codePointAt(0) ?? 0), 0x01000193) >>> 0;
  return value;
}

/** HSL (hue in degrees, saturation and lightness 0-1) to RGB bytes. */
function hsl(hue: number, saturation: number, lightness: number): [number, number, number] {
  const chroma = (1 - Math.abs(2 * lightness - 1)) * saturation;
  const side = chroma * (1 - Math.abs(((hue / 60) % 2) - 1));
  const [r, g, b] =
    hue < 60 ? [chroma, side, 0] : hue < 120 ? [side, chroma, 0] : hue < 180 ? [0, chroma, side] : hue < 240 ? [0, side, chroma] : hue < 300 ? [side, 0, chroma] : [chroma, 0, side];
  const base = lightness - chroma / 2;
  return [Math.round((r + base) * 255), Math.round((g + base) * 255), Math.round((b + base) * 255)];
}

/** The initials drawn on a generated photo: the first letters of the first and last words of the name that start with a letter. */
export function initials(name: string): string {
  const words = name.split(/[\s._@-]+/).filter((word) => /^\p{L}/u.test(word));
  const first = words[0]?.[0] ?? '?';
  const last = words.length > 1 ? (words[words.length - 1]?.[0] ?? '') : '';
  return `${first}${last}`.toUpperCase();
}

/** The background colour of `uri`'s generated photo, as RGB bytes. */
export function avatarColor(uri: string): [number, number, number] {
  return hsl(hash(uri.toLowerCase()) % 360, 0.55, 0.4);
}

/**
 * A generated photo: the person's initials in white on a colour derived from the URI,
 * `width` x `height` pixels, as a JPEG. The same URI, name and size always give the same bytes.
 */
export function avatarJpeg(uri: string, name: string, width: number, height: number): Buffer {
  const background = avatarColor(uri);
  const letters = [...initials(name)];
  const cellsWide = letters.length * GLYPH_WIDTH + (letters.length - 1);
  const scale = Math.max(1, Math.floor(Math.min((width * 0.6) / cellsWide, (height * 0.45) / GLYPH_HEIGHT)));
  const left = Math.floor((width - cellsWide * scale) / 2);
  const top = Math.floor((height - GLYPH_HEIGHT * scale) / 2);
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const column = Math.floor((x - left) / scale);
      const row = Math.floor((y - top) / scale);
      const letter = letters[Math.floor(column / (GLYPH_WIDTH + 1))];
      const ink = x >= left && y >= top && row < GLYPH_HEIGHT && letter !== undefined && glyphInk(letter, column % (GLYPH_WIDTH + 1), row);
      rgb.set(ink ? [255, 255, 255] : background, (y * width + x) * 3);
    }
  }
  return encodeJpeg(width, height, rgb);
}
