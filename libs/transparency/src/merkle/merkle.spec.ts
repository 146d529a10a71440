import { createHash } from 'node:crypto';
import fc from 'fast-check';
import {
  CompactTree,
  consistencyProof,
  consistencyProofRanges,
  EMPTY_ROOT,
  inclusionProof,
  leafHash,
  nodeHash,
  nodesFor,
  perfectSubtrees,
  rootFromLeafHashes,
  verifyConsistency,
  verifyInclusion,
} from './merkle';

const hex = (h: string) => Buffer.from(h, 'hex');
const toHex = (hashes: Buffer[]) => hashes.map((h) => h.toString('hex'));

// RFC 6962 test vectors, as published with the reference implementations (transparency-dev/merkle,
// certificate-transparency-go): eight leaves, the roots of every prefix, and proofs.
const LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(
  hex,
);
const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const LEAF_HASHES = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
  '0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7',
  '07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7',
  'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
  '4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658',
  'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
  '46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1',
];
/** [leaf index (0-based), tree size, proof] */
const INCLUSION: [number, number, string[]][] = [
  [0, 1, []],
  [
    0,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    5,
    8,
    [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [2, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
  [
    1,
    5,
    [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
];
const CONSISTENCY: [number, number, string[]][] = [
  [1, 1, []],
  [
    1,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    6,
    8,
    [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [
    2,
    5,
    [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
  [
    6,
    7,
    [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
];

/** MTH of RFC 9162 §2.1.1, written out recursively as the RFC states it: the reference. */
function mth(hashes: Buffer[]): Buffer {
  if (hashes.length === 0) return createHash('sha256').digest();
  if (hashes.length === 1) return hashes[0];
  let k = 1;
  while (k * 2 < hashes.length) k *= 2;
  return nodeHash(mth(hashes.slice(0, k)), mth(hashes.slice(k)));
}

/** Every node a store would hold after appending these leaf hashes, as a lookup. */
function storeOf(hashes: Buffer[]) {
  const nodes = new Map<string, Buffer>();
  const tree = new CompactTree();
  for (const h of hashes) for (const n of tree.append(h)) nodes.set(`${n.level}/${n.index}`, n.hash);
  const reads: string[] = [];
  const lookup = (level: number, index: number) => {
    const hash = nodes.get(`${level}/${index}`);
    if (!hash) throw new Error(`node ${level}/${index} is not stored`);
    reads.push(`${level}/${index}`);
    return hash;
  };
  return { nodes, tree, lookup, reads };
}

const VECTOR_HASHES = LEAVES.map((l) => leafHash(l));

describe('the Merkle tree (RFC 9162 / RFC 6962 vectors)', () => {
  it('hashes leaves as SHA-256(0x00 ‖ leaf) and nodes as SHA-256(0x01 ‖ left ‖ right)', () => {
    expect(toHex(VECTOR_HASHES)).toEqual(LEAF_HASHES);
    const [a, b] = VECTOR_HASHES;
    expect(nodeHash(a, b).toString('hex')).toBe(
      createHash('sha256')
        .update(Buffer.concat([Buffer.from([1]), a, b]))
        .digest('hex'),
    );
    expect(leafHash('ភ្នំពេញ').equals(leafHash(Buffer.from('ភ្នំពេញ', 'utf8')))).toBe(true);
  });

  it.each(ROOTS.map((root, size) => [size, root]))('the root of the first %i leaves is %s', (size, root) => {
    expect(rootFromLeafHashes(VECTOR_HASHES.slice(0, size as number)).toString('hex')).toBe(root);
    expect(mth(VECTOR_HASHES.slice(0, size as number)).toString('hex')).toBe(root);
  });

  it('the empty root is SHA-256 of nothing', () => {
    expect(EMPTY_ROOT.toString('hex')).toBe(ROOTS[0]);
  });

  it.each(INCLUSION)('the inclusion proof of leaf %i in a tree of %i is the published one', (index, size, proof) => {
    const { lookup } = storeOf(VECTOR_HASHES.slice(0, size));
    expect(toHex(inclusionProof(index, size, lookup))).toEqual(proof);
    expect(verifyInclusion(index, size, VECTOR_HASHES[index], proof.map(hex), hex(ROOTS[size]))).toBe(true);
  });

  it.each(CONSISTENCY)('the consistency proof from %i to %i is the published one', (first, second, proof) => {
    const { lookup } = storeOf(VECTOR_HASHES.slice(0, second));
    expect(toHex(consistencyProof(first, second, lookup))).toEqual(proof);
    expect(verifyConsistency(first, second, proof.map(hex), hex(ROOTS[first]), hex(ROOTS[second]))).toBe(true);
  });

  it('refuses altered inclusion proofs: wrong index, size, leaf, root, a flipped bit, garbage', () => {
    const [index, size, proofHex] = INCLUSION[2];
    const proof = proofHex.map(hex);
    const leaf = VECTOR_HASHES[index];
    const root = hex(ROOTS[size]);
    const flipped = proof.map((p, i) => (i === 1 ? Buffer.from(p.map((b, j) => (j === 0 ? b ^ 8 : b))) : p));
    expect(verifyInclusion(index - 1, size, leaf, proof, root)).toBe(false);
    expect(verifyInclusion(index + 1, size, leaf, proof, root)).toBe(false);
    expect(verifyInclusion(index, size * 2, leaf, proof, root)).toBe(false);
    expect(verifyInclusion(index, size / 2, leaf, proof, root)).toBe(false);
    expect(verifyInclusion(index, size, VECTOR_HASHES[0], proof, root)).toBe(false);
    expect(verifyInclusion(index, size, leaf, proof, EMPTY_ROOT)).toBe(false);
    expect(verifyInclusion(index, size, leaf, flipped, root)).toBe(false);
    expect(verifyInclusion(index, size, leaf, [...proof, root], root)).toBe(false);
    expect(verifyInclusion(index, size, leaf, [root, ...proof], root)).toBe(false);
    expect(verifyInclusion(index, size, leaf, proof.slice(0, -1), root)).toBe(false);
    expect(verifyInclusion(8, 8, leaf, proof, root)).toBe(false);
  });

  it('refuses altered consistency proofs, an empty proof, swapped roots and time travel', () => {
    const [first, second, proofHex] = CONSISTENCY[2];
    const proof = proofHex.map(hex);
    const [r1, r2] = [hex(ROOTS[first]), hex(ROOTS[second])];
    expect(verifyConsistency(first - 1, second, proof, r1, r2)).toBe(false);
    expect(verifyConsistency(first + 1, second, proof, r1, r2)).toBe(false);
    expect(verifyConsistency(first, second * 2, proof, r1, r2)).toBe(false);
    expect(verifyConsistency(first, second, proof, r2, r1)).toBe(false);
    expect(verifyConsistency(first, second, [], r1, r2)).toBe(false);
    expect(verifyConsistency(first, second, proof.slice(0, -1), r1, r2)).toBe(false);
    expect(verifyConsistency(first, second, [proof[0], ...proof], r1, r2)).toBe(false);
    expect(verifyConsistency(second, first, proof, r2, r1)).toBe(false);
    expect(verifyConsistency(0, 1, [], EMPTY_ROOT, r1)).toBe(false);
    expect(verifyConsistency(3, 3, [], r1, r1)).toBe(true);
    expect(verifyConsistency(3, 3, [], r1, r2)).toBe(false);
  });
});

describe('the Merkle tree (properties)', () => {
  const leaves = fc.array(fc.uint8Array({ maxLength: 12 }), { minLength: 1, maxLength: 70 });

  it('the compact tree and stored nodes give the RFC root for every size', () => {
    fc.assert(
      fc.property(leaves, (data) => {
        const hashes = data.map((d) => leafHash(d));
        const { tree, lookup } = storeOf(hashes);
        expect(tree.root().equals(mth(hashes))).toBe(true);
        const root = foldRightOf(perfectSubtrees(0, hashes.length).map((k) => lookup(k.level, k.index)));
        expect(root.equals(mth(hashes))).toBe(true);
      }),
    );
  });

  it('every leaf has an inclusion proof that verifies, and fails for any other leaf or index', () => {
    fc.assert(
      fc.property(leaves, fc.nat(), (data, pick) => {
        const hashes = data.map((d) => leafHash(d));
        const { lookup } = storeOf(hashes);
        const size = hashes.length;
        const index = pick % size;
        const proof = inclusionProof(index, size, lookup);
        const root = mth(hashes);
        expect(verifyInclusion(index, size, hashes[index], proof, root)).toBe(true);
        expect(proof.length).toBeLessThanOrEqual(Math.ceil(Math.log2(size)));
        if (size > 1) {
          const other = (index + 1) % size;
          if (!hashes[other].equals(hashes[index])) {
            expect(verifyInclusion(index, size, hashes[other], proof, root)).toBe(false);
          }
        }
      }),
    );
  });

  it('every pair of sizes has a consistency proof that verifies, and fails against another root', () => {
    fc.assert(
      fc.property(leaves, fc.nat(), fc.nat(), (data, a, b) => {
        const hashes = data.map((d) => leafHash(d));
        const { lookup } = storeOf(hashes);
        const second = 1 + (a % hashes.length);
        const first = 1 + (b % second);
        const proof = consistencyProof(first, second, lookup);
        const [r1, r2] = [mth(hashes.slice(0, first)), mth(hashes.slice(0, second))];
        expect(verifyConsistency(first, second, proof, r1, r2)).toBe(true);
        if (first < second) expect(verifyConsistency(first, second, proof, leafHash('x'), r2)).toBe(false);
      }),
    );
  });

  it('a resumed compact tree continues exactly where the first left off', () => {
    fc.assert(
      fc.property(leaves, fc.nat(), (data, cut) => {
        const hashes = data.map((d) => leafHash(d));
        const at = cut % (hashes.length + 1);
        const first = new CompactTree();
        hashes.slice(0, at).forEach((h) => first.append(h));
        const resumed = CompactTree.resume(at, first.frontier());
        hashes.slice(at).forEach((h) => resumed.append(h));
        expect(resumed.root().equals(mth(hashes))).toBe(true);
      }),
    );
  });

  it('a proof at a million leaves reads at most 2·log2(n) stored nodes', () => {
    const size = 1_000_003;
    const keys = nodesFor(consistencyProofRanges(999_999, size));
    expect(keys.length).toBeLessThanOrEqual(2 * 20);
    expect(keys.every((k) => (k.index + 1) * 2 ** k.level <= size)).toBe(true);
  });
});

function foldRightOf(hashes: Buffer[]): Buffer {
  return hashes.reduceRight((acc, h) => nodeHash(h, acc));
}
