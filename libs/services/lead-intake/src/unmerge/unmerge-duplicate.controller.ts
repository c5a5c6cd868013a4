import { Body, ConflictException, Controller, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { LeadIntakeError } from '@leadline/domain';
import { UnmergeDuplicateHandler } from './unmerge-duplicate.handler';

export class UnmergeDuplicateDto {
  @ApiProperty({ example: 'Different person at the same company' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}

export class UnmergeDuplicateResponseDto {
  @ApiProperty() leadId!: string;
  @ApiProperty({ description: 'The lead the capture became' }) newLeadId!: string;
}

@ApiTags('leads')
@Controller('leads')
export class UnmergeDuplicateController {
  constructor(private readonly handler: UnmergeDuplicateHandler) {}

  @Post(':id/duplicates/:captureId/unmerge')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reverse a duplicate merge: the capture becomes a lead of its own' })
  @ApiOkResponse({ type: UnmergeDuplicateResponseDto })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'The capture is not a merged duplicate of this lead' })
  async unmerge(@Param('id') id: string, @Param('captureId') captureId: string, @Body() body: UnmergeDuplicateDto) {
    try {
      return await this.handler.unmerge(id, captureId, body.reason);
    } catch (error) {
      if (!(error instanceof LeadIntakeError)) throw error;
      if (error.code === 'lead-not-found') throw new NotFoundException(error.message);
      throw new ConflictException(error.message);
    }
  }
}
