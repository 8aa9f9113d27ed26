import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig, readProcessEnvironment } from './src/config/app-config';
import { dataSourceOptions } from './src/infra/database/data-source-options';

/** The DataSource the TypeORM CLI uses (`npm run migration:generate`, `migration:revert`); `migration:run` is src/migrate.ts. */
export default new DataSource({
  ...dataSourceOptions(loadConfig(readProcessEnvironment())),
  entities: ['src/**/*.entity.ts'],
});
