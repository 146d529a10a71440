import { createHash } from 'node:crypto';

/**
 * The Merkle tree of RFC 9162 §2.1 (the same as RFC 6962's): pure functions, no I/O.
 * A node `(level, index)` is the hash of the perfect subtree over leaves
 * `[index·2^level, (index+1)·2^level)`; level 0 holds the leaf hashes. Every range a proof needs is
 * either such a node or the right edge of the tree, which is the right fold of a few of them, so a
 * store of the nodes that have completed answers any proof in O(log n) reads.
 */

export const HASH_BYTES = 32;

export interface NodeKey {
  level: number;
  index: number;
}

/** Leaves `[start, end)`. */
export interface LeafRange {
  start: number;
  end: number;
}

/** Looks a stored node up; throws when it is missing (the caller fetched the keys it was told to). */
export type NodeLookup = (level: number, index: number) => Buffer;

const sha256 = (...parts: Uint8Array[]): Buffer => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** SHA-256(0x00 ‖ leaf); a string is hashed as its UTF-8 bytes. */
export function leafHash(leaf: Uint8Array | string): Buffer {
  return sha256(LEAF_PREFIX, typeof leaf === 'string' ? Buffer.from(leaf, 'utf8') : leaf);
}

/** SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return sha256(NODE_PREFIX, left, right);
}

/** The root of the empty tree: SHA-256 of nothing. */
export const EMPTY_ROOT = sha256();

/** The largest power of two smaller than n (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function assertSize(name: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${name} must be a non-negative integer (got ${n})`);
}

/** MTH(D[n]) of RFC 9162 §2.1.1 over leaf hashes, computed level by level (the same tree). */
export function rootFromLeafHashes(hashes: readonly Uint8Array[]): Buffer {
  if (hashes.length === 0) return EMPTY_ROOT;
  const tree = new CompactTree();
  for (const hash of hashes) tree.append(hash);
  return tree.root();
}

/**
 * The perfect subtrees that make up `[start, end)`, left to right, each as large as its alignment
 * allows. For a range that starts at a multiple of a power of two at least its length (every range a
 * proof names), the MTH of the range is the right fold of their hashes (see `foldRight`).
 */
export function perfectSubtrees(start: number, end: number): NodeKey[] {
  const keys: NodeKey[] = [];
  let at = start;
  while (at < end) {
    let level = 0;
    while (at % 2 ** (level + 1) === 0 && at + 2 ** (level + 1) <= end) level += 1;
    keys.push({ level, index: at / 2 ** level });
    at += 2 ** level;
  }
  return keys;
}

/** hash(h0, hash(h1, … hash(hk-1, hk))): the MTH of a range from its perfect subtrees. */
export function foldRight(hashes: readonly Uint8Array[]): Buffer {
  if (hashes.length === 0) throw new RangeError('no hashes to fold');
  let acc: Buffer = Buffer.from(hashes[hashes.length - 1]);
  for (let i = hashes.length - 2; i >= 0; i -= 1) acc = nodeHash(hashes[i], acc);
  return acc;
}

/** The MTH of a proof range from stored nodes. */
export function rangeHash(range: LeafRange, lookup: NodeLookup): Buffer {
  return foldRight(perfectSubtrees(range.start, range.end).map((k) => lookup(k.level, k.index)));
}

/** The ranges whose MTHs make up PATH(m, D[n]) (RFC 9162 §2.1.3.1), in proof order (leaf upwards). */
export function inclusionProofRanges(index: number, size: number): LeafRange[] {
  assertSize('size', size);
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
    throw new RangeError(`leaf index ${index} is not in a tree of ${size}`);
  }
  const ranges: LeafRange[] = [];
  let [start, end, m] = [0, size, index];
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (m < k) {
      ranges.push({ start: start + k, end });
      end = start + k;
    } else {
      ranges.push({ start, end: start + k });
      start += k;
      m -= k;
    }
  }
  return ranges.reverse();
}

/** The ranges whose MTHs make up PROOF(m, D[n]) (RFC 9162 §2.1.4.1), in proof order. */
export function consistencyProofRanges(first: number, second: number): LeafRange[] {
  assertSize('first', first);
  assertSize('second', second);
  if (first < 1 || first > second) throw new RangeError(`no consistency proof from ${first} to ${second}`);
  const ranges: LeafRange[] = [];
  // SUBPROOF(m, D[start:end], b), unrolled: the recursion only ever descends into one side.
  let [start, end, m, whole] = [0, second, first, true];
  while (m !== end - start) {
    const n = end - start;
    const k = splitPoint(n);
    if (m <= k) {
      ranges.push({ start: start + k, end });
      end = start + k;
    } else {
      ranges.push({ start, end: start + k });
      start += k;
      m -= k;
      whole = false;
    }
  }
  if (!whole) ranges.push({ start, end });
  return ranges.reverse();
}

