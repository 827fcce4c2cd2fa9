"""A STUB of the ``frappe`` module for custom_erp's tests — not Frappe (see ../README.md).

Only what ``custom_erp.custom_erp.purchase_invoice.api`` calls, over in-memory tables. Every database call
is recorded in ``db.calls`` so tests can count queries per batch. ERPNext's part (naming, totals, the
supplier and date checks on insert) is imitated in ``_Document.insert``/``save`` just enough for the tests.
"""

from __future__ import annotations

import datetime as _dt
import itertools
import json
import secrets
import types

# ---- exceptions (frappe/exceptions.py names and status codes) ----


class ValidationError(Exception):
	http_status_code = 417


class MandatoryError(ValidationError):
	pass


class DuplicateEntryError(ValidationError):
	http_status_code = 409


class DoesNotExistError(ValidationError):
	http_status_code = 404


class PermissionError(Exception):  # noqa: A001 - Frappe's name
	http_status_code = 403


class _dict(dict):
	def __getattr__(self, key):
		try:
			return self[key]
		except KeyError as error:
			raise AttributeError(key) from error

	def __setattr__(self, key, value):
		self[key] = value


def _(text):
	return text


# ---- request state ----

local = types.SimpleNamespace()
session = _dict()
conf = _dict()
whitelisted: dict = {}


def reset(user="clerk@example.com", roles=("Accounts User",), sid="s1d", site_config=None):
	"""Fresh tables and request state for one test."""
	local.response = _dict()
	local.message_log = []
	local.cache = {}
	local.custom_erp_retry_after = None
	local.request = None
	session.clear()
	session.update(user=user, sid=sid)
	conf.clear()
	conf.update(site_config or {})
	_state.update(roles={user: list(roles)}, full_names={user: "Demo Clerk"}, csrf="csrf-of-" + sid)
	db.reset()
	cache.store.clear()
	inserted.clear()


_state: dict = {}


def whitelist(methods=None, allow_guest=False):
	def wrap(fn):
		whitelisted[fn.__name__] = {"methods": methods, "allow_guest": allow_guest}
		return fn

	return wrap


def throw(message, exc=ValidationError, title=None):
	local.message_log.append(message)
	raise exc(message)


def msgprint(message, indicator=None, **_kwargs):
	local.message_log.append(message)


def parse_json(value):
	return json.loads(value) if isinstance(value, str) else value


def get_app_path(app, *parts):
	"""The app's folder on disk: here, the repository's frappe/custom_erp."""
	import pathlib

	return str(pathlib.Path(__file__).resolve().parents[3].joinpath(*parts)) if app == "custom_erp" else None


def generate_hash(length=10):
	return secrets.token_hex(length)[:length]


def get_roles(user=None):
	return list(_state["roles"].get(user or session.user, []))


def only_for(role):
	if role not in get_roles():
		throw("Not permitted", PermissionError)


def has_permission(doctype, ptype="read", doc=None):
	"""Accounts User may write their own drafts; the stub knows no other rule. As Frappe's
	frappe/permissions.py ``has_permission`` does, a document given by name is loaded whole first
	(``frappe.get_doc(meta.name, doc)``), so a caller passing a name pays for every child row."""
	if isinstance(doc, str):
		doc = get_doc(doctype, doc)
	if "System Manager" in get_roles():
		return True
	return "Accounts User" in get_roles() and (doc is None or doc.get("owner") == session.user)


def logger(_name=None):
	return types.SimpleNamespace(info=lambda *a, **k: None)


class _Cache:
	def __init__(self):
		self.store = {}

	def set_value(self, key, value):
		self.store[key] = value

	def get_value(self, key):
		return self.store.get(key)


cache = _Cache()


# ---- utils / sessions ----

def _now():
	return _dt.datetime(2026, 3, 5, 10, 0, 0)


utils = types.SimpleNamespace(
	now=lambda: _now().strftime("%Y-%m-%d %H:%M:%S.%f"),
	now_datetime=_now,
	today=lambda: _now().date().isoformat(),
	get_fullname=lambda user: _state["full_names"].get(user, user),
)
sessions = types.SimpleNamespace(get_csrf_token=lambda: _state["csrf"])


# ---- database ----

def _matches(row, filters):
	for key, want in filters.items():
		have = row.get(key)
		if isinstance(want, list):
			op, value = want
			if op == "<" and not (have is not None and have < value):
				return False
			if op == "in" and have not in value:
				return False
		elif have != want:
			return False
	return True


