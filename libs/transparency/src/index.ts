export { TransparencyModule } from './transparency.module';
export { TransparencyWorkerModule } from './transparency-worker.module';
export {
  TransparencyLog,
  MAX_ENTRIES,
  type AppendRequest,
  type AppendResult,
  type SignedCheckpoint,
  type LogEntry,
} from './log/transparency-log.service';
export { TransparencyKeys, type SigningKey } from './log/transparency-keys.service';
export {
  TRANSPARENCY_APPEND_REQUESTED,
  TRANSPARENCY_APPENDED,
  type TransparencyAppendRequested,
  type TransparencyAppended,
} from './transparency-events';
export { LEAF_KINDS, type LeafKind } from './store/transparency-leaf.entity';
export * as merkle from './merkle/merkle';
export {
  leafHash,
  nodeHash,
  rootFromLeafHashes,
  verifyInclusion,
  verifyConsistency,
  CompactTree,
  EMPTY_ROOT,
} from './merkle/merkle';
export {
  checkpointBody,
  parseCheckpointBody,
  signCheckpoint,
  verifyCheckpoint,
  verifyNote,
  parseNote,
  keyHash,
  verifierKey,
  parseVerifierKey,
  parseSigningKey,
  type Checkpoint,
} from './note/signed-note';
export {
  verifyLog,
  publicDecisionCheck,
  type VerifierState,
  type VerifyLogOptions,
  type VerifyReport,
  type VerifyProblem,
  type CheckLeaf,
} from './verifier/log-verifier';
