import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, Idempotent, PublicCache } from '@app/platform';
import { Public, Roles } from '@app/identity';
import { AreaListQuery, AreaPageDto } from '../areas/dto/area.dto';
import { AreasService } from '../areas/areas.service';
import { StationListQuery, StationPageDto } from '../stations/dto/station.dto';
import { StationsService } from '../stations/stations.service';
import { CreateElectionDto } from './dto/create-election.dto';
import { ElectionDto, ElectionPageDto, PartyDto } from './dto/election.dto';
import { ElectionListQuery } from './dto/election-list.query';
import { UpdateElectionDto } from './dto/update-election.dto';
import { ElectionsService } from './elections.service';

/** Elections and their reference data: written by admins, read by anyone. */
@ApiTags('elections')
@Controller('api/v1/elections')
export class ElectionsController {
  constructor(
    private readonly elections: ElectionsService,
    private readonly areas: AreasService,
    private readonly stations: StationsService,
  ) {}

  @Post()
  @Idempotent()
  @Roles('admin')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Create an election with its parties; omitted policy and thresholds take the defaults' })
  @ApiCreatedResponse({ type: ElectionDto })
  @ApiProblems(400, 401, 403, 409)
  create(@Body() body: CreateElectionDto): Promise<ElectionDto> {
    return this.elections.create(body);
  }

  @Get()
  @Public()
  @PublicCache()
  @ApiOperation({ summary: 'Elections, newest polling date first' })
  @ApiOkResponse({ type: ElectionPageDto })
  @ApiProblems(400)
  list(@Query() query: ElectionListQuery): Promise<ElectionPageDto> {
    return this.elections.list(query);
  }

  @Get(':code')
  @Public()
  @PublicCache()
  @ApiOperation({ summary: 'One election' })
  @ApiOkResponse({ type: ElectionDto })
  @ApiProblems(404)
  get(@Param('code') code: string): Promise<ElectionDto> {
    return this.elections.get(code);
  }

  @Patch(':code')
  @Roles('admin')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Change an election: names, status (forward only), seat method, deadline policy, thresholds',
  })
  @ApiOkResponse({ type: ElectionDto })
  @ApiProblems(400, 401, 403, 404, 409)
  update(@Param('code') code: string, @Body() body: UpdateElectionDto): Promise<ElectionDto> {
    return this.elections.update(code, body);
  }

  @Get(':code/parties')
  @Public()
  @PublicCache()
  @ApiOperation({ summary: "The election's parties, in ballot order" })
  @ApiOkResponse({ type: [PartyDto] })
  @ApiProblems(404)
  async parties(@Param('code') code: string): Promise<PartyDto[]> {
    return (await this.elections.get(code)).parties;
  }

  @Get(':code/areas')
  @Public()
  @PublicCache()
  @ApiOperation({ summary: "The election's areas, by code; filter by level or parent" })
  @ApiOkResponse({ type: AreaPageDto })
  @ApiProblems(400, 404)
  async areaList(@Param('code') code: string, @Query() query: AreaListQuery): Promise<AreaPageDto> {
    const election = await this.elections.find(code);
    return this.areas.list(election.id, query);
  }

  @Get(':code/stations')
  @Public()
  @PublicCache()
  @ApiOperation({ summary: "The election's polling stations, by code; filter by area or text" })
  @ApiOkResponse({ type: StationPageDto })
  @ApiProblems(400, 404)
  async stationList(@Param('code') code: string, @Query() query: StationListQuery): Promise<StationPageDto> {
    const election = await this.elections.find(code);
    return this.stations.list(election.id, query);
  }
}
