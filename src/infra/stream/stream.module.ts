import { Global, Module } from '@nestjs/common';
import { TrackControlService } from './track-control.service';
import { TrackStreamService } from './track-stream.service';

@Global()
@Module({
  providers: [TrackStreamService, TrackControlService],
  exports: [TrackStreamService, TrackControlService],
})
export class StreamModule {}
