import { afterAll, beforeAll, expect, it } from 'vitest'
import { launchChromium, type LaunchedChromium } from './support/browser'

let chromium: LaunchedChromium
beforeAll(async () => {
  chromium = await launchChromium()
})
afterAll(async () => {
  await chromium?.close()
})

it('runs a worker, IndexedDB and a fake camera in the headless Chromium', async () => {
  const page = await chromium.context.newPage()
  // A localhost origin is a secure context, which getUserMedia needs.
  await page.route('http://localhost/**', (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>smoke</title>' }),
  )
  await page.goto('http://localhost/')
  const result = await page.evaluate(async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ video: true })
    const tracks = stream.getVideoTracks().length
    stream.getTracks().forEach((t) => t.stop())
    return { tracks, imageDecoder: typeof (globalThis as { ImageDecoder?: unknown }).ImageDecoder }
  })
  expect(result).toEqual({ tracks: 1, imageDecoder: 'function' })
})
