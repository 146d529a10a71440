import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { PageQuery } from '@app/platform';
import { CaseNote, NOTE_VISIBILITIES, NoteVisibility } from '../case-note.entity';

export class CreateNoteDto {
  @ApiProperty({ minLength: 1, maxLength: 20000, example: 'Please send the photo of the posted sheet of S01.' })
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(20000)
  body: string;

  @ApiProperty({
    enum: NOTE_VISIBILITIES,
    description:
      '`internal`: officers and adjudicators only. `complainant`: a message between the caseworkers and the ' +
      'complainant; the respondent never sees it.',
  })
  @IsIn(NOTE_VISIBILITIES, { message: `must be one of: ${NOTE_VISIBILITIES.join(', ')}` })
  visibility: NoteVisibility;
}

export class NoteListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: NOTE_VISIBILITIES })
  @IsOptional()
  @IsIn(NOTE_VISIBILITIES, { message: `must be one of: ${NOTE_VISIBILITIES.join(', ')}` })
  visibility?: NoteVisibility;
}

export class NoteDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ nullable: true, type: String })
  caseReference: string | null;

  @ApiProperty({ enum: NOTE_VISIBILITIES })
  visibility: NoteVisibility;

  @ApiProperty()
  body: string;

  @ApiProperty({ nullable: true, type: String, description: 'Username of the author.' })
  author: string | null;

  @ApiProperty({ description: 'The role the author wrote as.' })
  authorRole: string;

  @ApiProperty()
  createdAt: string;

  static of(
    n: CaseNote,
    caseReference: string | null,
    author: { username: string; role: string } | undefined,
  ): NoteDto {
    return {
      id: n.id,
      caseReference,
      visibility: n.visibility,
      body: n.body,
      author: author?.username ?? null,
      authorRole: author?.role ?? 'unknown',
      createdAt: n.createdAt.toISOString(),
    };
  }
}

export class NotePageDto {
  @ApiProperty({ type: [NoteDto] })
  items: NoteDto[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}
