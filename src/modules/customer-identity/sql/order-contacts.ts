import { Context } from "@medusajs/framework/types"
import { IdentitySource } from "../../../types/constants"
import { RecordOwnedOrderContactDTO } from "../../../types/module"
import { generateEntityIds } from "../../../utils/entity-ids"
import { ORDER_STATS } from "./order-stats"
import { sql } from "./run"

/**
 * Records an order's first contact for a customer that is its own canonical
 * customer and owns the order's email, and owns its phone or, when
 * `attach_phone` says so, nobody does (then the phone is attached to it as
 * attaching does: source `order`, primary when it has none), with its
 * recomputed stats, in one statement,
 * when that holds: the link is locked for update (folds and erasures update
 * it first; the stats are written to it) and the email and phone rows for
 * share (a claim or an erasure moves them), so nothing decided on changes
 * before the commit; a caller that attaches holds the identifier locks, so
 * nobody else attaches the unowned phone meanwhile. The statement does not see the rows it
 * inserts: the stats are those of the contacts before it and of the new one.
 * Returns false, having written nothing, when it does not hold, when the
 * email or phone was erased at or after the order (what `isSuppressed` would
 * drop) or when the order has a contact already: the caller takes the full
 * path.
 */
export async function recordOwnedOrderContact(
  context: Context,
  input: RecordOwnedOrderContactDTO
): Promise<boolean> {
  const [id] = generateEntityIds("cioc", 1)
  const [phoneId] = generateEntityIds("ciphone", 1)
  const [{ inserted }] = await sql<{ inserted: boolean }>(
    context,
    `WITH link AS (
       SELECT 1 FROM customer_identity_link
        WHERE customer_id = :customer AND canonical_customer_id = customer_id
          AND erased_at IS NULL AND deleted_at IS NULL
          FOR UPDATE),
     email AS (
       SELECT is_primary FROM customer_identity_email
        WHERE email_normalized = :email AND customer_id = :customer AND deleted_at IS NULL
          FOR SHARE),
     phone AS (
       SELECT customer_id FROM customer_identity_phone
        WHERE phone_e164 = :phone AND deleted_at IS NULL
          FOR SHARE),
     suppressed AS (
       SELECT 1 FROM customer_identity_suppression
        WHERE identifier_hash = ANY(:hashes) AND erased_at >= :placed_at
          AND deleted_at IS NULL),
     decided AS (
       SELECT EXISTS (SELECT 1 FROM link)
          AND (:email::text IS NULL OR EXISTS (SELECT 1 FROM email))
          AND NOT EXISTS (SELECT 1 FROM suppressed)
          AND NOT EXISTS (
                SELECT 1 FROM customer_identity_order_contact
                 WHERE order_id = :order AND deleted_at IS NULL) AS ok),
     new_phone AS (
       INSERT INTO customer_identity_phone (id, customer_id, phone, phone_e164, is_primary, source)
       SELECT :phone_id, :customer, :attached_phone, :phone,
              NOT EXISTS (SELECT 1 FROM customer_identity_phone
                           WHERE customer_id = :customer AND deleted_at IS NULL),
              :phone_source
        WHERE :attach AND :phone::text IS NOT NULL AND NOT EXISTS (SELECT 1 FROM phone)
          AND (SELECT ok FROM decided)
       ON CONFLICT DO NOTHING
       RETURNING 1),
     contact AS (
       INSERT INTO customer_identity_order_contact
              (id, order_id, customer_id, canonical_customer_id, email, phone, recipient_phone,
               first_name, last_name, matched_by, placed_at, canceled_at)
       SELECT :id, :order, :customer, :customer, :given_email, :given_phone, :recipient_phone,
              :first_name, :last_name,
              CASE WHEN (SELECT is_primary FROM email) IS false
                   THEN :secondary ELSE :primary END,
              :placed_at, :canceled_at
        WHERE (SELECT ok FROM decided)
          AND (:phone::text IS NULL
               OR (SELECT customer_id FROM phone) = :customer
               OR EXISTS (SELECT 1 FROM new_phone))
       ON CONFLICT (order_id) WHERE deleted_at IS NULL DO NOTHING
       RETURNING placed_at, canceled_at),
     stats AS (
       UPDATE customer_identity_link l
          SET order_count = s.order_count, first_order_at = s.first_order_at,
              last_order_at = s.last_order_at, updated_at = now()
         FROM (SELECT ${ORDER_STATS}
                 FROM (SELECT placed_at, canceled_at FROM customer_identity_order_contact
                        WHERE canonical_customer_id = :customer AND deleted_at IS NULL
                       UNION ALL
                       SELECT placed_at, canceled_at FROM contact) oc) s
        WHERE l.customer_id = :customer AND l.deleted_at IS NULL
          AND EXISTS (SELECT 1 FROM contact)
       RETURNING 1)
     SELECT EXISTS (SELECT 1 FROM contact) AS inserted`,
    {
      id,
      phone_id: phoneId,
      // As attaching writes it: parsePhone trims.
      attached_phone: input.phone?.trim() ?? null,
      phone_source: IdentitySource.ORDER,
      attach: input.attach_phone ?? false,
      order: input.order_id,
      customer: input.customer_id,
      email: input.email_normalized,
      phone: input.phone_e164,
      given_email: input.email,
      given_phone: input.phone,
      recipient_phone: input.recipient_phone ?? null,
      first_name: input.first_name ?? null,
      last_name: input.last_name ?? null,
      primary: input.matched_by.primary,
      secondary: input.matched_by.secondary,
      hashes: input.suppression_hashes,
      placed_at: input.placed_at,
      canceled_at: input.canceled_at,
    }
  )
  return inserted
}
