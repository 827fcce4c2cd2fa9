"""after_request hook: frappe/app.py runs every app's ``after_request`` with (request, response), also after an
exception was turned into a response."""

import frappe


def add_retry_after(request=None, response=None):
	"""Sends Retry-After when this request was refused for memory (set by purchase_invoice.api._guard)."""
	seconds = getattr(frappe.local, "custom_erp_retry_after", None)
	if seconds and response is not None:
		response.headers["Retry-After"] = str(int(seconds))
