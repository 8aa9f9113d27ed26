import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { AppSetting } from './app-setting.entity';

/**
 * Installation-wide settings documents. Each feature owns one name and its shape; stored values
 * are merged over the feature's defaults, so a setting added later has a value on old installs.
 */
@Injectable()
export class AppSettingsService {
  constructor(@InjectRepository(AppSetting) private readonly settings: Repository<AppSetting>) {}

  async get<T extends object>(name: string, defaults: T): Promise<T> {
    const row = await this.settings.findOneBy({ name });
    const stored = row?.value;
    return stored && typeof stored === 'object' ? { ...defaults, ...(stored as Partial<T>) } : { ...defaults };
  }

  async put<T extends object>(name: string, value: T): Promise<T> {
    await this.settings.upsert({ name, value }, ['name']);
    return value;
  }
}
