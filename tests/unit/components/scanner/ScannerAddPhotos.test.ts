import { mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import ScannerAddPhotos from '@/components/scanner/ScannerAddPhotos.vue'

function pointer(coarse: boolean) {
  vi.stubGlobal('matchMedia', (query: string) => ({
    matches: coarse && query === '(pointer: coarse)',
    media: query,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
  }))
}

afterEach(() => vi.unstubAllGlobals())

const inputLabelled = (wrapper: ReturnType<typeof mount>, text: string) =>
  wrapper
    .findAll('label')
    .find((label) => label.text().startsWith(text))
    ?.find('input')

describe('ScannerAddPhotos', () => {
  it('offers only Add photos with a mouse', () => {
    pointer(false)
    const wrapper = mount(ScannerAddPhotos, { props: { disabledReason: null } })
    expect(inputLabelled(wrapper, 'Add photos')?.attributes('capture')).toBeUndefined()
    expect(inputLabelled(wrapper, 'Use phone camera')).toBeUndefined()
  })

  it('adds Use phone camera, opening the rear camera, on a touch screen', () => {
    pointer(true)
    const wrapper = mount(ScannerAddPhotos, { props: { disabledReason: null } })
    const camera = inputLabelled(wrapper, 'Use phone camera')!
    expect(camera.attributes('capture')).toBe('environment')
    expect(camera.attributes('accept')).toBe('image/*')
  })

  it('hands over the chosen files with where they came from, and clears the input', async () => {
    pointer(true)
    const wrapper = mount(ScannerAddPhotos, { props: { disabledReason: null } })
    const files = [new File(['a'], 'a.jpg', { type: 'image/jpeg' }), new File(['b'], 'b.pdf', { type: 'application/pdf' })]
    for (const [text, expected] of [
      ['Add photos', 'file'],
      ['Use phone camera', 'camera'],
    ] as const) {
      const input = inputLabelled(wrapper, text)!
      Object.defineProperty(input.element, 'files', { value: files, configurable: true })
      await input.trigger('change')
      expect(wrapper.emitted('files')!.at(-1)).toEqual([files, expected])
      expect((input.element as HTMLInputElement).value).toBe('')
    }
  })

  it('disables both inputs and says why', () => {
    pointer(true)
    const reason = 'Memory is nearly full (97 %). Send or remove pages before adding more.'
    const wrapper = mount(ScannerAddPhotos, { props: { disabledReason: reason } })
    for (const text of ['Add photos', 'Use phone camera']) {
      const input = inputLabelled(wrapper, text)!
      expect(input.attributes('disabled')).toBeDefined()
      expect(wrapper.get(`[id="${input.attributes('aria-describedby')}"]`).text()).toBe(reason)
    }
  })
})
