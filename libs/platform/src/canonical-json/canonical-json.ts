/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): the one byte sequence of a JSON value that hashes
 * and signatures are computed over. Object members are sorted by the UTF-16 code units of their
 * names, numbers are written as ECMAScript writes them (shortest round-trip form, `1e+21`), strings
 * are escaped as JSON.stringify does, and there is no whitespace.
 *
 * It takes what JSON.stringify takes, and refuses what is not I-JSON (RFC 7493) rather than
 * silently changing it: non-finite numbers, bigints, lone surrogates, functions and symbols, and
 * `undefined` where it cannot be omitted (array items, the top level). Members whose value is
 * `undefined` are omitted, and `toJSON()` is honoured (a Date becomes its ISO string), as
 * JSON.stringify does, so that the stored JSON of a value and its canonical form agree.
 */
export function canonicalJson(value: unknown): string {
  const out = write(value, '$');
  if (out === undefined) throw new CanonicalJsonError('$', 'undefined is not JSON');
  return out;
}

export class CanonicalJsonError extends Error {
  override readonly name = 'CanonicalJsonError';

  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`Cannot canonicalise ${path}: ${reason}`);
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function write(input: unknown, path: string): string | undefined {
  const value = hasToJson(input) ? input.toJSON() : input;
  switch (typeof value) {
    case 'string':
      if (LONE_SURROGATE.test(value)) throw new CanonicalJsonError(path, 'a string holds a lone surrogate');
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(path, `${value} is not a JSON number`);
      return JSON.stringify(value); // ECMAScript Number-to-String, as RFC 8785 §3.2.2.3 requires; -0 is "0"
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      return undefined;
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        const items = value.map((item, i) => {
          const written = write(item, `${path}[${i}]`);
          if (written === undefined) throw new CanonicalJsonError(`${path}[${i}]`, 'undefined is not JSON');
          return written;
        });
        return `[${items.join(',')}]`;
      }
      // Array.prototype.sort compares UTF-16 code units, which is the order RFC 8785 §3.2.3 asks for.
      const members: string[] = [];
      for (const key of Object.keys(value).sort()) {
        const written = write((value as Record<string, unknown>)[key], `${path}.${key}`);
        if (written === undefined) continue;
        if (LONE_SURROGATE.test(key)) throw new CanonicalJsonError(`${path}.${key}`, 'a name holds a lone surrogate');
        members.push(`${JSON.stringify(key)}:${written}`);
      }
      return `{${members.join(',')}}`;
    }
    default:
      throw new CanonicalJsonError(path, `a ${typeof value} is not JSON`);
  }
}

function hasToJson(value: unknown): value is { toJSON(): unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function';
}
