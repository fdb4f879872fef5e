import { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { DuplicateReasonKind } from "../types/constants"
import { DuplicateCandidate } from "../types/module"

/**
 * How much each reason alone says that two customers are one person. A pair's
 * score combines its reasons as independent evidence, `1 - Π(1 - w)`, so that
 * it grows with every reason and stays below 1:
 * - a guest whose email is an account's secondary email (0.7) is nearly
 *   certain: the account holder added that email;
 * - a shared phone (0.6) is strong, but households and offices share one;
 * - emails equal after provider rules (0.5) are likely the same inbox, but
 *   only Gmail ignores dots for sure;
 * - a shared value of an identifier kind that suggests (0.6), such as a VAT
 *   number: colleagues buying for one company share it, as households share
 *   a phone;
 * - a similar name (0.3 × trigram similarity) is weak alone and is only
 *   looked at for pairs that already share a phone or an address.
 */
export const DUPLICATE_REASON_WEIGHTS: Record<DuplicateReasonKind, number> = {
  [DuplicateReasonKind.SHARED_SECONDARY_EMAIL]: 0.7,
  [DuplicateReasonKind.SHARED_PHONE]: 0.6,
  // A shared phone the admin API relabels when the names show two people.
  [DuplicateReasonKind.SAME_PHONE_DIFFERENT_NAME]: 0.6,
  [DuplicateReasonKind.SHARED_IDENTIFIER]: 0.6,
  [DuplicateReasonKind.PROVIDER_FOLDED_EMAIL]: 0.5,
  [DuplicateReasonKind.SIMILAR_NAME]: 0.3,
}

/** `pg_trgm` similarity of two lower-cased full names from which they count as similar. */
export const SIMILAR_NAME_THRESHOLD = 0.6

const weight = (kind: DuplicateReasonKind) =>
  `${DUPLICATE_REASON_WEIGHTS[kind]}::float8`

// Compares in the "C" collation without giving the ids a collation, so that
// the reason subqueries still union and join as plain text.
const orderedPair = (x: string, y: string) =>
  `CASE WHEN ${x} < ${y} COLLATE "C" THEN ${x} ELSE ${y} END AS a,
         CASE WHEN ${x} < ${y} COLLATE "C" THEN ${y} ELSE ${x} END AS b`

/**
 * Pairs of canonical customers that may be one person, in one statement.
 * Every reason is found by joining on an equality key (phone suffix, folded
 * email, normalised email, address key), so that whole tables are joined in
 * one pass instead of pair by pair; name similarity is only computed within
 * pairs found that way, never across all customers. `canonical` and `names`
 * are not materialised so that the planner looks their rows up by id
 * instead of reading a million of them. Ids are compared in the "C"
 * collation: a pair's order is the byte order the dismissal step stores it
 * in. Bindings: min_score, limit, offset.
 *
 * It joins the plugin's tables with core's in one statement because pairs are
 * found by joining whole tables (a read per module would move a million rows
 * into Node). Core columns it depends on (check them on a Medusa upgrade):
 * `customer` (id, email, first_name, last_name, phone, deleted_at) and
 * `customer_address` (customer_id, address_1, postal_code, country_code,
 * deleted_at).
 */
export const DUPLICATE_CANDIDATES_SQL = `
WITH canonical AS NOT MATERIALIZED (
  SELECT customer_id, has_account FROM customer_identity_link
   WHERE deleted_at IS NULL AND customer_id = canonical_customer_id
),
-- Phones seen on a customer besides its phone rows: order contacts as typed
-- and core customers' phones (under phoneMatch "suggest" a customer gets no
-- row for a phone another one owns). Digits only, leading zeros dropped: a
-- trunk prefix (0) or international prefix (00) comes before the national
-- number, and the national number is what ends an E.164 number.
phone_uses AS (
  SELECT oc.canonical_customer_id AS customer_id,
         ltrim(regexp_replace(oc.phone, '\\D', '', 'g'), '0') AS digits
    FROM customer_identity_order_contact oc
   WHERE oc.deleted_at IS NULL AND oc.phone IS NOT NULL
  UNION ALL
  SELECT l.canonical_customer_id, ltrim(regexp_replace(c.phone, '\\D', '', 'g'), '0')
    FROM customer c
    JOIN customer_identity_link l ON l.customer_id = c.id AND l.deleted_at IS NULL
   WHERE c.deleted_at IS NULL AND c.phone IS NOT NULL
),
owned_phones AS (
  SELECT customer_id, phone_e164, substr(phone_e164, 2) AS digits
    FROM customer_identity_phone WHERE deleted_at IS NULL
),
-- A typed phone is an owned E.164 number when it is that number without its
-- country code (1 to 3 digits) or with an international prefix in front.
-- The last seven digits are the equality key the join hashes on.
shared_phone AS (
  SELECT ${orderedPair("p.customer_id", "u.customer_id")},
         '${DuplicateReasonKind.SHARED_PHONE}' AS kind,
         min(p.phone_e164) AS detail,
         ${weight(DuplicateReasonKind.SHARED_PHONE)} AS weight
    FROM owned_phones p
    JOIN phone_uses u
      ON right(u.digits, 7) = right(p.digits, 7)
     AND ((right(p.digits, length(u.digits)) = u.digits AND length(u.digits) >= length(p.digits) - 3)
          OR right(u.digits, length(p.digits)) = p.digits)
   WHERE length(u.digits) >= 7 AND u.customer_id <> p.customer_id
   GROUP BY 1, 2
),
-- Only an email that a provider rule changes can have a twin (normalised
-- emails are unique): those few look their twins up through the index on
-- customer_identity_fold_email.
folding_emails AS (
  SELECT customer_id, email_normalized, customer_identity_fold_email(email_normalized) AS folded
    FROM customer_identity_email
   WHERE deleted_at IS NULL
     AND (email_normalized LIKE '%+%' OR email_normalized LIKE '%@googlemail.com'
          OR email_normalized LIKE '%.%@gmail.com')
),
provider_folded_email AS (
  SELECT ${orderedPair("x.customer_id", "y.customer_id")},
         '${DuplicateReasonKind.PROVIDER_FOLDED_EMAIL}' AS kind,
         min(CASE WHEN x.customer_id < y.customer_id COLLATE "C"
                  THEN x.email_normalized || ' ~ ' || y.email_normalized
                  ELSE y.email_normalized || ' ~ ' || x.email_normalized END) AS detail,
         ${weight(DuplicateReasonKind.PROVIDER_FOLDED_EMAIL)} AS weight
    FROM folding_emails x
    JOIN customer_identity_email y
      ON customer_identity_fold_email(y.email_normalized) = x.folded
     AND y.deleted_at IS NULL AND y.customer_id <> x.customer_id
   GROUP BY 1, 2
),
-- A guest that is still its own canonical customer while its email is an
-- account's secondary email (normalised as normalizeEmail does).
shared_secondary_email AS (
  SELECT ${orderedPair("g.customer_id", "e.customer_id")},
         '${DuplicateReasonKind.SHARED_SECONDARY_EMAIL}' AS kind,
         min(e.email_normalized) AS detail,
         ${weight(DuplicateReasonKind.SHARED_SECONDARY_EMAIL)} AS weight
    FROM canonical g
    JOIN customer c ON c.id = g.customer_id AND c.deleted_at IS NULL
    JOIN customer_identity_email e
      ON e.email_normalized = lower(trim(c.email)) AND e.deleted_at IS NULL AND NOT e.is_primary
    JOIN canonical account ON account.customer_id = e.customer_id AND account.has_account
   WHERE NOT g.has_account AND e.customer_id <> g.customer_id
   GROUP BY 1, 2
),
-- Values of kinds that suggest, which several customers hold (a VAT number).
shared_identifier AS (
  SELECT ${orderedPair("x.customer_id", "y.customer_id")},
         '${DuplicateReasonKind.SHARED_IDENTIFIER}' AS kind,
         min(x.kind || ': ' || x.value_normalized) AS detail,
         ${weight(DuplicateReasonKind.SHARED_IDENTIFIER)} AS weight
    FROM customer_identity_identifier x
    JOIN customer_identity_identifier y
      ON y.kind = x.kind AND y.value_normalized = x.value_normalized
     AND y.shared AND y.deleted_at IS NULL AND y.customer_id <> x.customer_id
   WHERE x.shared AND x.deleted_at IS NULL
   GROUP BY 1, 2
),
addresses AS (
  SELECT DISTINCT l.canonical_customer_id AS customer_id,
         lower(regexp_replace(trim(ca.address_1), '\\s+', ' ', 'g')) || '|' ||
         lower(regexp_replace(ca.postal_code, '\\s', '', 'g')) || '|' ||
         lower(ca.country_code) AS key
    FROM customer_address ca
    JOIN customer_identity_link l ON l.customer_id = ca.customer_id AND l.deleted_at IS NULL
   WHERE ca.deleted_at IS NULL
     AND trim(ca.address_1) <> '' AND trim(ca.postal_code) <> '' AND trim(ca.country_code) <> ''
),
name_candidates AS (
  SELECT a, b, 'phone' AS via FROM shared_phone
  UNION ALL
  SELECT x.customer_id, y.customer_id, 'address'
    FROM addresses x
    JOIN addresses y ON x.key = y.key AND x.customer_id < y.customer_id COLLATE "C"
),
names AS NOT MATERIALIZED (
  SELECT c.id, lower(trim(concat_ws(' ', c.first_name, c.last_name))) AS name
    FROM customer c JOIN canonical k ON k.customer_id = c.id
   WHERE c.deleted_at IS NULL
),
similar_name AS (
  SELECT p.a, p.b,
         '${DuplicateReasonKind.SIMILAR_NAME}' AS kind,
         format('%s ~ %s (%s), same %s', x.name, y.name, round(s.sim::numeric, 2), p.via) AS detail,
         ${weight(DuplicateReasonKind.SIMILAR_NAME)} * s.sim AS weight
    FROM (SELECT a, b, string_agg(DISTINCT via, ' and ' ORDER BY via) AS via
            FROM name_candidates GROUP BY a, b) p
    JOIN names x ON x.id = p.a
    JOIN names y ON y.id = p.b
    CROSS JOIN LATERAL (SELECT similarity(x.name, y.name)::float8 AS sim) s
   WHERE x.name <> '' AND y.name <> '' AND s.sim >= ${SIMILAR_NAME_THRESHOLD}
),
reasons AS (
  SELECT * FROM shared_phone
  UNION ALL SELECT * FROM provider_folded_email
  UNION ALL SELECT * FROM shared_secondary_email
  UNION ALL SELECT * FROM shared_identifier
  UNION ALL SELECT * FROM similar_name
),
pairs AS (
  SELECT r.a, r.b,
         round((1 - exp(sum(ln(1 - r.weight))))::numeric, 4)::float8 AS score,
         jsonb_agg(jsonb_build_object('kind', r.kind, 'detail', r.detail)
                   ORDER BY r.weight DESC, r.kind) AS reasons
    FROM reasons r
    JOIN canonical ka ON ka.customer_id = r.a
    JOIN canonical kb ON kb.customer_id = r.b
   WHERE r.a <> r.b
     AND NOT EXISTS (
       SELECT 1 FROM customer_identity_duplicate_dismissal d
        WHERE d.customer_a_id = r.a AND d.customer_b_id = r.b AND d.deleted_at IS NULL)
   GROUP BY r.a, r.b
),
filtered AS (SELECT * FROM pairs WHERE score >= ?)
SELECT (SELECT count(*) FROM filtered)::int AS count,
       coalesce((SELECT jsonb_agg(jsonb_build_object(
                          'customer_a_id', page.a, 'customer_b_id', page.b,
                          'score', page.score, 'reasons', page.reasons)
                        ORDER BY page.score DESC, page.a COLLATE "C", page.b COLLATE "C")
                   FROM (SELECT * FROM filtered
                          ORDER BY score DESC, a COLLATE "C", b COLLATE "C"
                          LIMIT ? OFFSET ?) page), '[]'::jsonb) AS candidates
`

/**
 * Lists pairs of canonical customers that may be one person, strongest
 * first, with the reasons and a score (0..1), leaving out dismissed pairs;
 * with the count of all pairs scoring at least `min_score`.
 */
export async function listAndCountDuplicateCandidates(
  container: MedusaContainer,
  filters: { min_score: number },
  pagination: { limit: number; offset: number }
): Promise<[DuplicateCandidate[], number]> {
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  return await knex.transaction(async (trx) => {
    // The expression joins make the planner's cost estimates huge, which
    // turns on JIT compilation: seconds of compiling for a single scan.
    await trx.raw("SET LOCAL jit = off")
    const {
      rows: [{ count, candidates }],
    } = await trx.raw(DUPLICATE_CANDIDATES_SQL, [
      filters.min_score,
      pagination.limit,
      pagination.offset,
    ])
    return [candidates, count]
  })
}
