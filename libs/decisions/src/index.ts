export { DecisionsModule } from './decisions.module';
export { DecisionsWorkerModule } from './decisions-worker.module';
export { PublicDecisionsService } from './public/public-decisions.service';
export { publishedDocumentHook } from './public/public-document-route';
export { PublicRecord, PUBLIC_RECORD_KINDS, type PublicRecordKind } from './public/public-record.entity';
export { buildDecisionRecord, searchTextOf } from './public/public-record.builder';
