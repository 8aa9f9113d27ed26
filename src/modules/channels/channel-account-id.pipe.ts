import type { PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import type { ExternalChannel } from './channel.types';

/** A channel account id in a route: a UUID, or `env:<channel>`, the environment's account (its owner may list and test it). */
export class ChannelAccountIdPipe implements PipeTransform<string, string> {
  private readonly environmentId: string;

  constructor(channel: ExternalChannel) {
    this.environmentId = `env:${channel}`;
  }

  transform(value: string): string {
    if (value === this.environmentId || isUUID(value)) return value;
    throw new AppException(ErrorCode.ValidationFailed, `id must be a UUID or ${this.environmentId}.`);
  }
}
