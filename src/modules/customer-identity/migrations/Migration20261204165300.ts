import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * Hand-written: the generator writes no unlogged tables. A dry run's plan
 * values are scratch data: deleted when it ends, and a dry run that died
 * starts from none, so they need no write-ahead log (a crash empties an
 * unlogged table; standbys do not have it). Without it, every batch of a
 * dry run no longer writes and flushes its values and their indexes to the
 * log (see docs/BENCHMARKS.md, Customer import).
 */
export class Migration20261204165300 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `ALTER TABLE IF EXISTS "customer_identity_import_plan_value" SET UNLOGGED;`
    )
  }

  override async down(): Promise<void> {
    this.addSql(
      `ALTER TABLE IF EXISTS "customer_identity_import_plan_value" SET LOGGED;`
    )
  }
}
