"""The scanner's whitelisted methods: ``/api/method/custom_erp.custom_erp.purchase_invoice.api.<name>``.

Thin: the rules live in plain modules (invoice_batches, memory_config, memory_guard); this file reads the
request, asks the database and raises Frappe's exceptions. Each request is one database transaction: Frappe
commits after a whitelisted POST returns and rolls back when it raises (frappe/app.py ``application`` →
``frappe.db.commit`` / ``rollback``), so a refusal midway writes nothing.

Batches are appended without loading the invoice: the header row is locked and read (its columns, none of its
lines), the write permission is checked on that header, the rows go in with one ``frappe.db.bulk_insert`` per
chunk, and the totals are updated in place. Only the
last batch loads the whole document once and saves it, so ERPNext computes taxes, accounts and totals over
every row once (``Document.save`` → ``run_before_save_methods`` → ERPNext's ``calculate_taxes_and_totals``).
Loading and saving the invoice on every batch is what made the original app run out of memory: ``save``
rewrites every child row (``Document.db_update_all``), so a 1,000-line invoice in batches of 50 meant 10,500
row writes; this way it is 1,000 rows inserted plus one save of 1,000.
"""

from __future__ import annotations

import gc
from typing import Any

import frappe
from frappe import _

from custom_erp.custom_erp import invoice_batches as rules
from custom_erp.custom_erp import memory_guard
from custom_erp.custom_erp.memory_config import MemoryConfigError, parse_memory_config

DOCTYPE = "Purchase Invoice"
BATCH_DOCTYPE = "Scanner Invoice Batch"
ITEM_DOCTYPE = "Purchase Invoice Item"
LAST_CLEANUP_KEY = "custom_erp:last_cleanup"

_EXCEPTIONS = {
	"ValidationError": frappe.ValidationError,
	"MandatoryError": frappe.MandatoryError,
	"DuplicateEntryError": frappe.DuplicateEntryError,
}


def _raise(error: rules.RuleError):
	"""A broken rule as Frappe's exception: every message in ``_server_messages``, the class picks the status."""
	if error.existing:
		# Kept by frappe/utils/response.py report_error, which sends the whole frappe.response.
		frappe.local.response["existing"] = error.existing
	for message in error.messages[1:]:
		frappe.msgprint(message, indicator="red")
	frappe.throw(error.messages[0], _EXCEPTIONS[error.kind])


def memory_config() -> dict[str, Any]:
	"""The site's memory_optimization block, checked: a bad one is a clear error, never a silent default."""
	try:
		return parse_memory_config(frappe.conf.get("memory_optimization"), "site_config.json")
	except MemoryConfigError as error:
		frappe.throw(str(error), frappe.ValidationError)


def _item_lookup(codes: list[str]):
	"""One query for every Item a batch names, instead of one per row."""
	found = {
		row.name: (row.item_name, row.stock_uom)
		for row in frappe.get_all(
			"Item", filters={"name": ["in", sorted(set(codes))]}, fields=["name", "item_name", "stock_uom"]
		)
	} if codes else {}
	return found.get


def _codes(items: Any) -> list[str]:
	if not isinstance(items, list):
		return []
	return [i["item_code"].strip() for i in items if isinstance(i, dict) and isinstance(i.get("item_code"), str)]


def _cleanup() -> None:
	"""What a worker can free: Python's garbage and this worker's local caches (frappe.clear_cache would
	clear the shared Redis cache of every worker, so it is not used here)."""
	gc.collect()
	frappe.local.cache = {}
	frappe.cache.set_value(LAST_CLEANUP_KEY, frappe.utils.now_datetime().isoformat())


def _guard(config: dict[str, Any]) -> None:
	try:
		memory_guard.before_chunk(config, cleanup=_cleanup)
	except memory_guard.MemoryPressure as pressure:
		# Sent as Retry-After by hooks.after_request (custom_erp.custom_erp.http.add_retry_after).
		frappe.local.custom_erp_retry_after = pressure.retry_after
		from custom_erp.custom_erp.exceptions import MemoryPressureError

		frappe.throw(str(pressure), MemoryPressureError)


