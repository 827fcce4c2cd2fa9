import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope } from 'vue'
import { useDebouncedSearch } from '@/composables/useDebouncedSearch'
import { deferred } from '../api/fakeHttp'

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

function setup() {
  const answers = new Map<string, ReturnType<typeof deferred<string[]>>>()
  const search = vi.fn((text: string) => {
    const answer = deferred<string[]>()
    answers.set(text, answer)
    return answer.promise
  })
  const results: string[][] = []
  const scope = effectScope()
  const api = scope.run(() => useDebouncedSearch({ search, debounceMs: 200, onResults: (found) => results.push(found) }))!
  return { ...api, search, answers, results, scope }
}

describe('useDebouncedSearch', () => {
  it('asks once typing pauses, with the trimmed text', async () => {
    const { schedule, search } = setup()
    schedule('p')
    schedule('pa')
    schedule('pap ')
    await vi.advanceTimersByTimeAsync(199)
    expect(search).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(search.mock.calls).toEqual([['pap']])
  })

  it('keeps only the newest answer when an older one arrives late', async () => {
    const { schedule, answers, results, searching } = setup()
    schedule('pa')
    await vi.advanceTimersByTimeAsync(200)
    schedule('pen')
    await vi.advanceTimersByTimeAsync(200)
    answers.get('pen')!.resolve(['PEN-BLUE'])
    await vi.advanceTimersByTimeAsync(0)
    answers.get('pa')!.resolve(['PAPER-A4'])
    await vi.advanceTimersByTimeAsync(0)
    expect(results).toEqual([['PEN-BLUE']])
    expect(searching.value).toBe(false)
  })

  it('answers an empty list when the search fails', async () => {
    const results: string[][] = []
    const scope = effectScope()
    const { schedule, searching } = scope.run(() =>
      useDebouncedSearch<string>({
        search: async () => Promise.reject(new Error('offline')),
        debounceMs: 200,
        onResults: (found) => results.push(found),
      }),
    )!
    schedule('x')
    await vi.advanceTimersByTimeAsync(200)
    expect(results).toEqual([[]])
    expect(searching.value).toBe(false)
    scope.stop()
  })

  it('does not search once its scope has stopped', async () => {
    const { schedule, search, results, scope } = setup()
    schedule('y')
    scope.stop()
    await vi.advanceTimersByTimeAsync(1000)
    expect(search).not.toHaveBeenCalled()
    expect(results).toEqual([])
  })
})
