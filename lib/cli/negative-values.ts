/** The part of a `util.parseArgs` option the rewrite needs. */
interface OptionShape {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
}

const NEGATIVE_NUMBER = /^-(\d|\.\d)/;

/**
 * `argv` with a negative number after an option that takes a value joined to it
 * (`--churn -1` becomes `--churn=-1`, `-p -5` becomes `--port=-5`). `util.parseArgs` takes a
 * value that starts with a dash for an option and calls the argument ambiguous; joined, the
 * value reaches the option's own check, which can say what is wrong with it. Nothing after
 * `--` is touched.
 */
export function joinNegativeValues(argv: readonly string[], options: Readonly<Record<string, OptionShape>>): string[] {
  const takesValue = new Map<string, string>();
  for (const [name, option] of Object.entries(options)) {
    if (option.type !== 'string') continue;
    takesValue.set(`--${name}`, name);
    if (option.short !== undefined) takesValue.set(`-${option.short}`, name);
  }
  const result: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] as string;
    if (arg === '--') {
      result.push(...argv.slice(index));
      break;
    }
    const name = takesValue.get(arg);
    const next = argv[index + 1];
    if (name !== undefined && next !== undefined && NEGATIVE_NUMBER.test(next)) {
      result.push(`--${name}=${next}`);
      index += 1;
    } else {
      result.push(arg);
    }
  }
  return result;
}
