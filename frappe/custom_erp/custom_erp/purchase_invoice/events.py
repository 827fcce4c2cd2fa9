"""doc_events for Purchase Invoice (hooks.doc_events); frappe/model/document.py run_method calls them."""

import frappe

from custom_erp.custom_erp.invoice_batches import refuse_delete_reason


def on_trash(doc, method=None):
	"""Lets the scanner take back a draft it only partly sent; one with all its lines is accounts' to cancel.

	The received batches are a child table of the invoice (``scan_batches``), so frappe/model/delete_doc.py
	delete_doc removes them with it and nothing links to the invoice: no LinkExistsError.
	"""
	if not doc.get("client_request_id"):
		return  # not a scanner invoice: ERPNext's own rules apply
	reason = refuse_delete_reason(doc.docstatus, doc.get("items_received") or 0, doc.get("expected_items") or 0,
		doc.name)
	if reason:
		frappe.throw(reason, frappe.ValidationError)
