import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * Hand-written: the generator writes neither extensions, functions nor
 * indexes on expressions. For duplicate review:
 * - `pg_trgm` gives `similarity()` for similar names;
 * - `customer_identity_fold_email` is `foldEmailForProvider`
 *   (src/utils/fold-email.ts) in SQL, indexed so that the few emails a
 *   provider rule changes find their twins by index instead of folding every
 *   email of the table on each scan.
 * `down` leaves the extension: other code may use it too.
 */
export class Migration20261123110900 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`CREATE EXTENSION IF NOT EXISTS pg_trgm;`)
    this.addSql(`
      CREATE OR REPLACE FUNCTION customer_identity_fold_email(email text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN substring(email FROM '@([^@]*)$') IN ('gmail.com', 'googlemail.com')
                    THEN replace(split_part(substring(email FROM '^(.*)@'), '+', 1), '.', '') || '@gmail.com'
                    ELSE split_part(substring(email FROM '^(.*)@'), '+', 1) || '@' || substring(email FROM '@([^@]*)$')
               END
      $$;`)
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_customer_identity_email_folded" ON "customer_identity_email" (customer_identity_fold_email(email_normalized)) WHERE deleted_at IS NULL;`
    )
  }

  override async down(): Promise<void> {
    this.addSql(`DROP INDEX IF EXISTS "IDX_customer_identity_email_folded";`)
    this.addSql(`DROP FUNCTION IF EXISTS customer_identity_fold_email(text);`)
  }
}
