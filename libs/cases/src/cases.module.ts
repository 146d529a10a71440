import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { ResultsModule } from '@app/results';
import { Case } from './case.entity';
import { CaseFinder } from './case-finder';
import { CaseStation } from './case-station.entity';
import { CaseTransitionsService } from './case-transitions.service';
import { CaseViewService } from './case-view.service';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';
import { Decision } from './decision/decision.entity';
import { DecisionDraftsService } from './decision/decision-drafts.service';
import { CaseLinksService } from './linking/case-links.service';
import { CaseNotifier } from './notices/case-notifier';
import { Recount } from './recounts/recount.entity';

/** Cases: filing, the workflow table, linked stations, decisions drafts, recounts. */
@Module({
  imports: [TypeOrmModule.forFeature([Case, CaseStation, Decision, Recount]), AuditModule, ResultsModule],
  controllers: [CasesController],
  providers: [
    CaseFinder,
    CaseViewService,
    CaseLinksService,
    CaseNotifier,
    CasesService,
    CaseTransitionsService,
    DecisionDraftsService,
  ],
  exports: [CaseFinder, CaseViewService, CasesService, CaseTransitionsService],
})
export class CasesModule {}
