import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * Hand-written: an extension is not part of any model, so the generator never
 * writes it. `pg_trgm` gives `similarity()` for the similar-name signal of
 * duplicate review. `down` leaves it: other code may use it too.
 */
export class Migration20261123110900 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`CREATE EXTENSION IF NOT EXISTS pg_trgm;`)
  }

  override async down(): Promise<void> {}
}
