/** The photo sizes Exchange serves (`HR{width}X{height}`); photo_ref points at them. */
export const PHOTO_SIZES: readonly number[] = [48, 64, 96, 120, 240, 360, 432, 504, 648];

/** The default size when a request gives none (photo_ref: HR48X48). */
export const DEFAULT_PHOTO_SIZE = 48;

/** A photo size in pixels. */
export interface PhotoSize {
  /** Width in pixels. */
  readonly width: number;
  /** Height in pixels. */
  readonly height: number;
}

/**
 * Reads the `size` query parameter (`HR64X64`, any letter case). Undefined for a missing value
 * (the default applies); `invalid` when the form is wrong or the size is not one Exchange serves.
 */
export function parsePhotoSize(value: string | undefined): PhotoSize | 'invalid' | undefined {
  if (value === undefined || value === '') return undefined;
  const match = /^HR(\d{1,4})X(\d{1,4})$/i.exec(value.trim());
  if (!match) return 'invalid';
  const width = Number(match[1]);
  const height = Number(match[2]);
  return width === height && PHOTO_SIZES.includes(width) ? { width, height } : 'invalid';
}
