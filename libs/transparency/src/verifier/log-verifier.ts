import { canonicalJson } from '@app/platform';
import {
  CompactTree,
  inclusionProofRanges,
  LeafRange,
  leafHash,
  rangeHash,
  splitPoint,
  verifyConsistency,
  verifyInclusion,
} from '../merkle/merkle';
import { parseVerifierKey, verifyCheckpoint } from '../note/signed-note';

/**
 * Verifies a Recourse transparency log over HTTP, as anyone can: the signed checkpoint, every leaf
 * against the checkpoint's root, consistency with the checkpoint seen last time (the saved state),
 * and every leaf against the public record it stands for. Only the public endpoints are used.
 */

/** What a verifier remembers between runs: the key it trusts and the last checkpoint it verified. */
export interface VerifierState {
  origin: string;
  keyName: string;
  /** Base64 of the 32-byte Ed25519 key. */
  publicKey: string;
  treeSize: number;
  /** Base64. */
  rootHash: string;
  checkpoint: string;
  verifiedAt: string;
}

export interface LogEntry {
  index: number;
  leafHash: string;
  leaf: string;
  kind: string;
  reference: string;
}

export interface VerifyProblem {
  /** The leaf concerned, when one is. */
  index?: number;
  reference?: string;
  message: string;
}

/** Checks one leaf against its public record: a problem in words, or null when it matches. */
export type CheckLeaf = (entry: LogEntry) => Promise<string | null>;

export interface VerifyLogOptions {
  /** Where the API is, e.g. `https://recourse.example` (no trailing /api). */
  baseUrl: string;
  /** The last verified state; without it the served key is trusted on first use. */
  state?: VerifierState | null;
  /** Checks each leaf against its public record; `null` skips that step. Default: `publicDecisionCheck`. */
  checkLeaf?: CheckLeaf | null;
  fetch?: typeof fetch;
  /** Record checks in flight at once (default 8). */
  concurrency?: number;
  /** Inclusion proofs the verifier may ask for to name altered leaves (default 256). */
  locateBudget?: number;
  onProgress?: (line: string) => void;
}

export interface VerifyReport {
  ok: boolean;
  origin: string | null;
  treeSize: number;
  rootHash: string | null;
  leavesChecked: number;
  recordsChecked: number;
  problems: VerifyProblem[];
  /** The state to save: present only when everything verified. */
  state: VerifierState | null;
}

const API = '/api/v1/transparency';
const PAGE = 1_000;

class Fatal extends Error {}

