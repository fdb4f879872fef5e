import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261204095701 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "customer_identity_code_guess" ("id" text not null, "customer_id" text not null, "kind" text check ("kind" in ('email', 'phone')) not null, "identifier_hash" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "customer_identity_code_guess_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_identity_code_guess_deleted_at" ON "customer_identity_code_guess" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_identity_code_guess_identifier_hash_created_at" ON "customer_identity_code_guess" ("identifier_hash", "created_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "customer_identity_code_guess" cascade;`);
  }

}
