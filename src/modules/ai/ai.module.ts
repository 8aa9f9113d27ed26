import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../../config/app-config';
import { AiController } from './ai.controller';
import { AiService } from './ai.service';
import { AiModel } from './catalogue/ai-model.entity';
import { AiModelsRepository } from './catalogue/ai-models.repository';
import { ModelBinding } from './catalogue/model-binding.entity';
import { ModelBindingsRepository } from './catalogue/model-bindings.repository';
import { ModelCatalogueService } from './catalogue/model-catalogue.service';
import { ModelSettingsService } from './model-settings.service';
import { ProviderRegistry } from './providers/provider-registry';

/**
 * AI providers, the model catalogue and capability bindings. Sits at the bottom of the feature
 * graph: it imports no feature module, and the rest of the application talks to AI only through
 * AiService. ModelSettingsService is exported for other HTTP surfaces that list the catalogue
 * (the OpenAI-compatible `GET /v1/models`).
 */
@Module({
  imports: [TypeOrmModule.forFeature([AiModel, ModelBinding])],
  controllers: [AiController],
  providers: [
    { provide: ProviderRegistry, inject: [AppConfig], useFactory: (config: AppConfig) => ProviderRegistry.fromConfig(config) },
    AiModelsRepository,
    ModelBindingsRepository,
    ModelCatalogueService,
    ModelSettingsService,
    AiService,
  ],
  exports: [AiService, ModelSettingsService],
})
export class AiModule {}
