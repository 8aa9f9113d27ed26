import { Controller, Delete, Get, HttpCode, HttpStatus, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiQuery, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { UuidParam } from '../../common/http/uuid-param';
import { AllowQueryToken, CurrentPrincipal, RequireScope } from '../auth/auth.decorators';
import { ApiScope, type Principal } from '../auth/principal';
import type { FileDto } from './dto/file.dto';
import { FilesService } from './files.service';
import { readUpload } from './multipart-upload';
import { UploadsService } from './uploads.service';

/** Shown in the browser; anything else (SVG and HTML included: they can run script) downloads. */
const INLINE_TYPES = /^(image\/(png|jpeg|gif|webp)|audio\/[\w.+-]+|video\/(mp4|webm)|application\/pdf|text\/plain)$/;

@ApiTags('files')
@ApiBearerAuth()
@ApiSecurity('api-key')
@RequireScope(ApiScope.Files)
@Controller('files')
export class FilesController {
  constructor(
    private readonly files: FilesService,
    private readonly uploads: UploadsService,
  ) {}

  /**
   * Uploads a document (multipart field `file`). Its type is read from its bytes; `processLevel`
   * (query or a form field before the file) is `store`, `extract` (the default) or `vectorize`.
   * The answer comes at once, `uploaded`; extraction follows on the worker, announced live.
   */
  @Post()
  @ApiConsumes('multipart/form-data')
  @ApiQuery({ name: 'processLevel', required: false, enum: ['store', 'extract', 'vectorize'] })
  async upload(@CurrentPrincipal() principal: Principal, @Req() request: FastifyRequest, @Query('processLevel') processLevel?: string): Promise<FileDto> {
    const upload = await readUpload(request);
    return this.uploads.upload(principal.userId, upload, processLevel ?? upload.fields.processLevel);
  }

  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string): Promise<FileDto> {
    return this.files.get(principal.userId, id);
  }

  /** The bytes, as an attachment. Takes `?token=` too, for plain links and `<img src>`. */
  @AllowQueryToken()
  @Get(':id/content')
  async content(
    @CurrentPrincipal() principal: Principal,
    @UuidParam('id') id: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { file, stream } = await this.files.openContent(principal.userId, id);
    const inline = INLINE_TYPES.test(file.mime);
    await reply
      .header('content-type', file.mime)
      .header('content-length', String(file.size))
      .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.name)}`)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'private, max-age=3600')
      .send(stream);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  delete(@CurrentPrincipal() principal: Principal, @UuidParam('id') id: string): Promise<void> {
    return this.files.delete(principal.userId, id);
  }
}
