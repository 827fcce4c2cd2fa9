/**
 * Money in decimal, as Frappe rounds it. A JavaScript number such as 1.015 is really 1.01499999…, so
 * `Math.round(qty * rate * 100)` gives 1.01 where any decimal rounding gives 1.02. Here a number is read
 * as the decimal it prints as (its shortest round-trip form), multiplied exactly in integers (BigInt), and
 * rounded once to the currency's precision by the site's method.
 *
 * The methods are Frappe's (`frappe/utils/data.py`, `rounded()`), named as in System Settings'
 * `rounding_method`. With none set, Frappe uses "Banker's Rounding (legacy)", which — for a precision above
 * 0, as money always has — sends an exact half *up* (`floor_num + 1`), and only at precision 0 to the
 * even neighbour. "Banker's Rounding" sends halves to the even neighbour; "Commercial Rounding" away from
 * zero. Frappe does this in floats with an epsilon; here the tie is decided exactly.
 */
export const ROUNDING_METHODS = ["Banker's Rounding (legacy)", "Banker's Rounding", 'Commercial Rounding'] as const
export type RoundingMethod = (typeof ROUNDING_METHODS)[number]

/** What Frappe's `rounded()` uses when System Settings name no method. */
export const DEFAULT_ROUNDING_METHOD: RoundingMethod = "Banker's Rounding (legacy)"

/** Currency precision: amounts are kept in minor units (cents). */
export const MONEY_PRECISION = 2

/** An exact decimal: `units / 10^scale`. */
interface Decimal {
  units: bigint
  scale: number
}

/** The decimal a finite number prints as (`String(1.015)` is "1.015"), exponent forms included. */
function toDecimal(value: number): Decimal {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`)
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(value))
  if (!match) throw new RangeError(`cannot read ${value} as a decimal`)
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = match
  let digits = whole + fraction
  let scale = fraction.length - Number(exponent)
  if (scale < 0) {
    digits += '0'.repeat(-scale)
    scale = 0
  }
  return { units: BigInt(sign + digits), scale }
}

/** Rounds `units / 10^scale` to `precision` decimals by `method`, answering units of `10^-precision`. */
function roundDecimal({ units, scale }: Decimal, precision: number, method: RoundingMethod): bigint {
  if (scale <= precision) return units * 10n ** BigInt(precision - scale)
  const divisor = 10n ** BigInt(scale - precision)
  const quotient = units / divisor // truncates toward zero
  const remainder = units % divisor
  if (remainder === 0n) return quotient
  const sign = units < 0n ? -1n : 1n
  const twice = 2n * (remainder < 0n ? -remainder : remainder)
  if (twice < divisor) return quotient
  if (twice > divisor) return quotient + sign
  // An exact half.
  if (method === 'Commercial Rounding') return quotient + sign
  if (method === "Banker's Rounding" || precision === 0) return quotient % 2n === 0n ? quotient : quotient + sign
  // Legacy: floor + 1, i.e. toward +infinity (for a negative value the truncated quotient is floor + 1).
  return sign > 0n ? quotient + 1n : quotient
}

/** A value rounded to `precision` decimals, as minor units (1.015 → 102 at precision 2, by default). */
export function toMinorUnits(value: number, precision = MONEY_PRECISION, method: RoundingMethod = DEFAULT_ROUNDING_METHOD): number {
  return Number(roundDecimal(toDecimal(value), precision, method))
}

/** qty × rate computed exactly and rounded once, as minor units (1.015 × 1 → 102). */
export function lineAmountMinorUnits(
  qty: number,
  rate: number,
  precision = MONEY_PRECISION,
  method: RoundingMethod = DEFAULT_ROUNDING_METHOD,
): number {
  const a = toDecimal(qty)
  const b = toDecimal(rate)
  return Number(roundDecimal({ units: a.units * b.units, scale: a.scale + b.scale }, precision, method))
}

/** Minor units back to the number a Frappe client expects (`102` → 1.02). */
export function fromMinorUnits(units: number, precision = MONEY_PRECISION): number {
  // Dividing an integer by a power of ten gives the nearest double to the decimal, which prints as it.
  return units / 10 ** precision
}
