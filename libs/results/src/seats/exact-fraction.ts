/*
 * Exact arithmetic for seat allocation. Ties decide seats, so quotients and shares are compared by
 * cross-multiplying whole numbers, never as floating-point fractions; BigInt takes over only when a
 * product leaves the range in which a double holds whole numbers exactly.
 */

/** Sign of a/b − c/d for whole a, c and positive whole b, d. */
export function compareFractions(a: number, b: number, c: number, d: number): number {
  const left = a * d;
  const right = c * b;
  if (Number.isSafeInteger(left) && Number.isSafeInteger(right)) {
    return left === right ? 0 : left > right ? 1 : -1;
  }
  const l = BigInt(a) * BigInt(d);
  const r = BigInt(c) * BigInt(b);
  return l === r ? 0 : l > r ? 1 : -1;
}

/** [floor(a·b / c), a·b mod c] for whole a, b ≥ 0 and positive whole c. */
export function mulDivMod(a: number, b: number, c: number): [quotient: number, remainder: number] {
  const product = a * b;
  if (Number.isSafeInteger(product)) {
    const remainder = product % c;
    return [(product - remainder) / c, remainder];
  }
  const p = BigInt(a) * BigInt(b);
  const big = BigInt(c);
  return [Number(p / big), Number(p % big)];
}

/** floor(n / d) for whole n (any sign) and positive whole d, exact where n / d would round. */
export function floorDiv(n: number, d: number): number {
  const remainder = ((n % d) + d) % d;
  return (n - remainder) / d;
}
