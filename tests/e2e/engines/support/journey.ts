import { join } from 'node:path'
import { expect } from 'vitest'
import { CLERK, FIXTURES_DIR, type RunningServer } from '../../support/server'
import { waitFor, type EnginePage } from './engine'

// Real receipts from the shared fixtures (CC-BY-4.0), referenced in place.
export const RECEIPTS = ['hornbach_23092016_03_15200.jpg', 'ikea_08102016_12_13439.jpg', 'aldi_02032020_19_02423.jpg'].map((f) =>
  join(FIXTURES_DIR, f),
)

/** Three rows as a spreadsheet copies them: item code, qty, rate with a decimal comma. */
const LINES = ['PAPER-A4\t2\t3,50', 'PEN-BLUE\t1\t1,25', 'STAPLER\t3\t7,00'].join('\n')
// The total as its digits: the app writes money in the browser's locale (€29.25, 29,25 €).
const LINES_TOTAL_DIGITS = '2925'

const PRIVATE_NOTICE = /This private window can.t keep photos/

export interface JourneyOptions {
  /** Where the app is expected to keep photos: as Blobs, or (private windows) as bytes. */
  private: boolean
}

/** What the journey saw, for the test to assert on. */
export interface JourneyResult {
  invoice: string
  thumbsBeforeReload: ThumbFit[]
  thumbsAfterReload: ThumbFit[]
  memorySource: string
}

/** One thumbnail's boxes: the image's drawn content must lie inside its tile. */
export interface ThumbFit {
  tile: { width: number; height: number }
  /** The drawn picture (object-fit applied), relative to the tile. */
  drawn: { left: number; top: number; width: number; height: number }
}

/** Every page tile's image, once all are loaded: where its picture is drawn relative to the tile. */
async function thumbnails(page: EnginePage, count: number): Promise<ThumbFit[]> {
  return waitFor<ThumbFit[]>(
    page,
    `${count} loaded thumbnails`,
    `const items = [...document.querySelectorAll('ol[aria-label="Pages"] > li')]
     const imgs = items.map((li) => li.querySelector('img'))
     if (items.length !== args[0] || imgs.some((img) => !img || !img.complete || !img.naturalWidth)) return null
     return imgs.map((img) => {
       const tile = img.parentElement.getBoundingClientRect()
       const box = img.getBoundingClientRect()
       const style = getComputedStyle(img)
       // object-fit: contain scales the picture into its box; anything else draws it at the box's size.
       const scale = style.objectFit === 'contain' ? Math.min(box.width / img.naturalWidth, box.height / img.naturalHeight) : null
       const width = scale === null ? box.width : img.naturalWidth * scale
       const height = scale === null ? box.height : img.naturalHeight * scale
       return {
         tile: { width: tile.width, height: tile.height },
         drawn: { left: box.left - tile.left + (box.width - width) / 2, top: box.top - tile.top + (box.height - height) / 2, width, height },
       }
     })`,
    { args: [count], timeoutMs: 90_000 },
  )
}

/** Asserts each thumbnail's picture lies wholly inside its tile (half a pixel of rounding allowed). */
export function expectWhole(fits: readonly ThumbFit[], engine: string): void {
  for (const [index, { tile, drawn }] of fits.entries()) {
    const where = `${engine}, page ${index + 1}: ${JSON.stringify({ tile, drawn })}`
    expect(drawn.left, where).toBeGreaterThanOrEqual(-0.5)
    expect(drawn.top, where).toBeGreaterThanOrEqual(-0.5)
    expect(drawn.left + drawn.width, where).toBeLessThanOrEqual(tile.width + 0.5)
    expect(drawn.top + drawn.height, where).toBeLessThanOrEqual(tile.height + 0.5)
    // Whole and not a speck: the picture touches two opposite sides of the tile.
    expect(Math.max(drawn.width / tile.width, drawn.height / tile.height), where).toBeGreaterThan(0.95)
  }
}

