import { Injectable } from '@nestjs/common';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { isAdmin, type Principal } from '../auth/principal';
import { ModelCapability } from './ai.types';
import { GLOBAL_SCOPE } from './catalogue/model-binding.entity';
import { type BindingChange, ModelBindingsRepository } from './catalogue/model-bindings.repository';
import { ModelCatalogueService } from './catalogue/model-catalogue.service';
import { pickModel } from './catalogue/model-resolution';
import { type CapabilityBindings, ModelDto, type ModelSettingsDto, type PutModelSettingsDto } from './dto/model.dto';

const CAPABILITIES: readonly ModelCapability[] = Object.values(ModelCapability);

/** The catalogue and the capability bindings as the HTTP API shows and edits them. */
@Injectable()
export class ModelSettingsService {
  constructor(
    private readonly catalogue: ModelCatalogueService,
    private readonly bindings: ModelBindingsRepository,
  ) {}

  async listModels(): Promise<ModelDto[]> {
    return (await this.catalogue.usableModels()).map((model) => ModelDto.from(model));
  }

  async get(userId: string): Promise<ModelSettingsDto> {
    const [models, rows] = await Promise.all([this.catalogue.usableModels(), this.bindings.findByScopes([GLOBAL_SCOPE, userId])]);
    const global = emptyBindings();
    const user = emptyBindings();
    for (const row of rows) {
      if (!CAPABILITIES.includes(row.capability)) continue;
      (row.scope === GLOBAL_SCOPE ? global : user)[row.capability] = row.modelId;
    }
    const effective = emptyBindings();
    for (const capability of CAPABILITIES) {
      const picked = pickModel(capability, models, { global: global[capability] ?? undefined, user: user[capability] ?? undefined });
      effective[capability] = picked?.model.id ?? null;
    }
    return { global, user, effective };
  }

  /** Global bindings are for admins; anyone may set their own. Every change is checked first. */
  async put(caller: Pick<Principal, 'userId' | 'currentRole'>, dto: PutModelSettingsDto): Promise<ModelSettingsDto> {
    if (dto.scope === 'global' && !(await isAdmin(caller))) {
      throw new AppException(ErrorCode.Forbidden, 'Only admins can change the global model bindings.');
    }
    const changes: BindingChange[] = CAPABILITIES.flatMap((capability) => {
      const modelId = dto.bindings[capability];
      return modelId === undefined ? [] : [{ capability, modelId }];
    });
    const models = await this.catalogue.usableModels();
    for (const change of changes) {
      if (change.modelId === null) continue;
      const model = models.find((m) => m.id === change.modelId);
      if (!model) {
        throw new AppException(ErrorCode.ModelNotAvailable, `${change.capability}: the model "${change.modelId}" does not exist or is not enabled.`);
      }
      if (!model.capabilities.includes(change.capability)) {
        throw new AppException(ErrorCode.ModelNotAvailable, `${change.capability}: the model "${model.id}" cannot do ${change.capability}.`);
      }
    }
    await this.bindings.apply(dto.scope === 'global' ? GLOBAL_SCOPE : caller.userId, changes);
    return this.get(caller.userId);
  }
}

function emptyBindings(): CapabilityBindings {
  return Object.fromEntries(CAPABILITIES.map((c) => [c, null])) as CapabilityBindings;
}
