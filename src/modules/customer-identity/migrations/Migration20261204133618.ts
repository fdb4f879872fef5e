import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261204133618 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "customer_identity_import_plan_value" ("id" text not null, "import_id" text not null, "value" text not null, "customer_id" text not null, "is_primary" boolean not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "customer_identity_import_plan_value_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_customer_identity_import_plan_value_deleted_at" ON "customer_identity_import_plan_value" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_customer_identity_import_plan_value_import_id_value" ON "customer_identity_import_plan_value" ("import_id", "value") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "customer_identity_import_plan_value" cascade;`);
  }

}
