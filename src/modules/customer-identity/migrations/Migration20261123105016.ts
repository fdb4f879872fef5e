import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261123105016 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "customer_identity_claim" drop constraint if exists "customer_identity_claim_customer_value_unique";`);
    this.addSql(`create table if not exists "customer_identity_claim" ("id" text not null, "customer_id" text not null, "kind" text check ("kind" in ('email', 'phone')) not null, "value" text not null, "value_normalized" text not null, "type" text not null, "code_hash" text null, "code_expires_at" timestamptz null, "code_attempts" integer not null default 0, "send_count" integer not null default 0, "send_window_started_at" timestamptz null, "last_sent_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "customer_identity_claim_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_identity_claim_deleted_at" ON "customer_identity_claim" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_customer_identity_claim_customer_value_unique" ON "customer_identity_claim" ("customer_id", "kind", "value_normalized") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "customer_identity_claim" cascade;`);
  }

}
