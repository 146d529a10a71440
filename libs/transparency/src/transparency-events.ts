import type { LeafKind } from './store/transparency-leaf.entity';

/**
 * Any library asks for an append by writing this event in its own transaction
 * (`outbox.append(TRANSPARENCY_APPEND_REQUESTED, payload)`); the worker appends it once.
 */
export const TRANSPARENCY_APPEND_REQUESTED = 'transparency.append_requested';

export interface TransparencyAppendRequested {
  kind: LeafKind;
  reference: string;
  /** The public record; its RFC 8785 canonical JSON becomes the leaf. */
  record: unknown;
}

/** Written in the same transaction as the leaf an append request produced, for whoever shows the index. */
export const TRANSPARENCY_APPENDED = 'transparency.appended';

export interface TransparencyAppended {
  kind: LeafKind;
  reference: string;
  leafIndex: number;
  /** The size of the signed checkpoint the leaf first appears in (appends are batched: it may be beyond leafIndex + 1). */
  treeSize: number;
  /** The id of the append_requested event. */
  requestId: string;
}
