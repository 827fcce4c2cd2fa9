import type { Page } from 'playwright-core'

/** Chooses the supplier as a clerk does (type part of the name, pick the option), then Bill No and Bill Date. */
export async function fillHeader(
  page: Page,
  header: { search: string; supplier: RegExp; billNo: string; billDate?: string },
): Promise<void> {
  const supplier = page.getByRole('combobox', { name: 'Supplier' })
  await supplier.fill(header.search)
  await page.getByRole('option', { name: header.supplier }).waitFor()
  await supplier.press('Enter')
  await page.getByLabel('Bill No').fill(header.billNo)
  await page.getByLabel('Bill Date').fill(header.billDate ?? '2026-11-20')
}

/** Adds lines through the Paste lines dialog, as rows copied from a spreadsheet (tab-separated). */
export async function pasteLines(page: Page, text: string): Promise<void> {
  await page.getByRole('button', { name: 'Paste lines' }).click()
  await page.getByLabel('Lines to paste').fill(text)
  await page.getByRole('button', { name: 'Add lines' }).click()
}

/**
 * Every record of one of the app's IndexedDB stores ('drafts', 'pages'), read in the page. (No named
 * functions inside page.evaluate: under tsx they would call a helper the page does not have.)
 */
export async function readStore<T>(page: Page, store: 'drafts' | 'pages'): Promise<T[]> {
  return page.evaluate(async (name) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('invoice-scanner')
      request.onsuccess = () => resolve(request.result)
      request.onerror = () => reject(request.error)
    })
    try {
      return await new Promise<unknown[]>((resolve, reject) => {
        const request = db.transaction(name).objectStore(name).getAll()
        request.onsuccess = () => resolve(request.result)
        request.onerror = () => reject(request.error)
      })
    } finally {
      db.close()
    }
  }, store) as Promise<T[]>
}

/** Chooses an item of page `number`'s Actions menu by its words ("Rotate", "Move right", "Delete"). */
export async function pageAction(page: Page, number: number, words: string): Promise<void> {
  const menu = page.getByRole('menu', { name: `Page ${number}` })
  if (!(await menu.isVisible())) await page.getByRole('button', { name: `Actions for page ${number}` }).click()
  await menu.getByRole(words === 'Retake' ? 'menuitemcheckbox' : 'menuitem', { name: words, exact: true }).click()
}
