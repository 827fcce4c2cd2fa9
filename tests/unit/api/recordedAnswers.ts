/** A Frappe answer recorded from a bench (tests/fixtures/frappe/*.json), with where in Frappe it comes from. */
export interface Recorded {
  about: string
  request: { method: string; path: string }
  status: number
  headers: Record<string, string>
  body: unknown
}

// Read as JSON by Vite, so the tests need no Node API in the browser-like unit project.
export const FIXTURES = import.meta.glob<Recorded>('../../fixtures/frappe/*.json', { eager: true, import: 'default' })

/** The recorded answer in `file`, as a copy: a test never changes another test's fixture. */
export function recorded(file: string): Recorded {
  const answer = FIXTURES[`../../fixtures/frappe/${file}`]
  if (!answer) throw new Error(`No recorded answer ${file}`)
  return structuredClone(answer)
}
