import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RealtimeModule } from '../realtime/realtime.module';
import { TextExtractor } from './extraction/text-extractor.service';
import { StoredFile } from './file.entity';
import { FileText } from './file-text.entity';
import { FileTextService } from './file-text.service';
import { FileTextsRepository } from './file-texts.repository';
import { FilesController } from './files.controller';
import { FilesRepository } from './files.repository';
import { FilesService } from './files.service';
import { ExtractFileJob } from './jobs/extract-file.job';
import { UploadsService } from './uploads.service';

@Module({
  imports: [TypeOrmModule.forFeature([StoredFile, FileText]), RealtimeModule],
  controllers: [FilesController],
  providers: [FilesRepository, FilesService, FileTextsRepository, FileTextService, TextExtractor, UploadsService, ExtractFileJob],
  exports: [FilesService, FileTextService, UploadsService],
})
export class FilesModule {}
