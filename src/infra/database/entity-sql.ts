import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { DataSource, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';

/** What every statement of an entity is written from, worked out once. */
interface Prepared {
  metadata: EntityMetadata;
  /** The columns an INSERT writes. */
  insertable: ColumnMetadata[];
  /** `INSERT INTO <table> (<insertable>) VALUES `. */
  insertHead: string;
}

/** A statement and its parameters, for `EntityManager.query`. */
export interface SqlStatement {
  sql: string;
  parameters: unknown[];
}

/**
 * SQL for an entity's columns, written from its TypeORM metadata, with values converted as TypeORM
 * converts them (`preparePersistentValue`: JSON, dates, booleans). For the statements on the path
 * of every message: TypeORM's query builders spend about as much CPU building a statement and
 * handling its result as the round trip itself costs (a new chat's turn, chat and two messages in
 * one transaction: 0.7 ms of CPU through `manager.insert`, 0.3 ms with these, measured on this
 * repository's bench machine).
 */
export class EntitySql<T extends ObjectLiteral> {
  private prepared: Prepared | undefined;
  /** `columns(alias)` by alias, written once each. */
  private readonly selected = new Map<string, string>();

  private constructor(
    private readonly dataSource: DataSource,
    private readonly target: EntityTarget<T>,
  ) {}

  static of<T extends ObjectLiteral>(dataSource: DataSource, target: EntityTarget<T>): EntitySql<T> {
    return new EntitySql(dataSource, target);
  }

  /**
   * One INSERT of `rows`. A value left undefined is the column's DEFAULT, as with TypeORM's insert
   * (a generated id, which TypeORM would make itself, is not made here: none of this app's entities has one).
   */
  insert(rows: readonly T[]): SqlStatement {
    if (rows.length === 0) throw new Error('An INSERT needs at least one row.');
    const { insertable, insertHead } = this.entity();
    const { driver } = this.dataSource;
    const parameters: unknown[] = [];
    const tuples = rows.map((row) => {
      const values = insertable.map((column) => {
        const value: unknown = column.getEntityValue(row);
        if (value === undefined) return 'DEFAULT';
        parameters.push(driver.preparePersistentValue(value, column));
        return '?';
      });
      return `(${values.join(', ')})`;
    });
    return { sql: insertHead + tuples.join(', '), parameters };
  }

  /** `alias.column = ?` for each of `values` by property, for an UPDATE's SET; an undefined value is left as it is (as TypeORM's update). */
  assignments(alias: string, values: Partial<T>): SqlStatement {
    const { metadata } = this.entity();
    const { driver } = this.dataSource;
    const assigned: string[] = [];
    const parameters: unknown[] = [];
    for (const [property, value] of Object.entries(values)) {
      if (value === undefined) continue;
      const column = metadata.findColumnWithPropertyName(property);
      if (!column) throw new Error(`${metadata.name} has no column for ${property}`);
      assigned.push(`${alias}.${driver.escape(column.databaseName)} = ?`);
      parameters.push(driver.preparePersistentValue(value, column));
    }
    return { sql: assigned.join(', '), parameters };
  }

  /** The entity's columns for a SELECT, each named `<alias>_<column>` so that joined tables' columns never collide (`hydrate` reads them back). */
  columns(alias: string): string {
    let list = this.selected.get(alias);
    if (list === undefined) {
      const { driver } = this.dataSource;
      list = this.entity()
        .metadata.columns.map((column) => `${alias}.${driver.escape(column.databaseName)} AS ${driver.escape(`${alias}_${column.databaseName}`)}`)
        .join(', ');
      this.selected.set(alias, list);
    }
    return list;
  }

  /** The entity of `alias`'s columns in a row SELECTed with `columns(alias)`, its values converted as TypeORM converts them. */
  hydrate(row: Record<string, unknown>, alias: string): T {
    const { metadata } = this.entity();
    const { driver } = this.dataSource;
    const entity = metadata.create() as T;
    for (const column of metadata.columns) column.setEntityValue(entity, driver.prepareHydratedValue(row[`${alias}_${column.databaseName}`], column));
    return entity;
  }

  /** `hydrate`, or null when there is no row on `alias`'s side of a LEFT JOIN (its primary key is NULL). */
  hydrateJoined(row: Record<string, unknown>, alias: string): T | null {
    return this.entity().metadata.primaryColumns.some((column) => row[`${alias}_${column.databaseName}`] === null) ? null : this.hydrate(row, alias);
  }

  /** Looked up on first use, so that making one never depends on the DataSource's state. */
  private entity(): Prepared {
    if (!this.prepared) {
      const { driver } = this.dataSource;
      const metadata = this.dataSource.getMetadata(this.target);
      const insertable = metadata.columns.filter((column) => column.isInsert);
      const names = insertable.map((column) => driver.escape(column.databaseName)).join(', ');
      this.prepared = { metadata, insertable, insertHead: `INSERT INTO ${driver.escape(metadata.tableName)} (${names}) VALUES ` };
    }
    return this.prepared;
  }
}
