/**
 * The transparency log checked in the browser with Web Crypto (CONTRACT.md "Transparency log"):
 * the C2SP signed-note checkpoint and its Ed25519 signature, every leaf hash, the RFC 9162 root
 * recomputed from the entries, and an inclusion proof. Nothing here trusts the server's page.
 */

export const b64decode = (s: string): Uint8Array => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
export const b64encode = (b: Uint8Array): string => btoa(String.fromCharCode(...b));

const concat = (...parts: Uint8Array[]): Uint8Array<ArrayBuffer> => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

export async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', concat(bytes)));
}

const equal = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

export const leafHash = (leaf: string) => sha256(concat(Uint8Array.of(0), new TextEncoder().encode(leaf)));
export const nodeHash = (left: Uint8Array, right: Uint8Array) => sha256(concat(Uint8Array.of(1), left, right));

/** RFC 9162 §2.1.1: MTH of n leaf hashes, split at the largest power of two below n. */
export async function merkleRoot(leaves: Uint8Array[]): Promise<Uint8Array> {
  if (leaves.length === 0) return sha256(new Uint8Array());
  let level = leaves;
  // Bottom-up, carrying an odd last node upwards unchanged: the same tree as the recursive split.
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(await nodeHash(level[i], level[i + 1]));
    if (level.length % 2 === 1) next.push(level[level.length - 1]);
    level = next;
  }
  return level[0];
}

/** RFC 9162 §2.1.3.2: the root an inclusion proof leads to from `hash` at `index` in a tree of `size`. */
export async function rootFromInclusionProof(
  index: number,
  size: number,
  hash: Uint8Array,
  proof: Uint8Array[],
): Promise<Uint8Array | null> {
  if (index >= size) return null;
  let fn = index;
  let sn = size - 1;
  let r = hash;
  for (const p of proof) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

export interface Checkpoint {
  body: string;
  origin: string;
  treeSize: number;
  rootHash: Uint8Array;
  signatures: { name: string; keyHash: Uint8Array; signature: Uint8Array }[];
}

/** Parses a C2SP tlog-checkpoint signed note: body lines, a blank line, then "— name base64" lines. */
export function parseCheckpoint(note: string): Checkpoint {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw new Error('not a signed note');
  const body = note.slice(0, split + 1);
  const [origin, size, root] = body.split('\n');
  const signatures = note
    .slice(split + 2, -1)
    .split('\n')
    .map((line) => /^\u2014 (\S+) (\S+)$/.exec(line))
    .filter((m): m is RegExpExecArray => !!m)
    .map((m) => {
      const bytes = b64decode(m[2]);
      return { name: m[1], keyHash: bytes.subarray(0, 4), signature: bytes.subarray(4) };
    });
  return { body, origin, treeSize: Number(size), rootHash: b64decode(root), signatures };
}

/** The first 4 bytes of SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key). */
export async function keyHash(name: string, publicKey: Uint8Array): Promise<Uint8Array> {
  return (await sha256(concat(new TextEncoder().encode(`${name}\n`), Uint8Array.of(1), publicKey))).subarray(0, 4);
}

export async function verifyEd25519(publicKey: Uint8Array, signature: Uint8Array, message: string): Promise<boolean> {
  const key = await crypto.subtle.importKey('raw', concat(publicKey), { name: 'Ed25519' }, false, ['verify']);
  return crypto.subtle.verify({ name: 'Ed25519' }, key, concat(signature), new TextEncoder().encode(message));
}

export type StepKey = 'fetch' | 'keyHash' | 'signature' | 'leaves' | 'root' | 'inclusion';
export interface Step {
  key: StepKey;
  ok: boolean;
  vars?: Record<string, string | number>;
  detail?: string;
}

interface Entry {
  index: number;
  leafHash: string;
  leaf: string;
}

/** Runs every check, reporting each step as it completes. */
export async function verifyTransparencyLog(
  leafToProve: number | null,
  report: (step: Step) => void,
): Promise<{ checkpoint: Checkpoint; ok: boolean }> {
  const get = async (path: string) => {
    const res = await fetch(path);
    if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
    return res;
  };
  const note = await (await get('/api/v1/transparency/checkpoint')).text();
  const key = (await (await get('/api/v1/transparency/key')).json()) as { name: string; publicKey: string };
  const checkpoint = parseCheckpoint(note);
  report({ key: 'fetch', ok: true, detail: key.name });
  let ok = true;
  const step = (s: Step) => {
    ok &&= s.ok;
    report(s);
  };
  const publicKey = b64decode(key.publicKey);
  const expectedHash = await keyHash(key.name, publicKey);
  const sig = checkpoint.signatures.find((s) => s.name === key.name && equal(s.keyHash, expectedHash));
  step({ key: 'keyHash', ok: !!sig });
  step({
    key: 'signature',
    ok: !!sig && sig.signature.length === 64 && (await verifyEd25519(publicKey, sig.signature, checkpoint.body)),
  });

  const hashes: Uint8Array[] = [];
  let leavesOk = true;
  for (let start = 0; start < checkpoint.treeSize;) {
    const end = Math.min(checkpoint.treeSize, start + 1000);
    const page = (await (await get(`/api/v1/transparency/entries?start=${start}&end=${end}`)).json()) as {
      items: Entry[];
    };
    if (!page.items.length) break;
    for (const e of page.items) {
      const h = await leafHash(e.leaf);
      if (e.index !== hashes.length || b64encode(h) !== e.leafHash) leavesOk = false;
      hashes.push(h);
    }
    start += page.items.length;
  }
  step({ key: 'leaves', ok: leavesOk && hashes.length === checkpoint.treeSize, vars: { count: hashes.length } });
  step({ key: 'root', ok: equal(await merkleRoot(hashes), checkpoint.rootHash) });

  if (checkpoint.treeSize > 0) {
    const index = leafToProve !== null && leafToProve < checkpoint.treeSize ? leafToProve : checkpoint.treeSize - 1;
    const proof = (await (
      await get(`/api/v1/transparency/proof/inclusion?leaf=${index}&treeSize=${checkpoint.treeSize}`)
    ).json()) as { leafIndex: number; hashes: string[] };
    const root = await rootFromInclusionProof(index, checkpoint.treeSize, hashes[index], proof.hashes.map(b64decode));
    step({ key: 'inclusion', ok: !!root && equal(root, checkpoint.rootHash), vars: { index } });
  }
  return { checkpoint, ok };
}
