"""One batch the scanner sent for a Purchase Invoice (child table ``scan_batches``)."""

from frappe.model.document import Document


class ScannerInvoiceBatch(Document):
	pass
