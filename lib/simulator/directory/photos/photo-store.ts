import type { PhotoImage } from '../types.js';
import { avatarJpeg } from './avatar.js';
import type { PhotoSize } from './photo-size.js';

/** A photo as served: its content type and bytes. */
export interface ServedPhoto {
  /** `image/jpeg` for generated photos, as the reference's samples show. */
  readonly contentType: string;
  /** The image bytes. */
  readonly data: Buffer;
}

/** What a person's photo is: generated from the initials, an image given through the control API, or none. */
export type PhotoSetting = 'generated' | PhotoImage;

/** How many generated images are kept for reuse. */
const CACHE_LIMIT = 256;

/**
 * Everyone's photo setting, and the images generated from them (kept for reuse, at most
 * {@link CACHE_LIMIT}; a generated image never changes for the same URI, name and size).
 */
export class PhotoStore {
  private readonly settings = new Map<string, PhotoSetting>();
  private readonly cache = new Map<string, Buffer>();

  /** The photo setting of `key`, or undefined when the person has no photo. */
  setting(key: string): PhotoSetting | undefined {
    return this.settings.get(key);
  }

  /** Sets or (with undefined) removes `key`'s photo. */
  set(key: string, setting: PhotoSetting | undefined): void {
    if (setting === undefined) this.settings.delete(key);
    else this.settings.set(key, setting);
  }

  /** The photo of `key` at `size`, or undefined when there is none. */
  photo(key: string, uri: string, name: string, size: PhotoSize): ServedPhoto | undefined {
    const setting = this.settings.get(key);
    if (setting === undefined) return undefined;
    if (setting !== 'generated') return { contentType: setting.contentType, data: Buffer.from(setting.data) };
    const cacheKey = `${key}\n${name}\n${size.width}x${size.height}`;
    let data = this.cache.get(cacheKey);
    if (!data) {
      data = avatarJpeg(uri, name, size.width, size.height);
      if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value ?? '');
      this.cache.set(cacheKey, data);
    }
    return { contentType: 'image/jpeg', data };
  }
}
