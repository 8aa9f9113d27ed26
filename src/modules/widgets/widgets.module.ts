import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChatModule } from '../chat/chat.module';
import { FilesModule } from '../files/files.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { RoutingModule } from '../routing/routing.module';
import { UsersModule } from '../users/users.module';
import { LiveSupportController } from './live-support.controller';
import { LiveSupportEvents } from './live-support-events';
import { LiveSupportService } from './live-support.service';
import { PublicWidgetController } from './public-widget.controller';
import { VisitorFile } from './visitor-file.entity';
import { VisitorFilesRepository } from './visitor-files.repository';
import { VisitorLimits } from './visitor-limits';
import { VisitorRealtimeController } from './visitor-realtime.controller';
import { VisitorUploads } from './visitor-uploads.service';
import { WidgetChannelAccess } from './widget-channel-access';
import { WidgetSession } from './widget-session.entity';
import { WidgetSessionsRepository } from './widget-sessions.repository';
import { Widget } from './widget.entity';
import { WidgetsController } from './widgets.controller';
import { WidgetsRepository } from './widgets.repository';
import { WidgetsService } from './widgets.service';

/**
 * Embeddable widgets and live support (docs/widgets.md). Loaded by every role: the worker delivers
 * finished AI answers to the session's watchers (LiveSupportService registers the widget's answer
 * delivery), the web role serves owners, operators and visitors.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Widget, WidgetSession, VisitorFile]), ChatModule, FilesModule, RealtimeModule, RoutingModule, UsersModule],
  controllers: [WidgetsController, LiveSupportController, PublicWidgetController, VisitorRealtimeController],
  providers: [WidgetsRepository, WidgetSessionsRepository, WidgetsService, LiveSupportService, LiveSupportEvents, VisitorLimits, WidgetChannelAccess, VisitorFilesRepository, VisitorUploads],
  exports: [WidgetsService],
})
export class WidgetsModule {}
