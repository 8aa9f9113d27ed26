import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config/app-config';
import { dataSourceOptions } from './data-source-options';

const PRIMARY = 'mariadb://app:pw@db-primary:3306/switchboard';

const optionsFor = (readUrls?: string) => dataSourceOptions(loadConfig({ DATABASE_URL: PRIMARY, DATABASE_READ_URLS: readUrls }));

describe('dataSourceOptions', () => {
  it('connects to DATABASE_URL alone when no replica is named', () => {
    for (const readUrls of [undefined, '', '  ']) {
      const options = optionsFor(readUrls);
      expect(options).toMatchObject({ type: 'mariadb', url: PRIMARY, synchronize: false });
      expect(options).not.toHaveProperty('replication');
    }
  });

  it('adds DATABASE_READ_URLS as replicas, keeping the primary the default for every query', () => {
    const options = optionsFor('mariadb://ro:pw@db-replica-1:3306/switchboard , mysql://ro:pw@db-replica-2:3306/switchboard');
    expect(options).not.toHaveProperty('url');
    expect(options).toMatchObject({
      replication: {
        master: { url: PRIMARY },
        slaves: [{ url: 'mariadb://ro:pw@db-replica-1:3306/switchboard' }, { url: 'mysql://ro:pw@db-replica-2:3306/switchboard' }],
        defaultMode: 'master',
      },
    });
    // A replica that failed comes back without a restart.
    expect((options as { replication: { restoreNodeTimeout: number } }).replication.restoreNodeTimeout).toBeGreaterThan(0);
  });

  it.each(['redis://replica:6379', 'mariadb://a:3306/x,,mariadb://b:3306/x', 'mariadb://a:3306/x,'])('refuses DATABASE_READ_URLS=%s', (readUrls) => {
    expect(() => optionsFor(readUrls)).toThrow(ConfigError);
    expect(() => optionsFor(readUrls)).toThrow('DATABASE_READ_URLS must be comma-separated mariadb:// URLs');
  });
});
