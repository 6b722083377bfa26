import { describe, expect, it } from '@jest/globals';
import { VERSION } from '../lib/index.js';

describe('package', () => {
  it('has a version', () => {
    expect(VERSION).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
