import { Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { RedisClients } from '../redis/redis.clients';
import { MariaDbVectorStore } from './mariadb-vector-store';
import { NotedOwnersVectorStore } from './noted-owners';
import { QdrantVectorStore } from './qdrant-vector-store';
import { VectorStore } from './vector-store';

/**
 * Provides VectorStore, backed by the store VECTOR_STORE names: MariaDB (the application's own
 * database, the default) or Qdrant at QDRANT_URL, with every owner's "has anything" noted in Redis
 * (NotedOwnersVectorStore). Infrastructure like the file storage, so global.
 */
@Global()
@Module({
  providers: [
    {
      provide: VectorStore,
      inject: [AppConfig, DataSource, RedisClients],
      useFactory: (config: AppConfig, dataSource: DataSource, redis: RedisClients): VectorStore => new NotedOwnersVectorStore(backingStore(config, dataSource), redis),
    },
  ],
  exports: [VectorStore],
})
export class VectorStoreModule {}

function backingStore(config: AppConfig, dataSource: DataSource): VectorStore {
  const { kind, qdrantUrl, qdrantApiKey } = config.vectorStore;
  if (kind === 'mariadb') return new MariaDbVectorStore(dataSource);
  if (!qdrantUrl) throw new Error('VECTOR_STORE=qdrant needs QDRANT_URL');
  return QdrantVectorStore.connect(qdrantUrl, qdrantApiKey);
}