def _insert_rows(parent: str, rows: list[rules.CleanRow], first_idx: int, config: dict[str, Any]) -> None:
	"""The rows as Purchase Invoice Item children, one bulk INSERT per chunk, memory checked before each."""
	now = frappe.utils.now()
	user = frappe.session.user
	fields = ["name", "parent", "parenttype", "parentfield", "idx", "owner", "modified_by", "creation", "modified",
		"item_code", "item_name", "qty", "rate", "amount", "uom", "description", "warehouse"]
	idx = first_idx
	for chunk in rules.chunks(rows, config["batch_size"]):
		_guard(config)
		values = []
		for row in chunk:
			values.append((frappe.generate_hash(length=10), parent, DOCTYPE, "items", idx, user, user, now, now,
				row.item_code, row.item_name, row.qty, row.rate, row.amount, row.uom, row.description, row.warehouse))
			idx += 1
		frappe.db.bulk_insert(ITEM_DOCTYPE, fields, values)


@frappe.whitelist(methods=["POST"])
def create_purchase_invoice(client_request_id=None, supplier=None, bill_no=None, bill_date=None,
		expected_items=None, items=None, posting_date=None, currency=None, document_total=None):
	"""A draft Purchase Invoice with its first batch (batch 0); the same client_request_id answers it again."""
	try:
		request_id = rules.required_text(client_request_id, "client_request_id")
		supplier = rules.required_text(supplier, "supplier")
		bill_no = rules.required_text(bill_no, "bill_no")
		bill_date = rules.iso_date(bill_date, "bill_date")
		posting_date = rules.iso_date(posting_date, "posting_date", required=False)
		currency = rules.currency_code(currency)
		expected = rules.bounded_integer(expected_items, "expected_items", 1, rules.MAX_EXPECTED_ITEMS)
		printed_total = rules.optional_money(document_total, "document_total")
		items = frappe.parse_json(items) if isinstance(items, str) else items
		rows = rules.validate_rows(items, _item_lookup(_codes(items)), 1)
		if not rows:
			raise rules.RuleError("ValidationError", ["items must hold at least one item"])
		if len(rows) > expected:
			raise rules.RuleError(
				"ValidationError", [f"The first batch has {len(rows)} items but expected_items is {expected}"]
			)
		digest = rules.payload_hash(rows)

		existing = frappe.db.get_value(DOCTYPE, {"client_request_id": request_id},
			["name", "supplier", "bill_no", "docstatus", "status", "items_received", "expected_items", "grand_total"],
			as_dict=True)
		if existing:
			first = frappe.db.get_value(BATCH_DOCTYPE, {"parent": existing.name, "parenttype": DOCTYPE, "batch_index": 0},
				"payload_hash")
			rules.check_replayed_create(existing.name, (existing.supplier, existing.bill_no, first), (supplier, bill_no, digest))
			return _progress(existing)

		duplicate = frappe.db.get_value(DOCTYPE, {"supplier": supplier, "bill_no": bill_no, "docstatus": ["<", 2]})
		if duplicate:
			raise rules.RuleError("DuplicateEntryError",
				[f"Supplier Invoice No {bill_no} of {supplier} already exists in Purchase Invoice {duplicate}"],
				existing=duplicate)
	except rules.RuleError as error:
		_raise(error)

	config = memory_config()
	doc = frappe.new_doc(DOCTYPE)
	doc.update({
		"client_request_id": request_id,
		"supplier": supplier,
		"bill_no": bill_no,
		"bill_date": bill_date,
		"posting_date": posting_date or frappe.utils.today(),
		"set_posting_time": 1,
		"expected_items": expected,
		"items_received": len(rows),
		"scan_status": rules.scan_status(len(rows), expected),
	})
	if currency:
		doc.currency = currency
	if printed_total is not None:
		doc.document_total = printed_total
	for chunk in rules.chunks(rows, config["batch_size"]):
		_guard(config)
		for row in chunk:
			doc.append("items", row.as_child_row())
	doc.append("scan_batches", {"batch_index": 0, "item_count": len(rows), "payload_hash": digest})
	# ERPNext validates the supplier, the dates (bill_date after posting_date is refused) and computes totals.
	doc.insert()
	return _progress(doc)


