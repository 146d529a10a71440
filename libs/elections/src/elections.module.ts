import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Area } from './areas/area.entity';
import { AreasService } from './areas/areas.service';
import { Election } from './elections/election.entity';
import { ElectionsController } from './elections/elections.controller';
import { ElectionsService } from './elections/elections.service';
import { Party } from './parties/party.entity';
import { PollingStation } from './stations/polling-station.entity';
import { StationsService } from './stations/stations.service';

/** Elections, parties, areas and contest units, polling stations. */
@Module({
  imports: [TypeOrmModule.forFeature([Election, Party, Area, PollingStation])],
  controllers: [ElectionsController],
  providers: [ElectionsService, AreasService, StationsService],
  exports: [ElectionsService, AreasService, StationsService],
})
export class ElectionsModule {}
