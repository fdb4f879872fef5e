import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261130130535 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "customer_identity_suppression" ("id" text not null, "customer_id" text not null, "kind" text check ("kind" in ('email', 'phone')) not null, "identifier_hash" text not null, "erased_at" timestamptz not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "customer_identity_suppression_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_identity_suppression_deleted_at" ON "customer_identity_suppression" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_identity_suppression_identifier_hash" ON "customer_identity_suppression" ("identifier_hash") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "customer_identity_link" add column if not exists "erased_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "customer_identity_suppression" cascade;`);

    this.addSql(`alter table if exists "customer_identity_link" drop column if exists "erased_at";`);
  }

}
