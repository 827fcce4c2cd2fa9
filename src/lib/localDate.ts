/**
 * Today as YYYY-MM-DD in the local time zone: the clerk's in the app (Posting Date's default), the
 * server's on the server (as Frappe uses the site's), so a receipt from this morning is never "in the future".
 * Shared by both halves so they cannot disagree on the format.
 */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
}
