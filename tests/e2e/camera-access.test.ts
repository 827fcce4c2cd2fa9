import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { useApp } from './support/app'
import { CLERK, FIXTURES_DIR } from './support/server'

// The camera can be refused or missing; the clerk is told in words they can act on, and the other ways
// of adding a page still work. Each case runs in its own Chromium (the camera is set at launch).
const RECEIPT = join(FIXTURES_DIR, 'rossmann_27022020_01_00195.jpg')

async function addPhotoStillWorks(app: ReturnType<typeof useApp>): Promise<void> {
  await app.page.locator('input[type="file"]').first().setInputFiles([RECEIPT])
  await app.page.getByRole('listitem', { name: 'Page 1' }).waitFor({ timeout: 60_000 })
  await expect(app.page.getByRole('button', { name: 'Add photos' }).isEnabled()).resolves.toBe(true)
}

describe('with camera access refused', () => {
  const app = useApp({ camera: 'denied', signInAs: CLERK })

  it('says access was denied and how to allow it, and Add photos still makes a page', async () => {
    await app.page.getByRole('button', { name: 'Open camera' }).click()
    await app.page
      .getByText('Camera access was denied. Allow the camera for this site in the browser settings, or use Add photos instead.')
      .waitFor()
    await expect(app.page.getByRole('button', { name: 'Take photo' }).count()).resolves.toBe(0)
    await expect(app.page.evaluate(() => document.querySelector('video')?.srcObject ?? null)).resolves.toBeNull()
    await addPhotoStillWorks(app)
  })
})

describe('on a device without a camera', () => {
  const app = useApp({ camera: 'none', signInAs: CLERK })

  it('says no camera was found, and Add photos still makes a page', async () => {
    await app.page.getByRole('button', { name: 'Open camera' }).click()
    await app.page.getByText('No camera was found on this device. Use Add photos instead.').waitFor()
    await addPhotoStillWorks(app)
  })
})