export async function verifyLog(options: VerifyLogOptions): Promise<VerifyReport> {
  const http = new LogClient(options.baseUrl, options.fetch ?? fetch);
  const problems: VerifyProblem[] = [];
  const report: VerifyReport = {
    ok: false,
    origin: null,
    treeSize: 0,
    rootHash: null,
    leavesChecked: 0,
    recordsChecked: 0,
    problems,
    state: null,
  };
  const progress = options.onProgress ?? (() => undefined);
  const saved = options.state ?? null;
  try {
    // 1. The key: the one saved last time if there is one (a new key is itself a finding).
    const served = await http.json<{ name: string; algorithm: string; publicKey: string; verifierKey: string }>(
      `${API}/key`,
    );
    const parsed = parseVerifierKey(served.verifierKey);
    if (served.algorithm !== 'ed25519' || !parsed || parsed.name !== served.name) {
      throw new Fatal('the served key is not a valid Ed25519 signed-note verifier key');
    }
    if (parsed.publicKey.toString('base64') !== served.publicKey) {
      throw new Fatal('the served publicKey and verifierKey disagree');
    }
    const keyName = saved?.keyName ?? served.name;
    const publicKey = Buffer.from(saved?.publicKey ?? served.publicKey, 'base64');
    if (saved && (saved.keyName !== served.name || saved.publicKey !== served.publicKey)) {
      problems.push({ message: `the signing key changed since the saved checkpoint (now ${served.verifierKey})` });
    }

    // 2. The checkpoint, signed by that key.
    const note = await http.text(`${API}/checkpoint`);
    const checkpoint = verifyCheckpoint(note, keyName, publicKey);
    if (!checkpoint) throw new Fatal(`the checkpoint is not validly signed by ${keyName}: it is forged or altered`);
    if (saved && checkpoint.origin !== saved.origin) {
      throw new Fatal(`the checkpoint's origin is "${checkpoint.origin}", not "${saved.origin}"`);
    }
    const size = checkpoint.treeSize;
    Object.assign(report, {
      origin: checkpoint.origin,
      treeSize: size,
      rootHash: checkpoint.rootHash.toString('base64'),
    });
    progress(`checkpoint: ${checkpoint.origin}, ${size} entries, root ${report.rootHash}`);

    // 3. Consistency with what was seen before: the log only grows.
    if (saved) {
      const savedRoot = Buffer.from(saved.rootHash, 'base64');
      if (size < saved.treeSize) {
        problems.push({ message: `the log shrank from ${saved.treeSize} to ${size} entries: entries were removed` });
      } else if (size === saved.treeSize) {
        if (!checkpoint.rootHash.equals(savedRoot)) {
          problems.push({ message: `checkpoint ${size} has another root than the saved one: the log was rewritten` });
        }
      } else {
        const proof = await http.json<{ hashes: string[] }>(
          `${API}/proof/consistency?from=${saved.treeSize}&to=${size}`,
        );
        const hashes = proof.hashes.map((h) => Buffer.from(h, 'base64'));
        if (!verifyConsistency(saved.treeSize, size, hashes, savedRoot, checkpoint.rootHash)) {
          problems.push({
            message: `checkpoint ${size} is not consistent with the saved checkpoint ${saved.treeSize}: the log was rewritten`,
          });
        }
      }
    }

    // 4. Every leaf: its hash, its place, and together the checkpoint's root.
    const tree = new CompactTree();
    const hashes: Buffer[] = [];
    const entries: LogEntry[] = [];
    let next = 0;
    while (next < size) {
      const page = await http.json<{ items: LogEntry[] }>(
        `${API}/entries?start=${next}&end=${Math.min(size, next + PAGE)}`,
      );
      if (page.items.length === 0) {
        problems.push({ message: `entries ${next} to ${size - 1} are missing` });
        break;
      }
      for (const entry of page.items) {
        if (entry.index < next || entry.index >= size) {
          problems.push({ index: entry.index, message: `entry ${entry.index} was served out of order` });
          continue;
        }
        for (; next < entry.index; next += 1) {
          problems.push({ index: next, message: `entry ${next} is missing: it was removed` });
          hashes.push(Buffer.alloc(32));
          tree.append(hashes[next]);
        }
        const hash = leafHash(entry.leaf);
        if (hash.toString('base64') !== entry.leafHash) {
          problems.push({
            index: entry.index,
            reference: entry.reference,
            message: `leaf ${entry.index} (${entry.kind} ${entry.reference}) was altered: its text does not hash to its leaf hash`,
          });
        }
        hashes.push(hash);
        tree.append(hash);
        entries.push(entry);
        next += 1;
        if (saved && tree.size === saved.treeSize && !tree.root().equals(Buffer.from(saved.rootHash, 'base64'))) {
          problems.push({
            message: `the first ${saved.treeSize} leaves no longer give the saved root: some were altered`,
          });
        }
      }
      progress(`leaves: ${next} of ${size}`);
    }
    report.leavesChecked = entries.length;
    if (next === size && !tree.root().equals(checkpoint.rootHash)) {
      problems.push({ message: `the leaves do not give the checkpoint's root` });
      const named = new Set(problems.map((p) => p.index).filter((i) => i !== undefined));
      for (const found of await locateAltered(http, size, hashes, checkpoint.rootHash, options.locateBudget ?? 256)) {
        if (typeof found === 'number') {
          if (!named.has(found)) {
            const entry = entries.find((e) => e.index === found);
            problems.push({
              index: found,
              reference: entry?.reference,
              message: `leaf ${found}${entry ? ` (${entry.kind} ${entry.reference})` : ''} was altered: it is not the leaf the checkpoint signed`,
            });
          }
        } else {
          problems.push({ message: `leaves ${found.start} to ${found.end - 1} include altered ones` });
        }
      }
    }

    // 5. Every leaf against the public record it stands for.
    const checkLeaf =
      options.checkLeaf === undefined ? publicDecisionCheck(options.baseUrl, options.fetch) : options.checkLeaf;
    if (checkLeaf) {
      let done = 0;
      await inPool(entries, options.concurrency ?? 8, async (entry) => {
        const problem = await checkLeaf(entry).catch(
          (error: unknown) => `could not be checked: ${(error as Error).message}`,
        );
        if (problem)
          problems.push({
            index: entry.index,
            reference: entry.reference,
            message: `leaf ${entry.index} (${entry.kind} ${entry.reference}): ${problem}`,
          });
        done += 1;
        if (done % PAGE === 0) progress(`records: ${done} of ${entries.length}`);
      });
      report.recordsChecked = entries.length;
    }

    problems.sort((a, b) => (a.index ?? -1) - (b.index ?? -1));
    report.ok = problems.length === 0;
    if (report.ok) {
      report.state = {
        origin: checkpoint.origin,
        keyName,
        publicKey: publicKey.toString('base64'),
        treeSize: size,
        rootHash: checkpoint.rootHash.toString('base64'),
        checkpoint: note,
        verifiedAt: new Date().toISOString(),
      };
    }
    return report;
  } catch (error) {
    if (!(error instanceof Fatal)) throw error;
    problems.push({ message: error.message });
    return report;
  }
}

