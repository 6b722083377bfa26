/** How deep into arrays and objects {@link renderValue} looks before writing `…`. */
const MAX_DEPTH = 3;

/**
 * A short, JSON-like rendering of any value for error messages: at most about `budget`
 * characters, whatever the value's size or depth. It never recurses past a few levels and never
 * calls `JSON.stringify` or `String` on a whole value, so a hostile value (nested 100,000 deep,
 * a string of megabytes, a million keys) costs little and cannot throw.
 */
export function renderValue(value: unknown, budget: number): string {
  const out: string[] = [];
  let used = 0;
  const write = (text: string): boolean => {
    if (used >= budget) return false;
    const piece = text.length > budget - used ? text.slice(0, budget - used) : text;
    out.push(piece);
    used += piece.length;
    return used < budget;
  };
  const visit = (item: unknown, depth: number): boolean => {
    switch (typeof item) {
      case 'string':
        return write(JSON.stringify(item.length > budget ? item.slice(0, budget) : item));
      case 'number':
      case 'boolean':
      case 'bigint':
        return write(String(item));
      case 'undefined':
        return write('undefined');
      case 'object':
        break;
      default:
        return write(`[${typeof item}]`);
    }
    if (item === null) return write('null');
    const array = Array.isArray(item);
    if (depth >= MAX_DEPTH) return write(array ? '[…]' : '{…}');
    if (!write(array ? '[' : '{')) return false;
    let first = true;
    if (array) {
      for (const element of item as readonly unknown[]) {
        if (!first && !write(',')) return false;
        first = false;
        if (!visit(element, depth + 1)) return false;
      }
    } else {
      for (const key in item as object) {
        if (!Object.prototype.hasOwnProperty.call(item, key)) continue;
        if (!first && !write(',')) return false;
        first = false;
        if (!write(`${JSON.stringify(key.length > budget ? key.slice(0, budget) : key)}:`)) return false;
        if (!visit((item as Record<string, unknown>)[key], depth + 1)) return false;
      }
    }
    return write(array ? ']' : '}');
  };
  try {
    visit(value, 0);
  } catch {
    // A getter or proxy that throws: show what was rendered so far.
  }
  return out.join('');
}
