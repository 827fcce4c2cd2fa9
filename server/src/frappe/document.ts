// The standard fields of a document as Frappe's `BaseDocument.as_dict()` (frappe/model/base_document.py)
// answers them on `GET /api/resource/<DocType>/<name>`: every document has `doctype`, `docstatus`, `idx`,
// `owner`, `modified_by`, `creation` and `modified`; a child row also `parent`, `parenttype`, `parentfield`.

/** What a stored row must have for {@link asDocument}. */
export interface StoredDocument {
  name: string
  owner: string
  creation: string
  modified: string
  docstatus?: number
}

/** The standard fields Frappe adds to every document. */
export interface StandardFields {
  doctype: string
  docstatus: number
  idx: number
  modified_by: string
}

/**
 * A stored row as Frappe's `as_dict()` answers it. `modified_by` is the owner unless given: this server
 * records who created a document but not who changed it last (docs/api.md says so).
 */
export function asDocument<T extends StoredDocument>(doctype: string, row: T, modifiedBy = row.owner): T & StandardFields {
  return { ...row, doctype, docstatus: row.docstatus ?? 0, idx: 0, modified_by: modifiedBy }
}

/** The child-table fields of one row (`idx` counts from 1, as in Frappe). */
export interface ChildFields {
  name: string
  doctype: string
  parent: string
  parenttype: string
  parentfield: string
  idx: number
  docstatus: number
}

/**
 * Rows of a child table as `as_dict()` answers them. Our rows are keyed by (parent, idx) and never move,
 * so `<parent>-<idx>` names each one stably where Frappe would use a random hash.
 */
export function asChildRows<T extends { idx: number }>(
  parent: { name: string; doctype: string; docstatus: number },
  parentfield: string,
  childDoctype: string,
  rows: T[],
): Array<T & ChildFields> {
  return rows.map((row) => ({
    ...row,
    name: `${parent.name}-${row.idx}`,
    doctype: childDoctype,
    parent: parent.name,
    parenttype: parent.doctype,
    parentfield,
    docstatus: parent.docstatus,
  }))
}
