import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261203180020 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "customer_identity_import" drop constraint if exists "customer_identity_import_format_check";`);

    this.addSql(`alter table if exists "customer_identity_import" add constraint "customer_identity_import_format_check" check("format" in ('shopify', 'woocommerce', 'generic'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "customer_identity_import" drop constraint if exists "customer_identity_import_format_check";`);

    this.addSql(`alter table if exists "customer_identity_import" add constraint "customer_identity_import_format_check" check("format" in ('shopify', 'generic'));`);
  }

}
