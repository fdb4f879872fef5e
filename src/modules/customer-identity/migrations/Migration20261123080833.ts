import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261123080833 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "customer_identity_link" add column if not exists "has_account" boolean not null default false;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_identity_link_status_created_at" ON "customer_identity_link" ("status", "created_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_customer_identity_link_status_created_at";`);
    this.addSql(`alter table if exists "customer_identity_link" drop column if exists "has_account";`);
  }

}
