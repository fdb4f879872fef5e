import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261203073006 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "customer_identity_order_contact" drop constraint if exists "customer_identity_order_contact_matched_by_check";`);

    this.addSql(`alter table if exists "customer_identity_order_contact" add column if not exists "recipient_phone" text null, add column if not exists "first_name" text null, add column if not exists "last_name" text null;`);
    this.addSql(`alter table if exists "customer_identity_order_contact" add constraint "customer_identity_order_contact_matched_by_check" check("matched_by" in ('account', 'customer', 'email', 'secondary_email', 'phone', 'created'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "customer_identity_order_contact" drop constraint if exists "customer_identity_order_contact_matched_by_check";`);

    this.addSql(`alter table if exists "customer_identity_order_contact" drop column if exists "recipient_phone", drop column if exists "first_name", drop column if exists "last_name";`);

    this.addSql(`alter table if exists "customer_identity_order_contact" add constraint "customer_identity_order_contact_matched_by_check" check("matched_by" in ('customer', 'email', 'secondary_email', 'phone', 'created'));`);
  }

}
