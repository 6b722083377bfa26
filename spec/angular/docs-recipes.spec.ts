import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../package/paths.js';

/** The TypeScript blocks of a Markdown file that open with `// examples/...` (the file they show). */
function blocksNamingFiles(markdown: string): { readonly file: string; readonly code: string }[] {
  return [...markdown.matchAll(/```ts\n(\/\/ (examples\/\S+)[^\n]*\n[\s\S]*?)```/g)].map((match) => ({ file: match[2] as string, code: match[1] as string }));
}

describe('the recipes of docs/angular.md', () => {
  it('are the files of the example app that its tests build, render and run, character for character', () => {
    const blocks = blocksNamingFiles(readFileSync(join(REPO_ROOT, 'docs/angular.md'), 'utf8'));
    expect(blocks.map((block) => block.file)).toEqual([
      'examples/angular/src/app/docs/presence-badge.component.ts',
      'examples/angular/src/app/docs/pinned-contacts.component.ts',
      'examples/angular/src/app/docs/presence-badge.component.spec.ts',
    ]);
    for (const { file, code } of blocks) expect({ file, code }).toEqual({ file, code: readFileSync(join(REPO_ROOT, file), 'utf8') });
  });
});
