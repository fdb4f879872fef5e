import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261203143513 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "customer_identity_identifier" drop constraint if exists "customer_identity_identifier_customer_primary_unique";`);
    this.addSql(`alter table if exists "customer_identity_identifier" drop constraint if exists "customer_identity_identifier_shared_unique";`);
    this.addSql(`alter table if exists "customer_identity_identifier" drop constraint if exists "customer_identity_identifier_value_unique";`);
    this.addSql(`create table if not exists "customer_identity_identifier" ("id" text not null, "customer_id" text not null, "kind" text not null, "value" text not null, "value_normalized" text not null, "shared" boolean not null default false, "is_primary" boolean not null default false, "source" text check ("source" in ('user', 'registration', 'checkout', 'order', 'backfill', 'manual', 'store', 'merge')) not null default 'manual', "verified_at" timestamptz null, "last_seen_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "customer_identity_identifier_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_identity_identifier_deleted_at" ON "customer_identity_identifier" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_customer_identity_identifier_value_unique" ON "customer_identity_identifier" ("kind", "value_normalized") WHERE deleted_at IS NULL AND shared = false;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_customer_identity_identifier_shared_unique" ON "customer_identity_identifier" ("kind", "value_normalized", "customer_id") WHERE deleted_at IS NULL AND shared = true;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_customer_identity_identifier_customer_primary_unique" ON "customer_identity_identifier" ("customer_id", "kind") WHERE deleted_at IS NULL AND is_primary = true;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_identity_identifier_customer_id" ON "customer_identity_identifier" ("customer_id") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "customer_identity_suppression" drop constraint if exists "customer_identity_suppression_kind_check";`);

    this.addSql(`alter table if exists "customer_identity_order_contact" drop constraint if exists "customer_identity_order_contact_matched_by_check";`);

    this.addSql(`alter table if exists "customer_identity_suppression" alter column "kind" type text using ("kind"::text);`);

    this.addSql(`alter table if exists "customer_identity_order_contact" add constraint "customer_identity_order_contact_matched_by_check" check("matched_by" in ('account', 'customer', 'email', 'secondary_email', 'phone', 'identifier', 'created'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "customer_identity_identifier" cascade;`);

    this.addSql(`alter table if exists "customer_identity_order_contact" drop constraint if exists "customer_identity_order_contact_matched_by_check";`);

    this.addSql(`alter table if exists "customer_identity_suppression" add constraint "customer_identity_suppression_kind_check" check("kind" in ('email', 'phone'));`);

    this.addSql(`alter table if exists "customer_identity_order_contact" add constraint "customer_identity_order_contact_matched_by_check" check("matched_by" in ('account', 'customer', 'email', 'secondary_email', 'phone', 'created'));`);
  }

}