class _Db:
	def reset(self):
		self.tables = {"Purchase Invoice": {}, "Purchase Invoice Item": {}, "Scanner Invoice Batch": {}, "Item": {}, "Supplier": {}}
		self.calls = []
		self.series = itertools.count(1)

	def _rows(self, doctype, filters):
		table = self.tables[doctype]
		if isinstance(filters, str):
			return [table[filters]] if filters in table else []
		return [row for row in table.values() if _matches(row, filters)]

	def get_value(self, doctype, filters, fieldname="name", as_dict=False, for_update=False):
		self.calls.append(("select", doctype, "for update" if for_update else ""))
		rows = self._rows(doctype, filters)
		if not rows:
			return None
		row = rows[0]
		if fieldname == "*":
			# Every column of the row (Frappe's ``get_value(..., "*")``), never the child tables.
			return _dict(row) if as_dict else tuple(row.values())
		if isinstance(fieldname, (list, tuple)):
			picked = _dict({f: row.get(f) for f in fieldname})
			return picked if as_dict else tuple(picked.values())
		return row.get(fieldname)

	def exists(self, doctype, name):
		self.calls.append(("select", doctype, ""))
		return name if name in self.tables.get(doctype, {}) else None

	def count(self, doctype, filters=None):
		self.calls.append(("count", doctype, ""))
		return len(self._rows(doctype, filters or {}))

	def bulk_insert(self, doctype, fields, values):
		self.calls.append(("insert", doctype, len(values)))
		for value in values:
			row = _dict(zip(fields, value))
			self.tables[doctype][row["name"]] = row

	def set_value(self, doctype, name, values):
		self.calls.append(("update", doctype, name))
		self.tables[doctype][name].update(values)

	def commit(self):
		pass

	def child_rows(self, parent, doctype):
		return sorted((r for r in self.tables[doctype].values() if r["parent"] == parent), key=lambda r: r["idx"])


db = _Db()


def get_all(doctype, filters=None, fields=None):
	db.calls.append(("select", doctype, ""))
	return [_dict({f: row.get(f) for f in fields or ["name"]}) for row in db._rows(doctype, filters or {})]


# ---- documents ----

_CHILD_TABLES = {"items": "Purchase Invoice Item", "scan_batches": "Scanner Invoice Batch"}


class _Document(_dict):
	def append(self, field, row):
		rows = self.setdefault(field, [])
		rows.append(_dict(row, idx=len(rows) + 1))

	def _erpnext_validate(self):
		"""Stands in for ERPNext's checks and totals: the supplier exists, bill_date is not after
		posting_date, grand_total is the sum of amounts, status follows docstatus."""
		if self.get("supplier") not in db.tables["Supplier"]:
			throw(f"Could not find Supplier: {self.get('supplier')}", ValidationError)
		if self.get("bill_date") and self.get("posting_date") and self["bill_date"] > self["posting_date"]:
			throw("Supplier Invoice Date cannot be greater than Posting Date", ValidationError)
		self["grand_total"] = round(sum(r["amount"] for r in self.get("items", [])), 2)
		self["status"] = {0: "Draft", 1: "Unpaid", 2: "Cancelled"}[self.get("docstatus", 0)]

	def insert(self, ignore_permissions=False):
		if self.get("doctype") in _NAMED_BY:
			return self._insert_master()
		self.setdefault("docstatus", 0)
		self._erpnext_validate()
		self["name"] = f"ACC-PINV-{self['posting_date'][:4]}-{next(db.series):05d}"
		self["owner"] = session.user
		header = {k: v for k, v in self.items() if k not in _CHILD_TABLES}
		db.calls.append(("insert", "Purchase Invoice", 1))
		db.tables["Purchase Invoice"][self.name] = _dict(header)
		for field, doctype in _CHILD_TABLES.items():
			rows = self.get(field, [])
			db.calls.append(("insert", doctype, len(rows)))
			for row in rows:
				stored = _dict(row, name=generate_hash(), parent=self.name, parenttype="Purchase Invoice", parentfield=field)
				db.tables[doctype][stored.name] = stored
		return self

	def _insert_master(self):
		"""A master record (demo data): named from its own field as its DocType names it, recorded in
		``inserted``; a second insert of one name fails as Frappe's DuplicateEntryError would."""
		self["name"] = self[_NAMED_BY[self["doctype"]]]
		table = db.tables.setdefault(self["doctype"], {})
		if self.name in table:
			throw(f"{self['doctype']} {self.name} already exists", DuplicateEntryError)
		db.calls.append(("insert", self["doctype"], 1))
		table[self.name] = _dict(self)
		inserted.append({k: v for k, v in self.items() if k != "name"} | {"doctype": self["doctype"]})
		return self

	def save(self):
		"""As Frappe's Document.save: validate, then rewrite the header and every child row."""
		self._erpnext_validate()
		db.calls.append(("update", "Purchase Invoice", self.name))
		db.tables["Purchase Invoice"][self.name].update({k: v for k, v in self.items() if k not in _CHILD_TABLES})
		for field, doctype in _CHILD_TABLES.items():
			for row in self.get(field, []):
				db.calls.append(("update", doctype, row["name"]))
		return self


# How the demo data's DocTypes name a new record (Supplier: Buying Settings' default "Supplier Name").
_NAMED_BY = {"Supplier Group": "supplier_group_name", "Supplier": "supplier_name", "UOM": "uom_name",
	"Item Group": "item_group_name", "Item": "item_code", "User": "email"}
# Every master record inserted since reset(), as it was handed to insert (without the name it got).
inserted: list = []


def new_doc(doctype):
	return _Document(doctype=doctype)


def get_doc(doctype, name=None):
	"""Loads the whole document, as Frappe does: the header and every child table. Given a dict, builds the
	document in memory from it without reading anything, as ``frappe.get_doc({...})`` does."""
	if isinstance(doctype, dict):
		return _Document(doctype)
	header = db.tables[doctype].get(name)
	if header is None:
		throw(f"{doctype} {name} not found", DoesNotExistError)
	db.calls.append(("select", doctype, "whole document"))
	doc = _Document(header)
	for field, child in _CHILD_TABLES.items():
		db.calls.append(("select", child, "whole document"))
		doc[field] = [_dict(r) for r in db.child_rows(name, child)]
	return doc
