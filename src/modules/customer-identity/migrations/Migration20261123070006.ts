import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261123070006 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "customer_identity_order_contact" drop constraint if exists "customer_identity_order_contact_order_id_unique";`);
    this.addSql(`alter table if exists "customer_identity_phone" drop constraint if exists "customer_identity_phone_customer_primary_unique";`);
    this.addSql(`alter table if exists "customer_identity_phone" drop constraint if exists "customer_identity_phone_e164_unique";`);
    this.addSql(`alter table if exists "customer_identity_link" drop constraint if exists "customer_identity_link_user_id_unique";`);
    this.addSql(`alter table if exists "customer_identity_link" drop constraint if exists "customer_identity_link_customer_id_unique";`);
    this.addSql(`alter table if exists "customer_identity_email" drop constraint if exists "customer_identity_email_customer_primary_unique";`);
    this.addSql(`alter table if exists "customer_identity_email" drop constraint if exists "customer_identity_email_normalized_unique";`);
    this.addSql(`create table if not exists "customer_identity_email" ("id" text not null, "customer_id" text not null, "email" text not null, "email_normalized" text not null, "type" text check ("type" in ('primary', 'work', 'personal', 'other')) not null default 'other', "is_primary" boolean not null default false, "source" text check ("source" in ('user', 'registration', 'checkout', 'order', 'backfill', 'manual', 'store', 'merge')) not null default 'manual', "verified_at" timestamptz null, "last_seen_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "customer_identity_email_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_identity_email_deleted_at" ON "customer_identity_email" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_customer_identity_email_normalized_unique" ON "customer_identity_email" ("email_normalized") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_customer_identity_email_customer_primary_unique" ON "customer_identity_email" ("customer_id") WHERE deleted_at IS NULL AND is_primary = true;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_identity_email_customer_id" ON "customer_identity_email" ("customer_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "customer_identity_link" ("id" text not null, "customer_id" text not null, "canonical_customer_id" text not null, "user_id" text null, "status" text check ("status" in ('draft', 'active', 'archived')) not null default 'active', "source" text check ("source" in ('user', 'registration', 'checkout', 'order', 'backfill', 'manual', 'store', 'merge')) not null, "order_count" integer not null default 0, "first_order_at" timestamptz null, "last_order_at" timestamptz null, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "customer_identity_link_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_identity_link_deleted_at" ON "customer_identity_link" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_customer_identity_link_customer_id_unique" ON "customer_identity_link" ("customer_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_customer_identity_link_user_id_unique" ON "customer_identity_link" ("user_id") WHERE deleted_at IS NULL AND user_id IS NOT NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_identity_link_canonical_customer_id" ON "customer_identity_link" ("canonical_customer_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "customer_identity_phone" ("id" text not null, "customer_id" text not null, "phone" text not null, "phone_e164" text not null, "type" text check ("type" in ('mobile', 'work', 'home', 'other')) not null default 'other', "is_primary" boolean not null default false, "source" text check ("source" in ('user', 'registration', 'checkout', 'order', 'backfill', 'manual', 'store', 'merge')) not null default 'manual', "verified_at" timestamptz null, "last_seen_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "customer_identity_phone_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_identity_phone_deleted_at" ON "customer_identity_phone" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_customer_identity_phone_e164_unique" ON "customer_identity_phone" ("phone_e164") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_customer_identity_phone_customer_primary_unique" ON "customer_identity_phone" ("customer_id") WHERE deleted_at IS NULL AND is_primary = true;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_identity_phone_customer_id" ON "customer_identity_phone" ("customer_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "customer_identity_order_contact" ("id" text not null, "order_id" text not null, "customer_id" text null, "canonical_customer_id" text not null, "email" text null, "phone" text null, "matched_by" text check ("matched_by" in ('customer', 'email', 'secondary_email', 'phone', 'created')) not null, "placed_at" timestamptz not null, "canceled_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "customer_identity_order_contact_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_identity_order_contact_deleted_at" ON "customer_identity_order_contact" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_customer_identity_order_contact_order_id_unique" ON "customer_identity_order_contact" ("order_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_identity_order_contact_canonical_customer_id" ON "customer_identity_order_contact" ("canonical_customer_id") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "customer_identity_email" cascade;`);

    this.addSql(`drop table if exists "customer_identity_link" cascade;`);

    this.addSql(`drop table if exists "customer_identity_phone" cascade;`);

    this.addSql(`drop table if exists "customer_identity_order_contact" cascade;`);
  }

}
