import { Type } from 'class-transformer';
import { plainToInstance } from 'class-transformer';
import { IsInt, IsString, Min, ValidateNested, validateSync } from 'class-validator';
import { toFieldErrors } from './validation-errors';

class Party {
  @IsString()
  code: string;

  @IsInt()
  @Min(0)
  votes: number;
}

class Sheet {
  @IsString()
  stationCode: string;

  @ValidateNested({ each: true })
  @Type(() => Party)
  parties: Party[];
}

describe('toFieldErrors', () => {
  it('gives nested fields a dotted path and drops the repeated property name', () => {
    const sheet = plainToInstance(Sheet, {
      stationCode: 7,
      parties: [
        { code: 'CPP', votes: 1 },
        { code: 'X', votes: -3 },
      ],
    });
    expect(toFieldErrors(validateSync(sheet))).toEqual([
      { field: 'stationCode', message: 'must be a string' },
      { field: 'parties.1.votes', message: 'must not be less than 0' },
    ]);
  });

  it('says an unknown field is not allowed', () => {
    const sheet = plainToInstance(Sheet, { stationCode: 'A', parties: [], extra: true });
    const errors = validateSync(sheet, { whitelist: true, forbidNonWhitelisted: true });
    expect(toFieldErrors(errors)).toEqual([{ field: 'extra', message: 'is not an allowed field' }]);
  });
});
