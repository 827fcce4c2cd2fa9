import type { HTTPRequest } from 'puppeteer-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../support/server'
import { waitFor, type EnginePage } from './support/engine'
import { hasFirefox, launchFirefox } from './support/firefox'
import { addPhotos, RECEIPTS, signIn } from './support/journey'

/**
 * Firefox (like Safari) has no `performance.memory`: the memory warning and the capture pause must come from
 * the app's own accounting (held Blobs, live object URLs, decoding pixels) against its budget. The budget is
 * made tiny, as `get_memory_config` answers it after a reload, so the three thumbnails the Scanner shows
 * after the reload are already too much; the server itself keeps its own (real) limits.
 */
const TINY_BUDGET_MB = 0.001

let server: RunningServer
let page: EnginePage | null = null
let tinyBudget = false
/** Answers still being made: the browser is closed only after them, and any failure fails the test. */
const answering = new Set<Promise<void>>()
const answerErrors: string[] = []

beforeAll(async () => {
  server = await startServer()
})
afterAll(async () => {
  await Promise.allSettled(answering)
  await page?.close()
  await server?.stop()
})

async function answerMemoryConfig(request: HTTPRequest): Promise<void> {
  if (!tinyBudget || !request.url().includes('get_memory_config')) return request.continue()
  const upstream = await fetch(request.url(), { headers: request.headers() })
  const body = (await upstream.json()) as { message: Record<string, unknown> }
  await request.respond({
    status: 200,
    contentType: 'application/json',
    body: JSON.stringify({ message: { ...body.message, max_memory_mb: TINY_BUDGET_MB } }),
  })
}

describe('Firefox ESR: memory without performance.memory', () => {
  it('warns and pauses captures from the app’s own accounting, and the Status page says so', async () => {
    expect(hasFirefox, 'Firefox ESR is not installed: apt-get install -y firefox-esr').toBe(true)
    page = await launchFirefox({
      prepare: async (firefox) => {
        await firefox.setRequestInterception(true)
        firefox.on('request', (request) => {
          const answer = answerMemoryConfig(request).catch((error: unknown) => void answerErrors.push(String(error)))
          answering.add(answer)
          void answer.finally(() => answering.delete(answer))
        })
      },
    })
    await signIn(page, server)
    await addPhotos(page)
    expect(await page.run('return h.text(document.querySelector(".memory-banner"))')).toBe('')

    tinyBudget = true
    await page.reload()
    const banner = await waitFor<{ level: string; text: string }>(
      page,
      'the memory banner at critical',
      `const banner = document.querySelector('.memory-banner')
       return banner && banner.dataset.level === 'critical' && { level: banner.dataset.level, text: h.text(banner) }`,
    )
    // "about": an estimate, the app's own figure, since this browser reports no heap.
    expect(banner.text).toMatch(
      /^Memory is nearly full \(about \d+ %\)\. New captures are paused\. Send or remove pages before adding more\. This browser does not report its memory/,
    )
    const addPhotosInput = await page.run<{ disabled: boolean; reason: string }>(
      `const input = document.querySelector('input[type="file"]')
       return { disabled: input.disabled, reason: h.text(document.getElementById(input.getAttribute('aria-describedby'))) }`,
    )
    expect(addPhotosInput).toEqual({
      disabled: true,
      reason: expect.stringMatching(/^Memory is nearly full \(about \d+ %\)\. Send or remove pages before adding more\.$/),
    })
    // The pages are still there: the pause stops new captures, it does not drop what was added.
    expect(await page.run('return document.querySelectorAll(\'ol[aria-label="Pages"] > li\').length')).toBe(RECEIPTS.length)

    await page.goto(`${server.appUrl}/status`)
    const figures = await waitFor<Record<string, string>>(
      page,
      'the memory figures on the Status page',
      `const read = (label) => {
         const figure = [...document.querySelectorAll('.status-figure')].find((el) => h.text(el.querySelector('dt')) === label)
         return figure ? h.text(figure.querySelector('dd')) : null
       }
       const figures = { source: read('Source'), heap: read('JS heap'), level: read('Level'), budget: read('Budget') }
       // The tiny budget shown means this page's get_memory_config has been answered.
       return figures.budget === '1.0 KB' && figures.source && figures.heap && figures.level ? figures : null`,
    )
    expect(figures).toEqual({
      source: 'The app’s own accounting (this browser reports no JS heap)',
      heap: 'Not reported by this browser',
      level: expect.stringMatching(/about \d+ %$/),
      budget: '1.0 KB',
    })
    expect(answerErrors).toEqual([])
  }, 300_000)
})
