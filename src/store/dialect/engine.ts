import type { ColumnDataType, Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Subscription } from './notify.js';

/**
 * Everything that differs between SQLite and PostgreSQL lives behind this interface, one
 * implementation per engine; nothing else in the code branches on the engine.
 */
export interface Engine {
  readonly name: 'sqlite' | 'postgres';
  readonly db: Kysely<Database>;
  /** Column type of an auto-incrementing integer primary key. */
  readonly autoIdType: ColumnDataType;
  readonly autoIdModifier: 'autoIncrement' | 'identity';
  readonly blobType: ColumnDataType;
  /** Human-readable location (file path or URL without password). */
  readonly location: string;
  /**
   * Calls `onChange` when another connection commits a generation bump (PostgreSQL LISTEN/NOTIFY,
   * one dedicated connection, reconnecting). Absent on SQLite: one file, one process's writes.
   * Closed with the engine.
   */
  subscribeGeneration?(onChange: () => void): Subscription;
  close(): Promise<void>;
}
