import { ILockingModule, MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import {
  BackfillOrderRow,
  loadOrdersById,
} from "../../../core-tables/backfill-batch"
import CustomerIdentityModuleService from "../../../modules/customer-identity/service"
import {
  explainOrderMatch,
  OrdererContact,
  ordererContact,
} from "../../../policy"
import { CUSTOMER_IDENTITY_MODULE } from "../../../types/constants"
import { CustomerIdentityEvents } from "../../../types/events"
import { RecordOwnedOrderContactDTO } from "../../../types/module"
import { ParsedEmail, ParsedPhone } from "../../../types/workflows"
import {
  IDENTIFIER_LOCK_TIMEOUT,
  IDENTIFIER_LOCK_TTL,
  identifierLockKeys,
} from "../../../utils/lock-keys"
import { parseEmail } from "../../../utils/normalize-email"
import { parsePhone } from "../../../utils/normalize-phone"
import { readOrSkip } from "../../common/utils/read-or-skip"
import { contactHashes } from "../../common/utils/suppression"

// Postgres's deadlock_detected: a claim or fold locking rows in another order.
const DEADLOCK = "40P01"

/**
 * Records the contact of an order placed by a customer the plugin knows, the
 * common case of `order.placed`, in one read of the order and one statement
 * instead of the nested workflows of `recordOrderContactWorkflow`: the
 * order's customer is its own canonical customer and owns the order's email,
 * owns the orderer's phone or nobody does, neither was erased since, and the
 * order has no contact yet (`recordOwnedOrderContact` checks all of it under
 * its row locks; attaching an unowned phone, inside the identifier locks the
 * workflows take). Nothing is
 * then created or folded, only an unowned phone attached as the workflow
 * attaches it, and `matched_by` is `explainOrderMatch`'s from the
 * facts `planOrderEvidenceStep` reads. It emits what the workflows would:
 * `customer.resolved` and `order_linked`.
 * Returns false, having written nothing, for any other order: the caller
 * runs the workflow.
 */
export async function recordKnownOrderContact(
  container: MedusaContainer,
  orderId: string
): Promise<boolean> {
  const [order] = await loadOrdersById(container, [orderId])
  if (!order?.customer_id) {
    return false
  }
  const orderer = ordererContact({
    billing: order.billing,
    shipping: order.shipping,
    customer_phone: order.customer_phone,
  })
  const email = order.email
    ? readOrSkip(() => parseEmail(order.email), true)
    : undefined
  const phone = orderer.phone
    ? readOrSkip(
        () => parsePhone(orderer.phone!, orderer.country_code ?? undefined),
        true
      )
    : undefined
  if ((order.email && !email) || (orderer.phone && !phone)) {
    return false
  }
  const [hashes] = await contactHashes(container, [
    {
      email: order.email,
      phone: orderer.phone,
      country_code: orderer.country_code,
      recipient_phone: orderer.recipient_phone,
      recipient_country_code: order.shipping?.country_code,
    },
  ])
  const service: CustomerIdentityModuleService = container.resolve(
    CUSTOMER_IDENTITY_MODULE
  )
  const contact = ownedOrderContact(
    order as BackfillOrderRow & { customer_id: string },
    orderer,
    email,
    phone,
    [...hashes.email, ...hashes.phone, ...hashes.recipient]
  )
  const locking: ILockingModule = container.resolve(Modules.LOCKING)
  let recorded: boolean
  try {
    // Owned identifiers need no lock: the statement's row locks hold them.
    // Attaching a phone nobody owns takes the workflows' locks.
    recorded =
      (await service.recordOwnedOrderContact(contact)) ||
      (!!phone &&
        (await locking.execute(
          identifierLockKeys({
            email_normalized: email?.email_normalized,
            phone_e164: phone.phone_e164,
          }),
          () =>
            service.recordOwnedOrderContact({ ...contact, attach_phone: true }),
          { timeout: IDENTIFIER_LOCK_TIMEOUT, expire: IDENTIFIER_LOCK_TTL }
        )))
  } catch (error) {
    if ((error as { code?: string }).code === DEADLOCK) {
      return false
    }
    throw error
  }
  if (!recorded) {
    return false
  }
  const customerId = order.customer_id
  await container.resolve(Modules.EVENT_BUS).emit([
    {
      name: CustomerIdentityEvents.CUSTOMER_RESOLVED,
      data: { id: customerId },
    },
    {
      name: CustomerIdentityEvents.ORDER_LINKED,
      data: { id: customerId, order_id: order.id },
    },
  ])
  return true
}

/**
 * The contact of an order as recorded when its customer is its own
 * canonical customer and owns the order's email and the orderer's phone (the
 * statements that take it check that it is): nothing is folded, and `matched_by` is `explainOrderMatch`'s from the facts
 * `planOrderEvidenceStep` reads, for a primary and for a secondary email row.
 */
export function ownedOrderContact(
  order: BackfillOrderRow & { customer_id: string },
  orderer: OrdererContact,
  email: ParsedEmail | undefined,
  phone: ParsedPhone | undefined,
  suppressionHashes: string[]
): RecordOwnedOrderContactDTO {
  const explain = (is_primary: boolean) =>
    explainOrderMatch({
      customer: {
        customer_id: order.customer_id,
        canonical_customer_id: order.customer_id,
        has_account: order.has_account,
        fresh: !order.has_account && !order.has_earlier_order,
        canonical_before_order: false,
      },
      email_owner: email
        ? { canonical_customer_id: order.customer_id, is_primary }
        : null,
    })
  return {
    order_id: order.id,
    customer_id: order.customer_id,
    email: order.email,
    phone: orderer.phone,
    recipient_phone: orderer.recipient_phone,
    first_name: orderer.first_name,
    last_name: orderer.last_name,
    matched_by: { primary: explain(true), secondary: explain(false) },
    suppression_hashes: suppressionHashes,
    placed_at: order.placed_at,
    canceled_at: order.canceled_at,
    email_normalized: email?.email_normalized ?? null,
    phone_e164: phone?.phone_e164 ?? null,
  }
}
