/**
 * One browser page driven over WebDriver (BiDi for Firefox, classic for WebKit), reduced to what the
 * clerk's journey needs, so the same journey runs in every engine. Finding elements happens in the page
 * (by label, role and text, as a clerk reads them); clicks, typing and file choosing go through the driver.
 */
export interface EnginePage {
  /** "Firefox ESR", "WebKit (Private Browsing)"… for messages. */
  readonly name: string
  goto: (url: string) => Promise<void>
  reload: () => Promise<void>
  /** Runs `body` as an async function in the page, with the helpers as `h` and `args`; answers its JSON result. */
  run: <T>(body: string, ...args: unknown[]) => Promise<T>
  /** Clicks the element matching `selector` as a user would (pointer events from the driver). */
  click: (selector: string) => Promise<void>
  /** Types `text` into the element matching `selector` as keystrokes. */
  type: (selector: string, text: string) => Promise<void>
  /** Chooses local files in the file input matching `selector`. */
  setFiles: (selector: string, paths: readonly string[]) => Promise<void>
  close: () => Promise<void>
}

/**
 * In-page helpers, as source, available as `h` in `run` bodies. `h.mark(el)` gives an element a unique
 * attribute so the driver can click or type into it by selector.
 */
export const PAGE_HELPERS = `
const h = {
  visible: (el) => !!el && el.getClientRects().length > 0,
  text: (el) => (el?.textContent ?? '').replace(/\\s+/g, ' ').trim(),
  field(label) {
    for (const l of document.querySelectorAll('label')) {
      if (h.text(l) !== label) continue
      const control = l.htmlFor ? document.getElementById(l.htmlFor) : l.querySelector('input, textarea, select')
      if (control) return control
    }
    return [...document.querySelectorAll('[aria-label]')].find((el) => el.getAttribute('aria-label') === label && /^(INPUT|TEXTAREA)$/.test(el.tagName)) ?? null
  },
  button: (name) => [...document.querySelectorAll('button')].find((b) => h.visible(b) && (h.text(b) === name || b.getAttribute('aria-label') === name)) ?? null,
  mark(el) {
    if (!el) return null
    // Drivers scroll a target only until it is in view, which can leave it under the sticky header.
    el.scrollIntoView({ block: 'center' })
    if (!el.hasAttribute('data-e2e')) el.setAttribute('data-e2e', String(h.counter()))
    return '[data-e2e="' + el.getAttribute('data-e2e') + '"]'
  },
  counter: () => (window.__e2eCount = (window.__e2eCount ?? 0) + 1) - 1,
  fill(el, value) {
    const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype
    Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, value)
    el.dispatchEvent(new Event('input', { bubbles: true }))
    el.dispatchEvent(new Event('change', { bubbles: true }))
  },
}
`

/** The page expression `run` evaluates: an async function called with the JSON of `args`. */
export function pageExpression(body: string, args: readonly unknown[]): string {
  return `(async (args) => { ${PAGE_HELPERS}\n${body} })(${JSON.stringify(args)})`
}

/**
 * Polls `body` in the page until it answers something truthy, and answers that; fails with `what` and the
 * last answer after `timeoutMs`. A poll, not a sleep: WebDriver classic has no way to wait on the page.
 */
export async function waitFor<T>(
  page: EnginePage,
  what: string,
  body: string,
  { timeoutMs = 60_000, args = [] as unknown[] } = {},
): Promise<T> {
  const end = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      last = await page.run<T>(body, ...args)
      if (last) return last as T
    } catch (error) {
      // A navigation under the script (reload, redirect) throws; the next poll reads the new page.
      // The error's name too: WebDriver's script timeout comes with an empty message.
      last = error instanceof Error ? `${error.name}: ${error.message}` : error
    }
    if (Date.now() > end)
      throw new Error(`${page.name}: timed out after ${timeoutMs} ms waiting for ${what}; last answer: ${JSON.stringify(last)}`)
    await new Promise((resolve) => setTimeout(resolve, 150))
  }
}
