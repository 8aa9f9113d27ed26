import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { Widget } from './widget.entity';

/** Widgets, scoped by owner for people; by id for the public widget endpoints. */
@Injectable()
export class WidgetsRepository {
  constructor(@InjectRepository(Widget) private readonly widgets: Repository<Widget>) {}

  async insert(widget: Widget): Promise<void> {
    await this.widgets.insert(widget);
  }

  findById(id: string): Promise<Widget | null> {
    return this.widgets.findOneBy({ id });
  }

  findOwned(userId: string, id: string): Promise<Widget | null> {
    return this.widgets.findOneBy({ id, userId });
  }

  listOwned(userId: string): Promise<Widget[]> {
    return this.widgets.find({ where: { userId }, order: { createdAt: 'DESC' } });
  }

  async update(id: string, changes: Partial<Widget>): Promise<void> {
    await this.widgets.update({ id }, changes);
  }

  async delete(id: string): Promise<void> {
    await this.widgets.delete({ id });
  }
}
