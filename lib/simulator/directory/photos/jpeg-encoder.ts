/**
 * A small baseline JPEG encoder (ITU-T T.81, JFIF): YCbCr without subsampling, one quantisation
 * table and one pair of Huffman tables shared by the three components. The tables are this
 * encoder's own: every DC category is a 4-bit code and every AC symbol an 8-bit code, which any
 * decoder accepts (canonical codes, none all ones) and which is plenty for small pictures.
 */

/** Zig-zag scan order: position k of the scan holds coefficient ZIGZAG[k] (row * 8 + column). */
const ZIGZAG: readonly number[] = (() => {
  const order: number[] = [];
  for (let diagonal = 0; diagonal < 15; diagonal++) {
    const cells: number[] = [];
    for (let row = 0; row < 8; row++) {
      const column = diagonal - row;
      if (column >= 0 && column < 8) cells.push(row * 8 + column);
    }
    order.push(...(diagonal % 2 === 0 ? cells.reverse() : cells));
  }
  return order;
})();

/** SCAN_POSITION[natural] is where coefficient `natural` sits in the zig-zag scan. */
const SCAN_POSITION: readonly number[] = ZIGZAG.reduce<number[]>((positions, natural, k) => {
  positions[natural] = k;
  return positions;
}, []);

/** Quantisation step per coefficient (natural order): fine for low frequencies, coarser above. */
const QUANT: readonly number[] = Array.from({ length: 64 }, (_, i) => 4 + 2 * (Math.floor(i / 8) + (i % 8)));

/** DCT basis: BASIS[u * 8 + x] = c(u) / 2 * cos((2x + 1) u pi / 16). */
const BASIS: readonly number[] = Array.from({ length: 64 }, (_, i) => {
  const u = Math.floor(i / 8);
  const x = i % 8;
  return ((u === 0 ? Math.SQRT1_2 : 1) / 2) * Math.cos(((2 * x + 1) * u * Math.PI) / 16);
});

/** DC symbols are the categories 0-11. */
const DC_SYMBOLS: readonly number[] = Array.from({ length: 12 }, (_, i) => i);
/** AC symbols: end of block, run/size pairs (runs 0-15, sizes 1-10), and the run of sixteen zeros. */
const AC_SYMBOLS: readonly number[] = [0x00, ...Array.from({ length: 160 }, (_, i) => ((i / 10) << 4) | ((i % 10) + 1)), 0xf0];
const DC_BITS = 4;
const AC_BITS = 8;
const DC_CODE = new Map(DC_SYMBOLS.map((symbol, index) => [symbol, index]));
const AC_CODE = new Map(AC_SYMBOLS.map((symbol, index) => [symbol, index]));

/** Writes bits most significant first, stuffing a zero byte after every 0xFF (F.1.2.3). */
class BitWriter {
  private readonly bytes: number[] = [];
  private buffer = 0;
  private count = 0;

  write(value: number, length: number): void {
    for (let bit = length - 1; bit >= 0; bit--) {
      this.buffer = (this.buffer << 1) | ((value >> bit) & 1);
      if (++this.count === 8) this.flushByte();
    }
  }

  /** Pads the last byte with one bits and returns everything written. */
  finish(): number[] {
    while (this.count !== 0) this.write(1, 1);
    return this.bytes;
  }

  private flushByte(): void {
    this.bytes.push(this.buffer);
    if (this.buffer === 0xff) this.bytes.push(0x00);
    this.buffer = 0;
    this.count = 0;
  }
}

function category(value: number): number {
  let size = 0;
  for (let magnitude = Math.abs(value); magnitude > 0; magnitude >>= 1) size++;
  return size;
}

/** The low `size` bits that stand for `value` (negative values as value - 1, F.1.2.1). */
function amplitude(value: number, size: number): number {
  return value >= 0 ? value : value + (1 << size) - 1;
}

