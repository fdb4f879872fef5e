import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261123153623 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "customer_identity_merge" ("id" text not null, "source_customer_id" text not null, "target_customer_id" text not null, "status" text check ("status" in ('merged', 'reverted')) not null default 'merged', "journal" jsonb not null, "merged_by" text null, "reverted_by" text null, "reverted_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "customer_identity_merge_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_identity_merge_deleted_at" ON "customer_identity_merge" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_identity_merge_source_customer_id" ON "customer_identity_merge" ("source_customer_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_identity_merge_target_customer_id" ON "customer_identity_merge" ("target_customer_id") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "customer_identity_merge" cascade;`);
  }

}