async function clickButton(page: EnginePage, name: string): Promise<void> {
  const selector = await waitFor<string>(page, `the ${name} button`, 'return h.mark(h.button(args[0]))', { args: [name] })
  // The driver clicks where it found the button: rows, notes or notices arriving just then move it, and the click
  // lands on whatever took its place. Clicked once it is where it was at the previous look.
  await waitFor(
    page,
    `the ${name} button to stay in place`,
    `const box = document.querySelector(args[0])?.getBoundingClientRect()
     const now = box ? [box.x, box.y, box.width, box.height].join() : ''
     const seen = (window.__e2eBoxes ??= {})
     const still = !!now && seen[args[0]] === now
     seen[args[0]] = now
     return still`,
    { args: [selector] },
  )
  await page.click(selector)
}

async function field(page: EnginePage, label: string): Promise<string> {
  return waitFor<string>(page, `the ${label} field`, 'return h.mark(h.field(args[0]))', { args: [label] })
}

/** The notices region's texts. */
function notices(page: EnginePage): Promise<string[]> {
  return page.run<string[]>('return [...document.querySelectorAll("[data-notice-id]")].map(h.text)')
}

/** Signs in through the real sign-in page, as a clerk would. */
export async function signIn(page: EnginePage, server: RunningServer): Promise<void> {
  await page.goto(`${server.appUrl}/login`)
  await page.type(await field(page, 'Email or user name'), CLERK.usr)
  await page.type(await field(page, 'Password'), CLERK.pwd)
  await clickButton(page, 'Sign in')
  await waitFor(
    page,
    'the Scanner after sign-in',
    `return location.pathname === ${JSON.stringify(`${new URL(server.appUrl).pathname.replace(/\/$/, '')}/scan`)} && !!h.button("Paste lines")`,
  )
}

/** Chooses the receipts in the Add photos input and waits until each is a page; a file not added fails here. */
export async function addPhotos(page: EnginePage, files: readonly string[] = RECEIPTS): Promise<void> {
  await page.setFiles(await waitFor<string>(page, 'the file input', 'return h.mark(document.querySelector(\'input[type="file"]\'))'), files)
  await waitFor(
    page,
    `${files.length} pages`,
    `const failed = document.querySelector('[aria-label="Files not added"] li')
     if (failed) throw new Error('a file was not added: ' + h.text(failed))
     return document.querySelectorAll('ol[aria-label="Pages"] > li').length === args[0]`,
    { args: [files.length], timeoutMs: 120_000 },
  )
}

/**
 * The clerk's journey after sign-in: add three photos, see whole thumbnails, reload and see them again,
 * enter the header and paste lines, submit, and read the memory source on the Status page.
 */
