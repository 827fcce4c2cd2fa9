import { describe, expect, it } from 'vitest'
import { findAmounts, parseAmount } from '@/lib/reading/amounts'

describe('parseAmount', () => {
  it('reads a decimal comma or point with thousands separators', () => {
    expect(parseAmount('1.125,00')).toBe(1125)
    expect(parseAmount('1,125.00')).toBe(1125)
    expect(parseAmount("1'125.50")).toBe(1125.5)
    expect(parseAmount('1 125,00')).toBe(1125)
    expect(parseAmount('7,16')).toBe(7.16)
    expect(parseAmount('24.23')).toBe(24.23)
    expect(parseAmount('1.234.567,89')).toBe(1234567.89)
  })

  it('reads a semicolon the OCR put for a decimal comma', () => {
    expect(parseAmount('1;95')).toBe(1.95)
  })

  it('reads a sign before or after the amount', () => {
    expect(parseAmount('-2,84')).toBe(-2.84)
    expect(parseAmount('2,84-')).toBe(-2.84)
  })

  it('refuses what is not money: no cents, one decimal, a thousands mark equal to the decimal mark', () => {
    expect(parseAmount('125')).toBeNull()
    expect(parseAmount('23.5')).toBeNull()
    expect(parseAmount('1.125.00')).toBeNull()
    expect(parseAmount('abc')).toBeNull()
  })
})

describe('findAmounts', () => {
  it('finds every amount on a line, left to right, and not inside longer numbers', () => {
    expect(findAmounts('MWST 19% 0,47 6,69 7,16').map((a) => a.value)).toEqual([0.47, 6.69, 7.16])
    expect(findAmounts('SUMME EUR 48, 71').map((a) => a.value)).toEqual([48.71])
    expect(findAmounts('EAN 4002245701618').map((a) => a.value)).toEqual([])
  })
})
