/** What every search field of the invoice (Supplier, a line's Item) passes on to InvoiceCombobox as it is. */
export interface ComboboxFieldProps {
  /** Shown under the input and linked with aria-describedby. */
  error?: string | null
  disabled?: boolean
}
