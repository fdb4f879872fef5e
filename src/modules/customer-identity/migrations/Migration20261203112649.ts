import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261203112649 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "customer_identity_merge" add column if not exists "evidence" text check ("evidence" in ('admin', 'email', 'account_email', 'phone', 'proof')) not null default 'admin', add column if not exists "proven_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "customer_identity_merge" drop column if exists "evidence", drop column if exists "proven_at";`);
  }

}
