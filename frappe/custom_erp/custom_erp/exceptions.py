"""The app's own Frappe exceptions. ``http_status_code`` on an exception class is how Frappe picks the
answer's status (frappe/exceptions.py, read by frappe/app.py ``handle_exception``)."""

import frappe


class MemoryPressureError(frappe.ValidationError):
	"""This worker is over its memory limit; nothing was written, retry after Retry-After seconds."""

	http_status_code = 503
