import type { FrappeFile } from '@/types/frappe'
import { currentConnection } from './client'
import { callMethod, getBlob, getResourceList, type CallOptions } from './envelope'
import { FrappeError } from './errors'
import { t } from '@/locales/i18n'

/** How far an upload has got. `total` is null when the browser cannot tell. */
export interface UploadProgress {
  loaded: number
  total: number | null
  /** 0…1, or null when the total is unknown. */
  fraction: number | null
}

/** Where an uploaded file is attached, and how to follow its progress. */
export interface UploadFileOptions {
  /** The Purchase Invoice (or other document) the file belongs to. */
  docname: string
  fileName: string
  doctype?: string
  /** Private unless said otherwise: invoices are not public files. */
  isPrivate?: boolean
  onProgress?: (progress: UploadProgress) => void
  signal?: AbortSignal
}

// A phone photo over a slow uplink takes longer than an ordinary call.
const UPLOAD_TIMEOUT_MS = 120_000

/**
 * Uploads a file as multipart to `upload_file`, attached to a document, with progress and abort.
 * Never base64 in JSON: the browser streams the Blob as it is.
 */
export async function uploadFile(file: Blob, options: UploadFileOptions): Promise<FrappeFile> {
  const form = new FormData()
  form.append('file', file, options.fileName)
  form.append('doctype', options.doctype ?? 'Purchase Invoice')
  form.append('docname', options.docname)
  form.append('is_private', options.isPrivate === false ? '0' : '1')
  form.append('file_name', options.fileName)
  const { onProgress } = options
  return callMethod<FrappeFile>('upload_file', {
    httpMethod: 'POST',
    data: form,
    signal: options.signal,
    timeout: UPLOAD_TIMEOUT_MS,
    onUploadProgress: onProgress
      ? (event) => {
          const total = event.total ?? null
          onProgress({ loaded: event.loaded, total, fraction: total ? Math.min(1, event.loaded / total) : null })
        }
      : undefined,
  })
}

/** The File fields listAttachments answers. */
export const ATTACHMENT_FIELDS: ReadonlyArray<keyof FrappeFile> = [
  'name',
  'file_name',
  'file_url',
  'file_size',
  'content_hash',
  'attached_to_doctype',
  'attached_to_name',
  'is_private',
]

/**
 * The files attached to a Purchase Invoice, in page order: pages are uploaded one after another in the clerk's
 * order, so oldest first is page order (Frappe's default for File, `modified desc`, would list them backwards).
 */
export async function listAttachments(invoiceName: string, options: CallOptions = {}): Promise<FrappeFile[]> {
  return getResourceList<FrappeFile>(
    'File',
    {
      fields: [...ATTACHMENT_FIELDS],
      order_by: 'creation asc',
      filters: [
        ['attached_to_doctype', '=', 'Purchase Invoice'],
        ['attached_to_name', '=', invoiceName],
      ],
    },
    options,
  )
}

/**
 * Frappe's `content_hash` of these bytes: an MD5 in hex (frappe/utils/file_manager.py `get_content_hash`, set by
 * frappe/core/doctype/file/file.py `File.save_file`). WebCrypto has no MD5, so spark-md5 (what Rails' Active
 * Storage uses for the same check) is loaded only when a hash is needed.
 */
export async function contentHash(blob: Blob): Promise<string> {
  const { default: SparkMD5 } = await import('spark-md5')
  return SparkMD5.ArrayBuffer.hash(await blob.arrayBuffer())
}

/**
 * The Files already attached to the invoice with these bytes, oldest first. Asked before sending a page again
 * whose first upload got no answer: Frappe makes a new File for the same bytes (`File.validate_duplicate_entry`),
 * so sending it again would attach the page twice.
 */
export async function findAttachedFiles(invoiceName: string, blob: Blob, options: CallOptions = {}): Promise<FrappeFile[]> {
  const [hash, attached] = await Promise.all([contentHash(blob), listAttachments(invoiceName, options)])
  return attached.filter((file) => file.content_hash === hash)
}

/** A File's `file_url` (`/private/files/…`) as a link on the configured backend; absolute URLs pass unchanged. */
export function resolveFileUrl(fileUrl: string): string {
  if (/^https?:\/\//i.test(fileUrl)) return fileUrl
  const path = fileUrl.startsWith('/') ? fileUrl : `/${fileUrl}`
  return `${currentConnection().baseUrl}${path}`
}

/**
 * Whether a File lives on the backend (a path) rather than elsewhere (a full URL Frappe can also record).
 * Decided the way the browser will resolve it: a path stays on whatever base it is resolved against, while
 * `https://…`, `//host/…` or a backslash trick (`/\host/…`, which browsers read as `//host/…`) does not.
 */
export function isBackendFile(fileUrl: string): boolean {
  try {
    return ['https://a.invalid', 'https://b.invalid'].every((base) => new URL(fileUrl, `${base}/`).origin === base)
  } catch {
    return false
  }
}

/**
 * Downloads a file stored on the backend through the API client, so an API key pair authorises it as it
 * does every call. Only backend paths: the key pair is never sent to another host a file_url might name.
 */
export async function downloadFile(fileUrl: string, options: CallOptions = {}): Promise<Blob> {
  if (!isBackendFile(fileUrl))
    throw new FrappeError({ excType: 'NotABackendFile', httpStatus: 0, messages: [t('errors.notBackendFile')], retryable: false })
  return getBlob(fileUrl.startsWith('/') ? fileUrl : `/${fileUrl}`, options)
}
