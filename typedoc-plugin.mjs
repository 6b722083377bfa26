// @ts-check
/**
 * A TypeDoc plugin for the API reference (typedoc.json loads it):
 * - names each entry point's module after its import path (`ucwa-rx`, `ucwa-rx/codecs`, ...);
 * - sorts the exports of `ucwa-rx` into categories by the folder they are declared in
 *   (Client, Errors, Operators, Time), so that the reference reads like the API.
 */
import { Comment, CommentTag, Converter, ReflectionKind } from 'typedoc';

/** Entry file -> the import path users write. */
const MODULE_NAMES = new Map([
  ['lib/index.ts', 'ucwa-rx'],
  ['lib/codecs/index.ts', 'ucwa-rx/codecs'],
  ['lib/simulator/index.ts', 'ucwa-rx/simulator'],
  ['lib/angular/index.ts', 'ucwa-rx/angular'],
  ['lib/testing/index.ts', 'ucwa-rx/testing'],
]);

/** Categories of the main entry's exports, by where they are declared; the first match wins. */
const CATEGORIES = [
  [/^lib\/errors\//, 'Errors'],
  [/^lib\/operators\//, 'Operators'],
  [/^lib\/time\//, 'Time'],
  [/^lib\//, 'Client'],
];

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    const { project } = context;
    const pathOf = (/** @type {import('typedoc').Reflection} */ reflection) => project.getSymbolIdFromReflection(reflection)?.packagePath;
    for (const module of project.getReflectionsByKind(ReflectionKind.Module)) {
      const name = MODULE_NAMES.get(pathOf(module) ?? '');
      if (name === undefined) continue;
      module.name = name;
      if (name !== 'ucwa-rx' || !('children' in module)) continue;
      for (const child of /** @type {import('typedoc').DeclarationReflection[]} */ (module.children ?? [])) {
        const path = pathOf(child) ?? '';
        const category = CATEGORIES.find(([pattern]) => /** @type {RegExp} */ (pattern).test(path))?.[1];
        if (category === undefined || child.comment?.getTag('@category')) continue;
        child.comment ??= new Comment();
        child.comment.blockTags.push(new CommentTag('@category', [{ kind: 'text', text: /** @type {string} */ (category) }]));
      }
    }
  });
}
