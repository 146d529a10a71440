export { ElectionsModule } from './elections.module';
export { DEADLINE_POLICY_CHANGED, ElectionsService, THRESHOLDS_CHANGED } from './elections/elections.service';
export { Election, type ElectionThresholds } from './elections/election.entity';
export * from './elections/election-terms';
export { Party } from './parties/party.entity';
export { Area } from './areas/area.entity';
export { PollingStation } from './stations/polling-station.entity';
export { StationDto } from './stations/dto/station.dto';
export * from './deadlines';
