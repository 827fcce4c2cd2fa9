/** The item block of an ALDI SÜD receipt as OCR reads it: VAT letters, a quantity line under an item, a deposit. */
export const ALDI_ITEM_LINES = [
  'Milch 1,5% 1L          1,19 A',
  'Mineralwasser 1,5L     0,38 A',
  '  2 x 0,19',
  'Pfand                  0,50 A',
  'Bananen                1,36 A',
  '  0,456 kg x 2,99 EUR/kg',
  'Summe                  3,43',
  'Kartenzahlung          3,43',
] as const