/**
 * Names the altered leaves when the leaves do not give the signed root: an inclusion proof that
 * verifies for a leaf gives the genuine hash of every subtree beside its path, so comparing them with
 * the local ones narrows the search to the subtrees that differ, O(log n) proofs per altered leaf.
 * Returns indexes, or ranges it could not narrow within the budget.
 */
async function locateAltered(
  http: LogClient,
  size: number,
  hashes: Buffer[],
  root: Buffer,
  budget: number,
): Promise<(number | LeafRange)[]> {
  const local = localNodes(hashes);
  const found: (number | LeafRange)[] = [];
  const queue: LeafRange[] = [{ start: 0, end: size }];
  while (queue.length > 0) {
    const range = queue.shift() as LeafRange;
    if (range.end - range.start === 1) {
      found.push(range.start);
      continue;
    }
    const candidates = [...new Set([range.start, range.start + splitPoint(range.end - range.start), range.end - 1])];
    let narrowed = false;
    for (const leaf of candidates) {
      if (budget <= 0) break;
      budget -= 1;
      const proof = await http.json<{ hashes: string[] }>(`${API}/proof/inclusion?leaf=${leaf}&treeSize=${size}`);
      const path = proof.hashes.map((h) => Buffer.from(h, 'base64'));
      if (!verifyInclusion(leaf, size, hashes[leaf], path, root)) continue;
      inclusionProofRanges(leaf, size).forEach((sibling, i) => {
        const inside = sibling.start >= range.start && sibling.end <= range.end;
        if (inside && !rangeHash(sibling, local).equals(path[i])) queue.push(sibling);
      });
      narrowed = true;
      break;
    }
    if (!narrowed) found.push(range);
  }
  return found;
}

function localNodes(hashes: Buffer[]): (level: number, index: number) => Buffer {
  const nodes = new Map<string, Buffer>();
  const tree = new CompactTree();
  for (const hash of hashes) for (const node of tree.append(hash)) nodes.set(`${node.level}/${node.index}`, node.hash);
  return (level, index) => nodes.get(`${level}/${index}`) as Buffer;
}

/**
 * The default record check (libs/transparency/README.md): a `decision` leaf's public record is
 * `GET /api/v1/public/decisions/{reference}`, whose body is the published record plus a
 * `transparency: { leafIndex }` member: without that member, its canonical JSON must be the leaf, and
 * the leaf index must be this one. Leaves of other kinds have no such page yet and pass.
 */
export function publicDecisionCheck(baseUrl: string, fetcher: typeof fetch = fetch): CheckLeaf {
  const http = new LogClient(baseUrl, fetcher);
  return async (entry) => {
    const path = publicRecordPath(entry.kind, entry.reference);
    if (path === null) return 'its kind has no public record to check it against';
    const response = await http.get(path, 'application/json');
    if (response.status === 404) return 'its public record is gone (404): it was removed';
    if (response.status !== 200) return `its public record answers ${response.status}`;
    const { transparency, ...record } = (await response.json()) as Record<string, unknown> & {
      transparency?: { leafIndex?: unknown };
    };
    if (canonicalJson(record) !== entry.leaf)
      return 'its public record differs from the logged leaf: one of them was altered';
    const leafIndex = transparency?.leafIndex;
    if (leafIndex !== undefined && leafIndex !== null && leafIndex !== entry.index) {
      return `its public record names leaf ${String(leafIndex)}`;
    }
    return null;
  };
}

/** Where the public record of a leaf is served: decisions, their amendments (`REF/A1`), certified recounts. */
function publicRecordPath(kind: string, reference: string): string | null {
  const amendment = /^(.+)\/A(\d+)$/.exec(reference);
  if (kind === 'decision') return `/api/v1/public/decisions/${encodeURIComponent(reference)}`;
  if (kind === 'amendment' && amendment) {
    return `/api/v1/public/decisions/${encodeURIComponent(amendment[1])}/amendments/${amendment[2]}`;
  }
  if (kind === 'recount') return `/api/v1/public/recounts/${encodeURIComponent(reference)}`;
  return null;
}

class LogClient {
  private readonly base: string;

  constructor(
    baseUrl: string,
    private readonly fetcher: typeof fetch,
  ) {
    this.base = baseUrl.replace(/\/+$/, '');
  }

  get(path: string, accept: string): Promise<Response> {
    return this.fetcher(`${this.base}${path}`, { headers: { accept } });
  }

  async json<T>(path: string): Promise<T> {
    const response = await this.get(path, 'application/json');
    if (response.status !== 200) throw new Fatal(`GET ${path} answered ${response.status}`);
    return (await response.json()) as T;
  }

  async text(path: string): Promise<string> {
    const response = await this.get(path, 'text/plain');
    if (response.status !== 200) throw new Fatal(`GET ${path} answered ${response.status}`);
    return response.text();
  }
}

async function inPool<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(width, items.length)) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(lanes);
}
