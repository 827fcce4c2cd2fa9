import { describe, expect, it } from 'vitest'
import manifestText from '../../../public/manifest.webmanifest?raw'
import { toFrappeManifest } from '../../../scripts/frappePage'

// On a bench the manifest is served from /assets/custom_erp/scanner/ but the app's pages and its service
// worker's scope are /scanner/ (docs/frappe.md): the manifest's page URLs must say so.

interface Manifest {
  id: string
  start_url: string
  scope: string
  share_target: { action: string }
  icons: Array<{ src: string }>
}

const MANIFEST_URL = 'https://erp.example.com/assets/custom_erp/scanner/manifest.webmanifest'
const PAGE = 'https://erp.example.com/scanner/scan'

describe('toFrappeManifest', () => {
  it('the app’s own manifest, as served on a bench, starts, scopes and shares under /scanner/', () => {
    const manifest = JSON.parse(toFrappeManifest(manifestText)) as Manifest
    // Resolved as a browser resolves them, against the manifest's URL.
    const at = (url: string) => new URL(url, MANIFEST_URL).href
    expect(at(manifest.start_url)).toBe(PAGE)
    expect(at(manifest.scope)).toBe('https://erp.example.com/scanner/')
    expect(at(manifest.id)).toBe('https://erp.example.com/scanner/')
    // The service worker (served at /scanner/sw.js) answers the share target inside its scope.
    expect(at(manifest.share_target.action)).toBe('https://erp.example.com/scanner/share-target')
    expect(PAGE.startsWith(at(manifest.scope))).toBe(true)
    // The icons are files beside the manifest, under the assets base.
    expect(manifest.icons.map((icon) => at(icon.src))).toContain('https://erp.example.com/assets/custom_erp/scanner/icons/icon-192.png')
  })

  it('the same manifest served by the embedded server keeps its relative URLs there (nothing else is changed)', () => {
    const original = JSON.parse(manifestText) as Manifest
    const frappe = JSON.parse(toFrappeManifest(manifestText)) as Manifest
    expect(new URL(original.start_url, 'https://scanner.example.com/manifest.webmanifest').pathname).toBe('/scan')
    expect({
      ...frappe,
      id: original.id,
      start_url: original.start_url,
      scope: original.scope,
      share_target: original.share_target,
    }).toEqual(original)
  })

  it('refuses a manifest whose page URLs are not written relative, rather than guess', () => {
    const absolute = manifestText.replace('"start_url": "./scan"', '"start_url": "/scan"')
    expect(() => toFrappeManifest(absolute)).toThrow('manifest start_url must be relative ("./…"), got /scan')
  })
})
