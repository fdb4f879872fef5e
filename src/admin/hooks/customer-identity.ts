import { toast } from "@medusajs/ui"
import {
  keepPreviousData,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query"
import type {
  AdminCustomerImportResponse,
  AdminCustomerIdentityListResponse,
  AdminCustomerIdentityResponse,
  AdminCustomerMergeListResponse,
  AdminDuplicateListResponse,
  AdminMergePreviewResponse,
  AdminOrderContactResponse,
  AdminUserCustomerIdentityResponse,
} from "../../types/http"
import type { CustomerDataExport } from "../../types/data-export"
import type { StatusAction } from "../lib/format"
import { sdk } from "../lib/sdk"

const BASE = "/admin/customer-identity"
const QUERY_KEY = "customer-identity"

export const isNotFound = (error: Error | null) =>
  (error as { status?: number } | null)?.status === 404

// A 404 is an answer ("nothing recorded"), not a failure worth retrying.
const retry = (failureCount: number, error: Error) =>
  !isNotFound(error) && failureCount < 2

export type IdentifierKind = "email" | "phone"

export interface CustomerIdentityListQuery {
  q?: string
  status?: string
  has_account?: string
  limit: number
  offset: number
  order?: string
}

export const useCustomerIdentity = (
  customerId: string,
  options: { enabled?: boolean } = {}
) =>
  useQuery({
    queryKey: [QUERY_KEY, "customer", customerId],
    queryFn: () =>
      sdk.client.fetch<AdminCustomerIdentityResponse>(
        `${BASE}/customers/${customerId}`
      ),
    retry,
    ...options,
  })

export const useCustomerIdentities = (
  query: CustomerIdentityListQuery,
  options: { enabled?: boolean } = {}
) =>
  useQuery({
    queryKey: [QUERY_KEY, "list", query],
    queryFn: () =>
      sdk.client.fetch<AdminCustomerIdentityListResponse>(`${BASE}/customers`, {
        query,
      }),
    retry,
    // Keeps the table in place while the next page or search loads.
    placeholderData: keepPreviousData,
    ...options,
  })

export const useOrderContact = (orderId: string) =>
  useQuery({
    queryKey: [QUERY_KEY, "order", orderId],
    queryFn: () =>
      sdk.client.fetch<AdminOrderContactResponse>(`${BASE}/orders/${orderId}`),
    retry,
  })

export const useUserCustomerIdentity = (userId: string) =>
  useQuery({
    queryKey: [QUERY_KEY, "user", userId],
    queryFn: () =>
      sdk.client.fetch<AdminUserCustomerIdentityResponse>(
        `${BASE}/users/${userId}`
      ),
    retry,
  })

/**
 * A mutation of the admin API: on success every customer identity query is
 * refetched (a change on one customer shows on its orders and user too); on
 * failure a toast shows the API's message. `refetchOnError` also refetches
 * after a refusal, for answers that mean the page is out of date.
 */
const useIdentityMutation = <TVariables, TData = unknown>(
  request: (variables: TVariables) => Promise<TData>,
  successMessage: string,
  { refetchOnError = false }: { refetchOnError?: boolean } = {}
) => {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: request,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: [QUERY_KEY] })
      toast.success(successMessage)
    },
    onError: (error: Error) => {
      toast.error(error.message)
      if (refetchOnError) {
        void queryClient.invalidateQueries({ queryKey: [QUERY_KEY] })
      }
    },
  })
}

export const useUpdateIdentityStatus = (customerId: string) =>
  useIdentityMutation(
    (action: StatusAction) =>
      sdk.client.fetch(`${BASE}/customers/${customerId}/${action}`, {
        method: "POST",
      }),
    "Status updated"
  )

/** Saves everything held about the person as a JSON file (a GDPR access request). */
export const useDownloadCustomerData = (customerId: string) =>
  useIdentityMutation(async () => {
    const document = await sdk.client.fetch<CustomerDataExport>(
      `${BASE}/customers/${customerId}/export`
    )
    const url = URL.createObjectURL(
      new Blob([JSON.stringify(document, null, 2)], {
        type: "application/json",
      })
    )
    const link = Object.assign(window.document.createElement("a"), {
      href: url,
      download: `customer-${document.customer_id}.json`,
    })
    link.click()
    URL.revokeObjectURL(url)
  }, "Customer data downloaded")

export interface AddIdentifierBody {
  value: string
  type?: string
  country_code?: string
}

export const useAddIdentifier = (customerId: string, kind: IdentifierKind) =>
  useIdentityMutation(
    ({ value, ...rest }: AddIdentifierBody) =>
      sdk.client.fetch(`${BASE}/customers/${customerId}/${kind}s`, {
        method: "POST",
        body: { [kind]: value, ...rest },
      }),
    kind === "email" ? "Email added" : "Phone added"
  )

export const useMakeIdentifierPrimary = (
  customerId: string,
  kind: IdentifierKind
) =>
  useIdentityMutation(
    (id: string) =>
      sdk.client.fetch(
        `${BASE}/customers/${customerId}/${kind}s/${id}/primary`,
        {
          method: "POST",
        }
      ),
    kind === "email" ? "Primary email changed" : "Primary phone changed"
  )

