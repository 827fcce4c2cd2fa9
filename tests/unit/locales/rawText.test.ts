import { ESLint } from 'eslint'
import { beforeAll, describe, expect, it } from 'vitest'

// The lint rule that keeps words in src/locales must really fail on a raw word, and pass a translated one.
const eslint = new ESLint()
const rulesFailing = async (template: string) => {
  const source = `<script setup lang="ts"></script>\n\n<template>\n  ${template}\n</template>\n`
  const [result] = await eslint.lintText(source, { filePath: 'src/components/ui/RawTextProbe.vue' })
  return (result?.messages ?? []).map((message) => message.ruleId)
}

describe('no raw text in templates (npm run lint)', () => {
  // The first lint loads the whole config (TypeScript resolver, plugins): slow on a busy machine, so not in a test's time.
  beforeAll(async () => {
    await rulesFailing('<p></p>')
  }, 600_000)

  it('fails on an English word left in a template or an aria-label', async () => {
    expect(await rulesFailing('<p>Send invoice</p>')).toContain('@intlify/vue-i18n/no-raw-text')
    expect(await rulesFailing('<button aria-label="Close viewer">✕</button>')).toContain('@intlify/vue-i18n/no-raw-text')
  })

  it('fails on a key that the message files do not have', async () => {
    expect(await rulesFailing(`<p>{{ $t('nowhere.toBeFound') }}</p>`)).toContain('@intlify/vue-i18n/no-missing-keys')
  })

  it('passes a translated word and bare symbols', async () => {
    expect(await rulesFailing(`<p>{{ $t('route.scan') }} · 3 / 4 ✕</p>`)).toEqual([])
  })
}, 120_000)
