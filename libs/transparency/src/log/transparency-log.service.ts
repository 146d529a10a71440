import { Injectable } from '@nestjs/common';
import { Propagation, Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { canonicalJson, Problem } from '@app/platform';
import {
  CompactTree,
  consistencyProofRanges,
  EMPTY_ROOT,
  foldRight,
  inclusionProofRanges,
  LeafRange,
  leafHash,
  NodeKey,
  NodeLookup,
  nodesFor,
  perfectSubtrees,
  rangeHash,
} from '../merkle/merkle';
import { signCheckpoint } from '../note/signed-note';
import { LEAF_KINDS, LeafKind } from '../store/transparency-leaf.entity';
import { TransparencyKeys } from './transparency-keys.service';

export interface AppendRequest {
  kind: LeafKind;
  /** The record's public reference (a decision's, an amendment's, a recount's). */
  reference: string;
  /** Any JSON value; the leaf is its RFC 8785 canonical JSON. */
  record: unknown;
}

export interface AppendResult {
  leafIndex: number;
  treeSize: number;
  /** Base64. */
  rootHash: string;
}

export interface SignedCheckpoint {
  treeSize: number;
  rootHash: Buffer;
  note: string;
}

export interface LogEntry {
  index: number;
  leafHash: Buffer;
  leaf: string;
  kind: LeafKind;
  reference: string;
}

/** At most this many entries per read. */
export const MAX_ENTRIES = 1_000;

/** pg_advisory_xact_lock key of the log's appends: 'tlog' in ASCII. */
const APPEND_LOCK = 0x746c6f67;

interface Head {
  size: number;
  root: Buffer;
}

/**
 * The transparency log: appends in the caller's transaction, one at a time under an advisory lock
 * held until that transaction ends, so leaves are numbered 0, 1, 2… in commit order, without gaps,
 * and exist exactly when the change they record was committed. Each append stores the leaf, the
 * nodes it completes and a signed checkpoint; proofs are folded from O(log n) stored nodes.
 */
@Injectable()
export class TransparencyLog {
  /**
   * The right edge of the tree after this process's last append or read of it. Only a hint: it is
   * used when the stored head (size and root) is still the one it was computed for, so another
   * process's append, or a rollback of ours, only costs a reload.
   */
  private edge?: { size: number; root: Buffer; frontier: Buffer[] };

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly keys: TransparencyKeys,
  ) {}

  @Transactional(Propagation.Mandatory)
  async append(request: AppendRequest): Promise<AppendResult> {
    return (await this.appendMany([request]))[0];
  }

  /**
   * Appends several leaves in one statement, in the order given, with one checkpoint for the new
   * size: what a caller publishing many records at once (or a batch of requests) should use, since a
   * transaction's commit, not the hashing, is what an append costs.
   */
  @Transactional(Propagation.Mandatory)
  async appendMany(requests: readonly AppendRequest[]): Promise<AppendResult[]> {
    if (requests.length === 0) return [];
    const leaves = requests.map((request) => {
      if (!LEAF_KINDS.includes(request.kind)) {
        throw new TypeError(`TransparencyLog.append: unknown kind "${request.kind}"`);
      }
      if (typeof request.reference !== 'string' || request.reference.trim() === '') {
        throw new TypeError('TransparencyLog.append: a reference is required');
      }
      const leaf = canonicalJson(request.record);
      return { ...request, leaf, hash: leafHash(leaf) };
    });
    const key = await this.keys.key(); // before the lock: loading it may need a connection of its own
    const tx = this.txHost.tx;
    await tx.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK]);
    const head = await this.head();
    const tree = await this.edgeOf(head);
    const results: AppendResult[] = [];
    const nodes: { level: number; index: number; hash: Buffer }[] = [];
    for (const leaf of leaves) {
      nodes.push(...tree.append(leaf.hash));
      results.push({ leafIndex: tree.size - 1, treeSize: tree.size, rootHash: tree.root().toString('base64') });
    }
    const root = tree.root();
    const size = tree.size;
    const note = signCheckpoint({ origin: key.name, treeSize: size, rootHash: root }, key.name, key.privateKey);
    await tx.query(
      `WITH leaves AS (
         INSERT INTO transparency_leaves ("index", kind, reference, leaf, leaf_hash)
         SELECT $1::bigint + o - 1, kind, reference, leaf, leaf_hash
           FROM unnest($2::text[], $3::text[], $4::text[], $5::bytea[]) WITH ORDINALITY AS l(kind, reference, leaf, leaf_hash, o)
       ), nodes AS (
         INSERT INTO transparency_nodes (level, "index", hash)
         SELECT * FROM unnest($6::smallint[], $7::bigint[], $8::bytea[])
       )
       INSERT INTO transparency_checkpoints (tree_size, root_hash, note) VALUES ($9, $10, $11)`,
      [
        head.size,
        leaves.map((l) => l.kind),
        leaves.map((l) => l.reference),
        leaves.map((l) => l.leaf),
        leaves.map((l) => l.hash),
        nodes.map((n) => n.level),
        nodes.map((n) => n.index),
        nodes.map((n) => n.hash),
        size,
        root,
        note,
      ],
    );
    this.edge = { size, root, frontier: tree.frontier() };
    return results;
  }

  /** The newest checkpoint; for the empty log, a checkpoint of size 0 signed now (Ed25519 is deterministic). */
  async checkpoint(): Promise<SignedCheckpoint> {
    const rows: { tree_size: string; root_hash: Buffer; note: string }[] = await this.txHost.tx.query(
      `SELECT tree_size, root_hash, note FROM transparency_checkpoints ORDER BY tree_size DESC LIMIT 1`,
    );
    if (rows.length > 0)
      return { treeSize: Number(rows[0].tree_size), rootHash: rows[0].root_hash, note: rows[0].note };
    const key = await this.keys.key();
    const note = signCheckpoint({ origin: key.name, treeSize: 0, rootHash: EMPTY_ROOT }, key.name, key.privateKey);
    return { treeSize: 0, rootHash: EMPTY_ROOT, note };
  }

  async treeSize(): Promise<number> {
    return (await this.head()).size;
  }

  /** Entries `[start, end)`, at most MAX_ENTRIES; `end` defaults to, and is cut at, the tree size. */
  async entries(start: number, end?: number): Promise<LogEntry[]> {
    const size = await this.treeSize();
    if (end !== undefined && end < start) {
      throw Problem.validation([{ field: 'end', message: 'must not be smaller than start' }]);
    }
    if (start > size) {
      throw Problem.unprocessable(`The log has ${size} entries.`, [
        { field: 'start', message: `must not exceed the tree size, ${size}` },
      ]);
    }
    const last = Math.min(end ?? size, size, start + MAX_ENTRIES);
    if (last <= start) return [];
    const rows: { index: string; leaf_hash: Buffer; leaf: string; kind: LeafKind; reference: string }[] =
      await this.txHost.tx.query(
        `SELECT "index", leaf_hash, leaf, kind, reference FROM transparency_leaves
          WHERE "index" >= $1 AND "index" < $2 ORDER BY "index"`,
        [start, last],
      );
    return rows.map((r) => ({
      index: Number(r.index),
      leafHash: r.leaf_hash,
      leaf: r.leaf,
      kind: r.kind,
      reference: r.reference,
    }));
  }

  /** The index of the first leaf with this hash, or null. */
  async indexOf(hash: Buffer): Promise<number | null> {
    const rows: { index: string }[] = await this.txHost.tx.query(
      `SELECT "index" FROM transparency_leaves WHERE leaf_hash = $1 ORDER BY "index" LIMIT 1`,
      [hash],
    );
    return rows.length > 0 ? Number(rows[0].index) : null;
  }

  /** PATH(leaf, D[treeSize]) of RFC 9162; treeSize defaults to the current size. */
  async inclusionProof(leafIndex: number, treeSize?: number): Promise<{ treeSize: number; hashes: Buffer[] }> {
    const checkLeaf = (size: number) => {
      if (leafIndex >= size) {
        throw Problem.unprocessable(`Leaf ${leafIndex} is not in a tree of ${size}.`, [
          { field: 'leaf', message: `must be an index below the tree size, ${size}` },
        ]);
      }
    };
    const rangesOf = (size: number) => {
      checkLeaf(size);
      return inclusionProofRanges(leafIndex, size);
    };
    const { size, ranges, lookup } = await this.proofNodes(treeSize, 'treeSize', rangesOf);
    return { treeSize: size, hashes: ranges.map((r) => rangeHash(r, lookup)) };
  }

  /** PROOF(from, D[to]) of RFC 9162; `to` defaults to the current size. */
  async consistencyProof(from: number, to?: number): Promise<{ to: number; hashes: Buffer[] }> {
    if (to !== undefined && from > to) {
      throw Problem.validation([{ field: 'from', message: `must not exceed to, ${to}` }]);
    }
    const rangesOf = (size: number) => {
      if (from > size) {
        throw Problem.unprocessable(`from (${from}) is beyond the tree (${size}).`, [
          { field: 'from', message: `must not exceed the tree size, ${size}` },
        ]);
      }
      return consistencyProofRanges(from, size);
    };
    const { size, ranges, lookup } = await this.proofNodes(to, 'to', rangesOf);
    return { to: size, hashes: ranges.map((r) => rangeHash(r, lookup)) };
  }

  /**
   * The nodes a proof for `requested` (or the current size) needs. With a size given, the current
   * size and the nodes come back in one round trip, and the size is checked before they are used.
   */
  private async proofNodes(
    requested: number | undefined,
    field: string,
    rangesOf: (size: number) => LeafRange[],
  ): Promise<{ size: number; ranges: LeafRange[]; lookup: NodeLookup }> {
    if (requested === undefined) {
      const size = await this.treeSize();
      if (size === 0)
        throw Problem.unprocessable('The log is empty.', [{ field, message: 'the log has no entries yet' }]);
      const ranges = rangesOf(size);
      return { size, ranges, lookup: await this.lookup(nodesFor(ranges)) };
    }
    const ranges = (() => {
      try {
        return rangesOf(requested);
      } catch (error) {
        if (error instanceof Problem) return null; // answered once the current size is known
        throw error;
      }
    })();
    const { current, lookup } = await this.lookupWithSize(ranges ? nodesFor(ranges) : []);
    if (requested > current) {
      throw Problem.unprocessable(`The log has ${current} entries.`, [
        { field, message: `must not exceed the tree size, ${current}` },
      ]);
    }
    return { size: requested, ranges: ranges ?? rangesOf(requested), lookup };
  }

  private async head(): Promise<Head> {
    const rows: { tree_size: string; root_hash: Buffer }[] = await this.txHost.tx.query(
      `SELECT tree_size, root_hash FROM transparency_checkpoints ORDER BY tree_size DESC LIMIT 1`,
    );
    return rows.length === 0
      ? { size: 0, root: EMPTY_ROOT }
      : { size: Number(rows[0].tree_size), root: rows[0].root_hash };
  }

  /** The compact tree at `head`: the cached edge when it is this head's, else read from the nodes. */
  private async edgeOf(head: Head): Promise<CompactTree> {
    const cached = this.edge;
    if (cached && cached.size === head.size && cached.root.equals(head.root)) {
      return CompactTree.resume(head.size, cached.frontier);
    }
    const keys = perfectSubtrees(0, head.size);
    const lookup = await this.lookup(keys);
    const frontier = keys.map((k) => lookup(k.level, k.index));
    const root = frontier.length === 0 ? EMPTY_ROOT : foldRight(frontier);
    if (!root.equals(head.root)) {
      throw new Error(`transparency log: the stored nodes do not give the root of checkpoint ${head.size}`);
    }
    return CompactTree.resume(head.size, frontier);
  }

  /** The current tree size and the nodes, in one round trip. */
  private async lookupWithSize(keys: NodeKey[]): Promise<{ current: number; lookup: NodeLookup }> {
    const rows: { level: number; index: string; hash: Buffer | null }[] = await this.txHost.tx.query(
      `SELECT -1 AS level, coalesce(max(tree_size), 0) AS "index", NULL::bytea AS hash FROM transparency_checkpoints
       UNION ALL
       SELECT n.level, n."index", n.hash FROM transparency_nodes n
         JOIN unnest($1::smallint[], $2::bigint[]) AS k(level, "index") USING (level, "index")`,
      [keys.map((k) => k.level), keys.map((k) => k.index)],
    );
    const head = rows.find((r) => r.level === -1);
    return { current: Number(head?.index ?? 0), lookup: lookupOf(rows.filter((r) => r.level !== -1)) };
  }

  /** Reads the nodes in one round trip. */
  private async lookup(keys: NodeKey[]): Promise<NodeLookup> {
    const rows: { level: number; index: string; hash: Buffer }[] =
      keys.length === 0
        ? []
        : await this.txHost.tx.query(
            `SELECT n.level, n."index", n.hash FROM transparency_nodes n
               JOIN unnest($1::smallint[], $2::bigint[]) AS k(level, "index") USING (level, "index")`,
            [keys.map((k) => k.level), keys.map((k) => k.index)],
          );
    return lookupOf(rows);
  }
}

function lookupOf(rows: { level: number; index: string; hash: Buffer | null }[]): NodeLookup {
  const found = new Map(rows.map((r) => [`${r.level}/${r.index}`, r.hash]));
  return (level, index) => {
    const hash = found.get(`${level}/${index}`);
    if (!hash) throw new Error(`transparency log: node (${level}, ${index}) is missing`);
    return hash;
  };
}
