import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@app/identity';
import { ApiProblems, PublicCache } from '@app/platform';
import { ContestUnitsService } from './contest-units.service';
import { ContestUnitDto, ContestUnitPageDto } from './dto/contest-unit.dto';
import { RecountTriggerListDto } from './dto/recount-trigger.dto';
import { ContestUnitListQuery, DiscrepancyQuery, MatchRateQuery, RecountTriggerQuery } from './dto/results-query.dto';
import { DiscrepancyPageDto, MatchRateDto } from './dto/source-comparison.dto';
import { StationSheetsDto } from './dto/station-sheets.dto';
import { RecountTriggersService } from './recount-triggers.service';
import { SourceComparisonService } from './source-comparison.service';
import { StationSheetsService } from './station-sheets.service';

/** The public reading of an election's results: sheets, comparisons, seats and recount triggers. */
@ApiTags('results')
@Controller('api/v1/elections/:code')
export class ResultsController {
  constructor(
    private readonly stationSheets: StationSheetsService,
    private readonly comparison: SourceComparisonService,
    private readonly contestUnits: ContestUnitsService,
    private readonly recountTriggers: RecountTriggersService,
  ) {}

  @Get('stations/:stationCode/sheets')
  @Public()
  @PublicCache()
  @ApiOperation({
    summary: "A station's sheets from every source, every version newest first, with findings and provenance",
  })
  @ApiOkResponse({ type: StationSheetsDto })
  @ApiProblems(404)
  sheets(@Param('code') code: string, @Param('stationCode') stationCode: string): Promise<StationSheetsDto> {
    return this.stationSheets.sheets(code, stationCode);
  }

  @Get('discrepancies')
  @Public()
  @PublicCache()
  @ApiOperation({
    summary: 'Stations where the current official sheet and the current sheet of `source` differ, field by field',
  })
  @ApiOkResponse({ type: DiscrepancyPageDto })
  @ApiProblems(400, 404)
  discrepancies(@Param('code') code: string, @Query() query: DiscrepancyQuery): Promise<DiscrepancyPageDto> {
    return this.comparison.discrepancies(code, query);
  }

  @Get('match-rate')
  @Public()
  @PublicCache()
  @ApiOperation({
    summary: 'Share of stations where the current official sheet and `source` agree on every field; by area with `by`',
  })
  @ApiOkResponse({ type: MatchRateDto })
  @ApiProblems(400, 404)
  matchRate(@Param('code') code: string, @Query() query: MatchRateQuery): Promise<MatchRateDto> {
    return this.comparison.matchRate(code, query);
  }

  @Get('contest-units')
  @Public()
  @PublicCache()
  @ApiOperation({ summary: 'Contest units with totals, seat allocation and seat-swing margin, by area code' })
  @ApiOkResponse({ type: ContestUnitPageDto })
  @ApiProblems(400, 404)
  contestUnitList(@Param('code') code: string, @Query() query: ContestUnitListQuery): Promise<ContestUnitPageDto> {
    return this.contestUnits.list(code, query);
  }

  @Get('contest-units/:areaCode')
  @Public()
  @PublicCache()
  @ApiOperation({
    summary: 'One contest unit: totals from the current official sheets, allocation and seat-swing margin',
  })
  @ApiOkResponse({ type: ContestUnitDto })
  @ApiProblems(404)
  contestUnit(@Param('code') code: string, @Param('areaCode') areaCode: string): Promise<ContestUnitDto> {
    return this.contestUnits.get(code, areaCode);
  }

  @Get('recount-triggers')
  @Public()
  @PublicCache()
  @ApiOperation({ summary: 'Recount triggers of contest units and stations, each with its reason in words' })
  @ApiOkResponse({ type: RecountTriggerListDto })
  @ApiProblems(400, 404)
  recountTriggerList(@Param('code') code: string, @Query() query: RecountTriggerQuery): Promise<RecountTriggerListDto> {
    return this.recountTriggers.list(code, query);
  }
}
