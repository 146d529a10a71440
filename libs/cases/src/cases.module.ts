import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { StorageModule } from '@app/platform';
import { ResultsModule } from '@app/results';
import { Case } from './case.entity';
import { CaseFinder } from './case-finder';
import { CaseStation } from './case-station.entity';
import { CaseTransitionsService } from './case-transitions.service';
import { CaseViewService } from './case-view.service';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';
import { Decision } from './decision/decision.entity';
import { DecisionAmendmentsController } from './decision/decision-amendments.controller';
import { DecisionAmendmentsService } from './decision/decision-amendments.service';
import { DecisionDraftsService } from './decision/decision-drafts.service';
import { DecisionRemediesService } from './decision/decision-remedies.service';
import { DecisionRemedy } from './decision/decision-remedy.entity';
import { CaseEvidenceController } from './evidence/case-evidence.controller';
import { CaseEvidenceService } from './evidence/case-evidence.service';
import { CaseLinksService } from './linking/case-links.service';
import { CaseNotesController } from './notes/case-notes.controller';
import { CaseNotesService } from './notes/case-notes.service';
import { CaseNotifier } from './notices/case-notifier';
import { Recount } from './recounts/recount.entity';
import { RecountSheets } from './recounts/recount-sheets';
import { RecountViews } from './recounts/recount-views';
import { RecountsController } from './recounts/recounts.controller';
import { RecountsService } from './recounts/recounts.service';

/** Cases: filing, the workflow table, linked stations, decisions drafts, recounts. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Case, CaseStation, Decision, DecisionRemedy, Recount]),
    AuditModule,
    ResultsModule,
    StorageModule,
  ],
  controllers: [
    CasesController,
    CaseEvidenceController,
    CaseNotesController,
    RecountsController,
    DecisionAmendmentsController,
  ],
  providers: [
    CaseFinder,
    CaseViewService,
    CaseLinksService,
    CaseNotifier,
    CasesService,
    CaseTransitionsService,
    DecisionDraftsService,
    DecisionRemediesService,
    DecisionAmendmentsService,
    RecountSheets,
    RecountViews,
    RecountsService,
    CaseEvidenceService,
    CaseNotesService,
  ],
  exports: [CaseFinder, CaseViewService, CasesService, CaseTransitionsService],
})
export class CasesModule {}
