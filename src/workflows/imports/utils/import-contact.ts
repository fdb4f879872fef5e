import { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { IdentitySource } from "../../../types/constants"
import { IdentifierKindDefinition } from "../../../types/options"
import {
  FindOrCreateCustomerWorkflowInput,
  ParsedEmail,
  ParsedPhone,
} from "../../../types/workflows"
import { parseEmail } from "../../../utils/normalize-email"
import {
  ParsedIdentifier,
  parseIdentifier,
} from "../../../utils/normalize-identifier"
import { parsePhone } from "../../../utils/normalize-phone"
import { dropSuppressedIdentifiers } from "../../common/utils/suppression"
import { importedCustomer } from "./enrich-imported-customer"
import { ImportRow } from "./import-rows"

/** A row that can be imported, with its identifiers read as find-or-create reads them. */
export interface ImportContact {
  line: number
  row: ImportRow
  email?: ParsedEmail
  phone?: ParsedPhone
  source?: ParsedIdentifier
  input: FindOrCreateCustomerWorkflowInput
}

/** A row that cannot: malformed, or an erased person's. */
export interface ImportReject {
  line: number
  reason: string
}

/**
 * Reads a row's email, phone (its own, else its address's, read in the
 * address's country, else `defaultCountry`) and source id. A value that
 * cannot be read rejects the row, naming it; so does a row with none.
 */
export function readImportContact(
  row: ImportRow,
  sourceKind: IdentifierKindDefinition | undefined,
  defaultCountry: string | undefined
): ImportContact | ImportReject {
  try {
    const region = row.country_code?.toUpperCase() || defaultCountry
    const phone = row.phone ?? row.address_phone
    const contact: Omit<ImportContact, "input"> = {
      line: row.line,
      row,
      email: row.email ? parseEmail(row.email) : undefined,
      phone: phone
        ? { ...parsePhone(phone, region), country_code: region }
        : undefined,
      // WooCommerce exports a guest with the customer id 0: no id.
      source:
        row.source_id && sourceKind && !/^0+$/.test(row.source_id)
          ? parseIdentifier(sourceKind, row.source_id)
          : undefined,
    }
    if (!contact.email && !contact.phone && !contact.source) {
      return { line: row.line, reason: "no email, phone or customer id" }
    }
    return {
      ...contact,
      input: {
        email: contact.email?.email,
        phone: contact.phone?.phone,
        country_code: region,
        first_name: row.first_name,
        last_name: row.last_name,
        company_name: row.company_name,
        identifiers: contact.source && {
          [contact.source.kind]: contact.source.value,
        },
        source: IdentitySource.IMPORT,
        created_customer: importedCustomer(row),
      },
    }
  } catch (error) {
    if ((error as MedusaError).type === MedusaError.Types.INVALID_DATA) {
      return { line: row.line, reason: (error as Error).message }
    }
    throw error
  }
}

/**
 * Splits rows into contacts and rejects: malformed rows, and rows holding an
 * email or phone of an erased person (a file is old data: it never brings
 * anyone back).
 */
export async function readImportContacts(
  container: MedusaContainer,
  rows: ImportRow[],
  sourceKind: IdentifierKindDefinition | undefined,
  defaultCountry: string | undefined
): Promise<{ contacts: ImportContact[]; rejects: ImportReject[] }> {
  const read = rows.map((row) =>
    readImportContact(row, sourceKind, defaultCountry)
  )
  const contacts = read.filter((r): r is ImportContact => "input" in r)
  const rejects = read.filter((r): r is ImportReject => "reason" in r)
  const kept = await dropSuppressedIdentifiers(
    container,
    contacts.map((contact) => ({
      email: contact.email?.email,
      phone: contact.phone?.phone,
      country_code: contact.phone?.country_code,
      recorded_at: new Date(0),
    }))
  )
  const importable = contacts.filter((contact, i) => {
    const erased =
      (contact.email && !kept[i].email) || (contact.phone && !kept[i].phone)
    if (erased) {
      rejects.push({
        line: contact.line,
        reason: `the ${contact.email && !kept[i].email ? "email" : "phone"} of an erased person`,
      })
    }
    return !erased
  })
  rejects.sort((a, b) => a.line - b.line)
  return { contacts: importable, rejects }
}