/** Forward DCT and quantisation of one level-shifted 8x8 block; returns the zig-zag order. */
function transform(block: Float64Array): Int32Array {
  const rows = new Float64Array(64);
  for (let y = 0; y < 8; y++) {
    for (let u = 0; u < 8; u++) {
      let sum = 0;
      for (let x = 0; x < 8; x++) sum += (BASIS[u * 8 + x] ?? 0) * (block[y * 8 + x] ?? 0);
      rows[y * 8 + u] = sum;
    }
  }
  const out = new Int32Array(64);
  for (let v = 0; v < 8; v++) {
    for (let u = 0; u < 8; u++) {
      let sum = 0;
      for (let y = 0; y < 8; y++) sum += (BASIS[v * 8 + y] ?? 0) * (rows[y * 8 + u] ?? 0);
      const natural = v * 8 + u;
      out[SCAN_POSITION[natural] ?? 0] = Math.round(sum / (QUANT[natural] ?? 1));
    }
  }
  return out;
}

function encodeBlock(writer: BitWriter, coefficients: Int32Array, previousDc: number): number {
  const dc = coefficients[0] ?? 0;
  const diff = dc - previousDc;
  const dcSize = category(diff);
  writer.write(DC_CODE.get(dcSize) ?? 0, DC_BITS);
  if (dcSize > 0) writer.write(amplitude(diff, dcSize), dcSize);
  let run = 0;
  for (let k = 1; k < 64; k++) {
    const value = coefficients[k] ?? 0;
    if (value === 0) {
      run++;
      continue;
    }
    for (; run > 15; run -= 16) writer.write(AC_CODE.get(0xf0) ?? 0, AC_BITS);
    const size = category(value);
    writer.write(AC_CODE.get((run << 4) | size) ?? 0, AC_BITS);
    writer.write(amplitude(value, size), size);
    run = 0;
  }
  if (run > 0) writer.write(AC_CODE.get(0x00) ?? 0, AC_BITS);
  return dc;
}

function segment(marker: number, body: readonly number[]): number[] {
  const length = body.length + 2;
  return [0xff, marker, length >> 8, length & 0xff, ...body];
}

function huffmanTable(tableClass: number, codeLength: number, symbols: readonly number[]): number[] {
  const counts = Array.from({ length: 16 }, (_, i) => (i === codeLength - 1 ? symbols.length : 0));
  return [tableClass << 4, ...counts, ...symbols];
}

/** Encodes `width` x `height` pixels of RGB (3 bytes a pixel, row by row) as a baseline JFIF JPEG. */
export function encodeJpeg(width: number, height: number, rgb: Uint8Array): Buffer {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width > 0xffff || height > 0xffff) {
    throw new RangeError('width and height must be integers from 1 to 65535');
  }
  if (rgb.length !== width * height * 3) throw new RangeError('rgb must hold 3 bytes for every pixel');
  const planes = [new Float64Array(width * height), new Float64Array(width * height), new Float64Array(width * height)];
  for (let i = 0; i < width * height; i++) {
    const r = rgb[i * 3] ?? 0;
    const g = rgb[i * 3 + 1] ?? 0;
    const b = rgb[i * 3 + 2] ?? 0;
    (planes[0] as Float64Array)[i] = 0.299 * r + 0.587 * g + 0.114 * b - 128;
    (planes[1] as Float64Array)[i] = -0.168736 * r - 0.331264 * g + 0.5 * b;
    (planes[2] as Float64Array)[i] = 0.5 * r - 0.418688 * g - 0.081312 * b;
  }
  const writer = new BitWriter();
  const previous = [0, 0, 0];
  const block = new Float64Array(64);
  for (let top = 0; top < height; top += 8) {
    for (let left = 0; left < width; left += 8) {
      planes.forEach((plane, component) => {
        for (let y = 0; y < 8; y++) {
          const row = Math.min(top + y, height - 1) * width;
          for (let x = 0; x < 8; x++) block[y * 8 + x] = plane[row + Math.min(left + x, width - 1)] ?? 0;
        }
        previous[component] = encodeBlock(writer, transform(block), previous[component] ?? 0);
      });
    }
  }
  const bytes = [
    0xff, 0xd8,
    ...segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    ...segment(0xdb, [0x00, ...ZIGZAG.map((natural) => QUANT[natural] ?? 1)]),
    ...segment(0xc0, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 3, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0]),
    ...segment(0xc4, [...huffmanTable(0, DC_BITS, DC_SYMBOLS), ...huffmanTable(1, AC_BITS, AC_SYMBOLS)]),
    ...segment(0xda, [3, 1, 0x00, 2, 0x00, 3, 0x00, 0, 63, 0]),
    ...writer.finish(),
    0xff, 0xd9,
  ];
  return Buffer.from(bytes);
}
