import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261123105041 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "customer_identity_backfill" ("id" text not null, "status" text check ("status" in ('pending', 'running', 'completed', 'failed')) not null default 'pending', "phase" text check ("phase" in ('customers', 'users', 'orders')) not null default 'customers', "cursor" text null, "processed" integer not null default 0, "created" integer not null default 0, "updated" integer not null default 0, "skipped" integer not null default 0, "total" integer not null default 0, "dry_run" boolean not null default false, "cutoff_days" integer null, "batch_size" integer not null, "error" text null, "started_at" timestamptz null, "completed_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "customer_identity_backfill_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_identity_backfill_deleted_at" ON "customer_identity_backfill" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_identity_backfill_status" ON "customer_identity_backfill" ("status") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "customer_identity_backfill" cascade;`);
  }

}