export const useRemoveIdentifier = (customerId: string, kind: IdentifierKind) =>
  useIdentityMutation(
    (id: string) =>
      sdk.client.fetch(`${BASE}/customers/${customerId}/${kind}s/${id}`, {
        method: "DELETE",
      }),
    kind === "email" ? "Email removed" : "Phone removed"
  )

export const useAddKindIdentifier = (customerId: string) =>
  useIdentityMutation(
    (body: { kind: string; value: string }) =>
      sdk.client.fetch(`${BASE}/customers/${customerId}/identifiers`, {
        method: "POST",
        body,
      }),
    "Identifier added"
  )

export const useRemoveKindIdentifier = (customerId: string) =>
  useIdentityMutation(
    (id: string) =>
      sdk.client.fetch(`${BASE}/customers/${customerId}/identifiers/${id}`, {
        method: "DELETE",
      }),
    "Identifier removed"
  )

export const useLinkUser = (userId: string) =>
  useIdentityMutation(
    (customerId?: string) =>
      sdk.client.fetch(`${BASE}/users/${userId}/link`, {
        method: "POST",
        body: customerId ? { customer_id: customerId } : {},
      }),
    "Customer linked"
  )

export const useUnlinkUser = (userId: string) =>
  useIdentityMutation(
    () =>
      sdk.client.fetch(`${BASE}/users/${userId}/link`, { method: "DELETE" }),
    "Customer unlinked"
  )

export interface DuplicateListQuery {
  limit: number
  offset: number
  min_score?: number
}

export const useDuplicates = (query: DuplicateListQuery) =>
  useQuery({
    queryKey: [QUERY_KEY, "duplicates", query],
    queryFn: () =>
      sdk.client.fetch<AdminDuplicateListResponse>(`${BASE}/duplicates`, {
        query,
      }),
    retry,
    placeholderData: keepPreviousData,
  })

export const useDismissDuplicate = () =>
  useIdentityMutation(
    (body: { customer_a_id: string; customer_b_id: string }) =>
      sdk.client.fetch(`${BASE}/duplicates/dismiss`, { method: "POST", body }),
    "Pair dismissed"
  )

export interface MergePair {
  source_customer_id: string
  target_customer_id: string
}

/**
 * What merging would move and its blockers. Kept out of QUERY_KEY: the
 * refetch after a merge would otherwise show the merged pair as blocked
 * while the modal closes.
 */
export const useMergePreview = (pair: MergePair | null) =>
  useQuery({
    queryKey: ["customer-identity-merge-preview", pair],
    queryFn: () =>
      sdk.client.fetch<AdminMergePreviewResponse>(`${BASE}/merges/preview`, {
        method: "POST",
        body: pair!,
      }),
    enabled: !!pair,
    retry,
    gcTime: 0,
  })

export const useMergeCustomers = () =>
  useIdentityMutation(
    (body: MergePair) =>
      sdk.client.fetch(`${BASE}/merges`, { method: "POST", body }),
    "Customers merged"
  )

export interface MergeListQuery {
  /** Merges where the customer is the source or the target. */
  customer_id?: string
  evidence?: string
  unproven?: "true" | "false"
  limit: number
  offset: number
}

/** Merges and automatic folds, newest first. */
export const useMerges = (query: MergeListQuery) =>
  useQuery({
    queryKey: [QUERY_KEY, "merges", query],
    queryFn: () =>
      sdk.client.fetch<AdminCustomerMergeListResponse>(`${BASE}/merges`, {
        query,
      }),
    retry,
    placeholderData: keepPreviousData,
  })

// A refused revert usually means the history is stale (reverted elsewhere,
// something moved): refetch it with the error.
export const useRevertMerge = () =>
  useIdentityMutation(
    (id: string) =>
      sdk.client.fetch(`${BASE}/merges/${id}/revert`, { method: "POST" }),
    "Merge reverted",
    { refetchOnError: true }
  )

/** Uploads a platform's customers export and starts its dry run. */
export const useStartImport = () =>
  useIdentityMutation(
    async ({
      file,
      format,
      mapping,
    }: {
      file: File
      format: string
      /** The generic format's columns, by field. */
      mapping?: Record<string, string>
    }) => {
      const { files } = await sdk.admin.upload.create({ files: [file] })
      return await sdk.client.fetch<AdminCustomerImportResponse>(
        `${BASE}/imports`,
        {
          method: "POST",
          body: {
            file_key: files[0].id,
            originalname: file.name,
            format,
            mapping,
          },
        }
      )
    },
    "File checked"
  )

const WORKING = ["planning", "running"]

/** An import, polled every second while its dry run or run is working. */
export const useCustomerImport = (id: string | undefined) =>
  useQuery({
    queryKey: [QUERY_KEY, "import", id],
    queryFn: () =>
      sdk.client.fetch<AdminCustomerImportResponse>(`${BASE}/imports/${id}`),
    enabled: !!id,
    refetchInterval: (query) =>
      WORKING.includes(query.state.data?.customer_import.status ?? "")
        ? 1000
        : false,
  })

export const useImportAction = (id: string, action: "confirm" | "cancel") =>
  useIdentityMutation(
    (_: void) =>
      sdk.client.fetch(`${BASE}/imports/${id}/${action}`, { method: "POST" }),
    action === "confirm" ? "Import started" : "Import canceled"
  )
