import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261123110857 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "customer_identity_duplicate_dismissal" drop constraint if exists "customer_identity_duplicate_dismissal_pair_unique";`);
    this.addSql(`create table if not exists "customer_identity_duplicate_dismissal" ("id" text not null, "customer_a_id" text not null, "customer_b_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "customer_identity_duplicate_dismissal_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_identity_duplicate_dismissal_deleted_at" ON "customer_identity_duplicate_dismissal" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_customer_identity_duplicate_dismissal_pair_unique" ON "customer_identity_duplicate_dismissal" ("customer_a_id", "customer_b_id") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "customer_identity_duplicate_dismissal" cascade;`);
  }

}