/** Every stored node the ranges need, without repeats. */
export function nodesFor(ranges: readonly LeafRange[]): NodeKey[] {
  const seen = new Map<string, NodeKey>();
  for (const range of ranges) {
    for (const key of perfectSubtrees(range.start, range.end)) seen.set(`${key.level}/${key.index}`, key);
  }
  return [...seen.values()];
}

/** An inclusion proof from stored nodes. */
export function inclusionProof(index: number, size: number, lookup: NodeLookup): Buffer[] {
  return inclusionProofRanges(index, size).map((r) => rangeHash(r, lookup));
}

/** A consistency proof from stored nodes. */
export function consistencyProof(first: number, second: number, lookup: NodeLookup): Buffer[] {
  return consistencyProofRanges(first, second).map((r) => rangeHash(r, lookup));
}

/**
 * RFC 9162 §2.1.3.2: the root an inclusion proof leads to, or null when the proof cannot be right
 * for this index and size (wrong length).
 */
export function rootFromInclusionProof(
  index: number,
  size: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
): Buffer | null {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return null;
  let fn = index;
  let sn = size - 1;
  let r: Buffer = Buffer.from(leaf);
  for (const p of proof) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

export function verifyInclusion(
  index: number,
  size: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (leaf.length !== HASH_BYTES || proof.some((p) => p.length !== HASH_BYTES)) return false;
  const computed = rootFromInclusionProof(index, size, leaf, proof);
  return computed !== null && computed.equals(root);
}

/** RFC 9162 §2.1.4.2. */
export function verifyConsistency(
  first: number,
  second: number,
  proof: readonly Uint8Array[],
  firstRoot: Uint8Array,
  secondRoot: Uint8Array,
): boolean {
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(second) || first < 0 || first > second) return false;
  if (proof.some((p) => p.length !== HASH_BYTES)) return false;
  if (first === second) return proof.length === 0 && Buffer.from(firstRoot).equals(secondRoot);
  // Nothing to prove from the empty tree: RFC 9162 defines proofs for 0 < first < second.
  if (first === 0 || proof.length === 0) return false;
  const path = isPowerOfTwo(first) ? [firstRoot, ...proof] : [...proof];
  let fn = first - 1;
  let sn = second - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr: Buffer = Buffer.from(path[0]);
  let sr: Buffer = Buffer.from(path[0]);
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && fr.equals(firstRoot) && sr.equals(secondRoot);
}

function isPowerOfTwo(n: number): boolean {
  if (n < 1) return false;
  while (n % 2 === 0) n /= 2;
  return n === 1;
}

/**
 * The right edge of a growing tree (a "compact range"): the perfect subtrees of `[0, size)`, largest
 * first. Appending a leaf completes zero or more nodes, which are returned so that a store can keep
 * them; the root is their right fold.
 */
export class CompactTree {
  private readonly stack: Buffer[] = [];
  private count = 0;

  /** Resumes from the hashes of `perfectSubtrees(0, size)`, in that order. */
  static resume(size: number, frontier: readonly Uint8Array[]): CompactTree {
    const tree = new CompactTree();
    if (perfectSubtrees(0, size).length !== frontier.length) {
      throw new RangeError(
        `a tree of ${size} has ${perfectSubtrees(0, size).length} frontier nodes, not ${frontier.length}`,
      );
    }
    tree.count = size;
    tree.stack.push(...frontier.map((h) => Buffer.from(h)));
    return tree;
  }

  get size(): number {
    return this.count;
  }

  /** Adds a leaf hash; returns every node it completes, the leaf itself (level 0) first. */
  append(hash: Uint8Array): (NodeKey & { hash: Buffer })[] {
    const index = this.count;
    let node: Buffer = Buffer.from(hash);
    const completed = [{ level: 0, index, hash: node }];
    let level = 0;
    while (((index + 1) / 2 ** (level + 1)) % 1 === 0 && level < 64) {
      const left = this.stack.pop();
      if (!left) break;
      node = nodeHash(left, node);
      level += 1;
      completed.push({ level, index: (index + 1) / 2 ** level - 1, hash: node });
    }
    this.stack.push(node);
    this.count += 1;
    return completed;
  }

  root(): Buffer {
    return this.stack.length === 0 ? EMPTY_ROOT : foldRight(this.stack);
  }

  frontier(): Buffer[] {
    return [...this.stack];
  }
}