@frappe.whitelist(methods=["POST"])
def append_invoice_items(invoice=None, batch_index=None, items=None):
	"""Stores batch ``batch_index`` of a Receiving invoice; the same batch again answers the progress."""
	try:
		name = rules.required_text(invoice, "invoice")
		index = rules.bounded_integer(batch_index, "batch_index", 0, rules.MAX_EXPECTED_ITEMS)
		items = frappe.parse_json(items) if isinstance(items, str) else items
		# Locks the header row until the request's transaction ends: two appends to one invoice queue up. Every
		# column of the header, none of its child rows.
		header = frappe.db.get_value(DOCTYPE, name, "*", as_dict=True, for_update=True)
		if not header:
			frappe.throw(_("Purchase Invoice {0} not found").format(name), frappe.DoesNotExistError)
		# Checked on the header alone: given a name, has_permission loads the whole invoice with every line
		# (frappe/permissions.py has_permission → frappe.get_doc), on every batch. The owner, the role and
		# user permissions on the header's links are all it needs; the last batch's save checks the whole
		# document again (Document.save → check_permission).
		if not frappe.has_permission(DOCTYPE, "write", doc=frappe.get_doc({**header, "doctype": DOCTYPE})):
			frappe.throw(_("Not permitted to add lines to {0}").format(name), frappe.PermissionError)
		rows = rules.validate_rows(items, _item_lookup(_codes(items)), header.items_received + 1)
		if not rows:
			raise rules.RuleError("ValidationError", ["items must hold at least one item"])
		digest = rules.payload_hash(rows)
		stored = frappe.db.get_value(BATCH_DOCTYPE, {"parent": name, "parenttype": DOCTYPE, "batch_index": index},
			"payload_hash")
		batches = frappe.db.count(BATCH_DOCTYPE, {"parent": name, "parenttype": DOCTYPE})
		state = rules.InvoiceState(name, header.docstatus, header.items_received, header.expected_items, batches)
		if rules.decide_append(state, index, digest, stored, len(rows)) == rules.REPLAY:
			return _progress(header)
	except rules.RuleError as error:
		_raise(error)

	config = memory_config()
	_insert_rows(name, rows, header.items_received + 1, config)
	frappe.db.bulk_insert(BATCH_DOCTYPE,
		["name", "parent", "parenttype", "parentfield", "idx", "batch_index", "item_count", "payload_hash"],
		[(frappe.generate_hash(length=10), name, DOCTYPE, "scan_batches", batches + 1, index, len(rows), digest)])
	received = header.items_received + len(rows)
	added = sum(row.amount for row in rows)
	frappe.db.set_value(DOCTYPE, name, {
		"items_received": received,
		"scan_status": rules.scan_status(received, header.expected_items),
		"grand_total": rules.round_cents(float(header.grand_total or 0) + added),
	})
	if received >= header.expected_items:
		# All lines are in: ERPNext computes taxes, accounts and totals over every row, once.
		doc = frappe.get_doc(DOCTYPE, name)
		doc.save()
		return _progress(doc)
	header.update({"items_received": received, "grand_total": rules.round_cents(float(header.grand_total or 0) + added)})
	return _progress(header)


def _progress(doc) -> dict[str, Any]:
	return rules.progress(doc.name, doc.docstatus, doc.status, doc.items_received, doc.expected_items,
		float(doc.grand_total or 0))


@frappe.whitelist(methods=["GET"])
def get_memory_config():
	"""The effective memory_optimization block, so the app uses this site's thresholds and batch size."""
	return memory_config()


@frappe.whitelist(methods=["GET"])
def get_memory_status():
	"""This gunicorn worker's memory (``worker_pid``), with how many workers the bench runs (``workers``)."""
	config = memory_config()
	return memory_guard.status(config, memory_guard.gunicorn_workers(frappe.conf),
		frappe.cache.get_value(LAST_CLEANUP_KEY))


@frappe.whitelist(methods=["POST"])
def force_cleanup():
	"""Cleans the worker that answers this request (and says which); other workers clean on their schedule."""
	frappe.only_for("System Manager")
	before = memory_guard.rss_bytes()
	_cleanup()
	return memory_guard.cleanup_report(before, memory_guard.rss_bytes())


@frappe.whitelist(methods=["GET"])
def get_session_info():
	"""Who is signed in, their roles, and the session's CSRF token ("" for token auth, which needs none).

	A cookie session wins over a token on Frappe (frappe/auth.py ``validate_auth`` reads the Authorization
	header only while the request is still Guest). Token auth signs the request in with ``frappe.set_user``,
	which sets the session's sid to the user's name (frappe/__init__.py ``set_user``): that is how the two
	are told apart here.
	"""
	user = frappe.session.user
	sid = frappe.session.sid
	via_session = user != "Guest" and bool(sid) and sid not in ("Guest", user)
	return {
		"name": user,
		"full_name": frappe.utils.get_fullname(user),
		"roles": frappe.get_roles(user),
		"csrf_token": frappe.sessions.get_csrf_token() if via_session else "",
	}
