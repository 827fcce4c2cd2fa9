import { describe, expect, it } from 'vitest'
import { blankDates, findDates } from '@/lib/reading/dates'

const isos = (line: string) => findDates(line).map((d) => d.iso)

describe('findDates', () => {
  it('reads the usual European, ISO and US forms', () => {
    expect(isos('18.05.2020')).toEqual(['2020-05-18'])
    expect(isos('18.05.20 09:55')).toEqual(['2020-05-18'])
    expect(isos('18/05/2020')).toEqual(['2020-05-18'])
    expect(isos('2020-05-18')).toEqual(['2020-05-18'])
    expect(isos('18 May 2020')).toEqual(['2020-05-18'])
    expect(isos('18. Mai 2020')).toEqual(['2020-05-18'])
    expect(isos('le 18 mai 2020')).toEqual(['2020-05-18'])
    expect(isos('3. März 2021')).toEqual(['2021-03-03'])
    expect(isos('May 18, 2020')).toEqual(['2020-05-18'])
    expect(isos('05/18/2020')).toEqual(['2020-05-18'])
  })

  it('reads a date split by an OCR space and skips days that do not exist', () => {
    expect(isos('Datum: 04.04. 2020')).toEqual(['2020-04-04'])
    expect(isos('31.02.2020 30.13.2020')).toEqual([])
  })

  it('does not take the hour of a time for the year of a date that lost its own', () => {
    // A Lidl receipt read as "3182 48433/01 02.03. 15:59": the paper says 02.03.20, the year was not read.
    expect(isos('3182 48433/01 02.03. 15:59')).toEqual([])
    expect(isos('02.03.20 15:59')).toEqual(['2020-03-02'])
  })

  it('does not take amounts or long numbers for dates', () => {
    expect(isos('SUMME 12,05 EUR')).toEqual([])
    expect(isos('Terminal 1234.05.2020')).toEqual([])
  })
})

describe('blankDates', () => {
  it('keeps the line length but removes the date', () => {
    expect(blankDates('12.05.20 09:55 9,99')).toBe('         09:55 9,99')
  })
})
