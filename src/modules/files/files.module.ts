import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AiModule } from '../ai/ai.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { OcrService } from './extraction/ocr.service';
import { TextExtractor } from './extraction/text-extractor.service';
import { TikaClient } from './extraction/tika.client';
import { Transcriber } from './extraction/transcriber.service';
import { StoredFile } from './file.entity';
import { FileStates } from './file-states.service';
import { FileText } from './file-text.entity';
import { FileTextService } from './file-text.service';
import { FileTextsRepository } from './file-texts.repository';
import { FilesController } from './files.controller';
import { FilesRepository } from './files.repository';
import { FilesService } from './files.service';
import { ExtractFileJob } from './jobs/extract-file.job';
import { UploadsService } from './uploads.service';

@Module({
  imports: [TypeOrmModule.forFeature([StoredFile, FileText]), RealtimeModule, AiModule],
  controllers: [FilesController],
  providers: [FilesRepository, FilesService, FileStates, FileTextsRepository, FileTextService, TextExtractor, OcrService, Transcriber, TikaClient, UploadsService, ExtractFileJob],
  exports: [FilesService, FileTextService, FileStates, UploadsService],
})
export class FilesModule {}
