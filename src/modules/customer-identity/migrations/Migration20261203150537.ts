import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261203150537 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "customer_identity_import" ("id" text not null, "status" text check ("status" in ('planning', 'planned', 'running', 'completed', 'failed', 'canceled')) not null default 'planning', "format" text check ("format" in ('shopify', 'generic')) not null, "file_key" text null, "filename" text not null, "mapping" jsonb null, "source_kind" text null, "plan" jsonb null, "result" jsonb null, "line" integer not null default 0, "error" text null, "started_at" timestamptz null, "completed_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "customer_identity_import_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_identity_import_deleted_at" ON "customer_identity_import" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_identity_import_status" ON "customer_identity_import" ("status") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "customer_identity_email" drop constraint if exists "customer_identity_email_source_check";`);

    this.addSql(`alter table if exists "customer_identity_identifier" drop constraint if exists "customer_identity_identifier_source_check";`);

    this.addSql(`alter table if exists "customer_identity_link" drop constraint if exists "customer_identity_link_source_check";`);

    this.addSql(`alter table if exists "customer_identity_phone" drop constraint if exists "customer_identity_phone_source_check";`);

    this.addSql(`alter table if exists "customer_identity_email" add constraint "customer_identity_email_source_check" check("source" in ('user', 'registration', 'checkout', 'order', 'backfill', 'manual', 'store', 'merge', 'import'));`);

    this.addSql(`alter table if exists "customer_identity_identifier" add constraint "customer_identity_identifier_source_check" check("source" in ('user', 'registration', 'checkout', 'order', 'backfill', 'manual', 'store', 'merge', 'import'));`);

    this.addSql(`alter table if exists "customer_identity_link" add constraint "customer_identity_link_source_check" check("source" in ('user', 'registration', 'checkout', 'order', 'backfill', 'manual', 'store', 'merge', 'import'));`);

    this.addSql(`alter table if exists "customer_identity_phone" add constraint "customer_identity_phone_source_check" check("source" in ('user', 'registration', 'checkout', 'order', 'backfill', 'manual', 'store', 'merge', 'import'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "customer_identity_import" cascade;`);

    this.addSql(`alter table if exists "customer_identity_email" drop constraint if exists "customer_identity_email_source_check";`);

    this.addSql(`alter table if exists "customer_identity_identifier" drop constraint if exists "customer_identity_identifier_source_check";`);

    this.addSql(`alter table if exists "customer_identity_link" drop constraint if exists "customer_identity_link_source_check";`);

    this.addSql(`alter table if exists "customer_identity_phone" drop constraint if exists "customer_identity_phone_source_check";`);

    this.addSql(`alter table if exists "customer_identity_email" add constraint "customer_identity_email_source_check" check("source" in ('user', 'registration', 'checkout', 'order', 'backfill', 'manual', 'store', 'merge'));`);

    this.addSql(`alter table if exists "customer_identity_identifier" add constraint "customer_identity_identifier_source_check" check("source" in ('user', 'registration', 'checkout', 'order', 'backfill', 'manual', 'store', 'merge'));`);

    this.addSql(`alter table if exists "customer_identity_link" add constraint "customer_identity_link_source_check" check("source" in ('user', 'registration', 'checkout', 'order', 'backfill', 'manual', 'store', 'merge'));`);

    this.addSql(`alter table if exists "customer_identity_phone" add constraint "customer_identity_phone_source_check" check("source" in ('user', 'registration', 'checkout', 'order', 'backfill', 'manual', 'store', 'merge'));`);
  }

}