export async function runJourney(page: EnginePage, server: RunningServer, options: JourneyOptions): Promise<JourneyResult> {
  await addPhotos(page)
  if (options.private) {
    // Told once: one notice, however many photos went in.
    await waitFor(
      page,
      'the private-window notice',
      'return [...document.querySelectorAll("[data-notice-id]")].some((el) => new RegExp(args[0]).test(h.text(el)))',
      {
        args: [PRIVATE_NOTICE.source],
      },
    )
    expect(
      (await notices(page)).filter((text) => PRIVATE_NOTICE.test(text)),
      page.name,
    ).toEqual([expect.stringContaining("This private window can't keep photos after it is closed: send before you close it.")])
  } else expect((await notices(page)).join('\n'), page.name).not.toMatch(PRIVATE_NOTICE)
  const thumbsBeforeReload = await thumbnails(page, RECEIPTS.length)

  await page.reload()
  const thumbsAfterReload = await thumbnails(page, RECEIPTS.length)
  await recordPage(page)

  const supplier = await field(page, 'Supplier')
  await page.type(supplier, 'Hornb')
  await page.click(
    await waitFor<string>(
      page,
      'the Hornbach option',
      'return h.mark([...document.querySelectorAll(\'[role="option"]\')].find((o) => /Hornbach/.test(h.text(o))))',
    ),
  )
  await waitFor(page, 'the currency from the supplier', 'return h.field("Currency")?.value === "EUR"')
  const billNo = `ENGINE-${Date.now()}`
  await page.type(await field(page, 'Bill No'), billNo)
  // A date field's keystrokes differ by engine and locale; its value is set as the date picker would.
  await page.run('h.fill(h.field("Bill Date"), "2026-11-20")')

  await clickButton(page, 'Paste lines')
  // Tabs typed as keystrokes would move the focus out; a paste puts them in as text.
  await page.run('h.fill(h.field("Lines to paste"), args[0])', LINES)
  await clickButton(page, 'Add lines')
  await waitFor(
    page,
    'the three lines and their total',
    `return h.text(document.querySelector('[data-testid="grand-total"]')).replace(/[^0-9]/g, '') === args[0]`,
    { args: [LINES_TOTAL_DIGITS] },
  )
  // The modal Paste lines dialog makes the rest of the page inert until it has closed: a click on Submit
  // before then lands on nothing.
  await waitFor(page, 'the Paste lines dialog to close', 'return !document.querySelector("dialog[open]")')
  // Each pasted line shows its item's name once the server has answered the item lookup, and that makes its
  // row taller: a click on Submit located before then can land where the rows push "Add line" to. Seen once
  // in Firefox under load: the draft got an empty fourth line with the focus in it, and nothing was sent.
  await waitFor(
    page,
    'the item names of the three lines',
    `const rows = [...document.querySelectorAll('[aria-labelledby="invoice-lines-title"] tbody tr')]
     return rows.length === 3 && rows.every((row) => h.text(row.querySelector('.item-name')))`,
  )

  await clickButton(page, 'Submit invoice')
  const invoice = await waitFor<string>(
    page,
    'Invoice sent',
    `const alert = [...document.querySelectorAll('[role="alert"]')].map(h.text).filter(Boolean)
     if (alert.length && !document.querySelector('[data-testid="sent-invoice-name"]')) throw new Error(alert.join(' | '))
     return h.text(document.querySelector('[data-testid="sent-invoice-name"]'))`,
    { timeoutMs: 120_000 },
  ).catch(async (error: unknown) => {
    // What the clerk sees instead and what the server was asked, so a failure here says whether the send was
    // stuck, slow, refused or never started.
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${await sendDiagnosis(page, server)}`, { cause: error })
  })

  await page.goto(`${server.appUrl}/status`)
  const memorySource = await waitFor<string>(
    page,
    'the memory source on the Status page',
    `const figure = [...document.querySelectorAll('.status-figure')].find((el) => h.text(el.querySelector('dt')) === 'Source')
     return figure ? h.text(figure.querySelector('dd')) : null`,
  )
  return { invoice, thumbsBeforeReload, thumbsAfterReload, memorySource }
}

/**
 * Keeps, from now on (until the next navigation) for {@link sendDiagnosis}: the page's console errors and
 * warnings, uncaught errors and unhandled rejections (WebDriver classic cannot read the console, and an error
 * in a click handler shows the clerk nothing), and each change of what the submit panel and the alerts say,
 * timed (a retry's warning or a pause that resumed is gone by the time a wait gives up).
 */
async function recordPage(page: EnginePage): Promise<void> {
  await page.run(
    `if (window.__e2eConsole) return
     const seen = (window.__e2eConsole = [])
     const keep = (line) => seen.push(new Date().toISOString().slice(11, 23) + ' ' + line)
     for (const level of ['error', 'warn']) {
       const original = console[level]
       console[level] = (...parts) => {
         keep(level + ': ' + parts.map((part) => (part instanceof Error ? part.stack || String(part) : String(part))).join(' '))
         original.apply(console, parts)
       }
     }
     addEventListener('error', (event) => keep('uncaught: ' + event.message))
     addEventListener('unhandledrejection', (event) => keep('unhandled rejection: ' + (event.reason?.stack ?? event.reason)))
     let said = ''
     new MutationObserver(() => {
       const alerts = [...document.querySelectorAll('[role="alert"]')].map(h.text).filter(Boolean)
       const now = 'panel: ' + h.text(document.querySelector('.submit-panel')) + (alerts.length ? ' | alerts: ' + alerts.join(' | ') : '')
       // An upload's percentages would fill the list: a change is kept when more than a percentage changed.
       const gist = now.replace(/\\d+ %/g, '… %')
       if (gist !== said) keep(now)
       said = gist
     }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['disabled'] })`,
  )
}

/**
 * Everything needed to tell why a send did not end in "Invoice sent": the submit panel, alerts and notices,
 * whether a dialog is open, the drafts' saved submission states in IndexedDB, and the server's last requests.
 */
export async function sendDiagnosis(page: EnginePage, server: RunningServer): Promise<string> {
  const seen = await page
    .run<unknown>(
      `const drafts = await new Promise((resolve) => {
         const open = indexedDB.open('invoice-scanner')
         open.onerror = () => resolve('IndexedDB did not open: ' + open.error)
         open.onsuccess = () => {
           const read = open.result.transaction('drafts').objectStore('drafts').getAll()
           read.onerror = () => resolve('drafts not read: ' + read.error)
           read.onsuccess = () => {
             resolve(read.result.map((d) => ({ id: d.id, lines: d.lines.length, submission: d.submission && {
               phase: d.submission.phase, invoice: d.submission.invoice, pages: d.submission.pageIds.length,
               uploaded: d.submission.uploadedPages.length, acked: d.submission.ackedBatches, inFlight: d.submission.uploadInFlight,
               lastError: d.submission.lastError } })))
             open.result.close()
           }
         }
       })
       return {
         url: location.href,
         submitPanel: h.text(document.querySelector('.submit-panel')),
         submitDisabled: h.button('Submit invoice')?.disabled ?? 'no Submit button',
         dialogOpen: !!document.querySelector('dialog[open]'),
         alerts: [...document.querySelectorAll('[role="alert"]')].map(h.text).filter(Boolean),
         notices: [...document.querySelectorAll('[data-notice-id]')].map(h.text),
         focused: document.activeElement?.outerHTML.slice(0, 200),
         entry: h.text(document.querySelector('.invoice-entry')).slice(0, 800),
         since: window.__e2eConsole?.slice(-40) ?? 'not recorded',
         serviceWorker: navigator.serviceWorker ? String(navigator.serviceWorker.controller?.state ?? 'none') : 'unsupported',
         drafts,
       }`,
    )
    .catch((reason: unknown) => String(reason))
  return `the page shows: ${JSON.stringify(seen, null, 1)}\nthe server's last requests:\n${serverRequests(server.output()).slice(-20).join('\n')}`
}

/** The fields of Fastify's request log lines (pino JSON) that {@link serverRequests} reads. */
interface LogEntry {
  reqId?: string
  msg?: string
  req?: { method?: string; url?: string }
  res?: { statusCode?: number }
  responseTime?: number
}

/**
 * The requests in the embedded server's log (LOG_LEVEL=debug logs each one), "METHOD url -> status", in
 * the order they arrived; one never answered reads "-> (no answer yet)".
 */
export function serverRequests(log: string): string[] {
  const requests = new Map<string, string>()
  const answers = new Map<string, string>()
  for (const line of log.split('\n')) {
    if (!line.startsWith('{')) continue
    let entry: LogEntry
    try {
      entry = JSON.parse(line) as LogEntry
    } catch {
      continue
    }
    if (!entry.reqId) continue
    if (entry.msg === 'incoming request') requests.set(entry.reqId, `${entry.req?.method} ${entry.req?.url}`)
    else if (entry.msg === 'request completed')
      answers.set(entry.reqId, `${entry.res?.statusCode} in ${Math.round(entry.responseTime ?? 0)} ms`)
  }
  return [...requests].map(([id, request]) => `${request} -> ${answers.get(id) ?? '(no answer yet)'}`)
}

/** The invoice as the server stored it, read through its REST API as the clerk. */
export async function serverInvoice(server: RunningServer, name: string): Promise<{ lines: number; total: number; attachments: number }> {
  const login = await fetch(`${server.url}/api/method/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ usr: CLERK.usr, pwd: CLERK.pwd }),
  })
  expect(login.status).toBe(200)
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${server.url}${path}`, { headers: { cookie } })
    expect(response.status, path).toBe(200)
    return (await response.json()) as T
  }
  const { data } = await get<{ data: { items: unknown[]; grand_total: number } }>(
    `/api/resource/Purchase Invoice/${encodeURIComponent(name)}`,
  )
  const files = await get<{ data: unknown[] }>(
    `/api/resource/File?filters=${encodeURIComponent(JSON.stringify([['attached_to_name', '=', name]]))}&fields=${encodeURIComponent('["name","file_size"]')}`,
  )
  return { lines: data.items.length, total: data.grand_total, attachments: files.data.length }
}
