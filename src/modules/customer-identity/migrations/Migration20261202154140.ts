import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261202154140 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "customer_identity_code_send" ("id" text not null, "customer_id" text not null, "kind" text check ("kind" in ('email', 'phone')) not null, "identifier_hash" text not null, "sent" boolean not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "customer_identity_code_send_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_identity_code_send_deleted_at" ON "customer_identity_code_send" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_identity_code_send_identifier_hash_created_at" ON "customer_identity_code_send" ("identifier_hash", "created_at") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "customer_identity_claim" drop column if exists "send_count", drop column if exists "send_window_started_at";`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "customer_identity_code_send" cascade;`);

    this.addSql(`alter table if exists "customer_identity_claim" add column if not exists "send_count" integer not null default 0, add column if not exists "send_window_started_at" timestamptz null;`);
  }

}
