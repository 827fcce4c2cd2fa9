"""The scanner's rules for an invoice that arrives in batches: rows, payload hashes, batch order, progress.

Plain Python (no Frappe import), tested with ``unittest``. ``purchase_invoice/api.py`` applies these rules
and does the database work. They mirror the embedded server (``server/src/domain/invoiceItems.ts``,
``invoices.ts``, ``invoiceDocument.ts``) so a client sees the same answers from both.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Sequence

MAX_BATCH_ITEMS = 500
MAX_EXPECTED_ITEMS = 10_000
MAX_QTY = 1_000_000
MAX_RATE = 10_000_000
MAX_ROW_ERRORS = 10
TEXT_MAX = 140
DESCRIPTION_MAX = 2000

RECEIVING = "Receiving"
COMPLETE = "Complete"


class RuleError(ValueError):
	"""A broken rule: ``kind`` is the Frappe exception api.py raises for it, ``messages`` what the clerk reads."""

	def __init__(self, kind: str, messages: Sequence[str], existing: str | None = None):
		super().__init__(messages[0] if messages else kind)
		self.kind = kind  # "ValidationError" | "MandatoryError" | "DuplicateEntryError"
		self.messages = list(messages)
		self.existing = existing


@dataclass(frozen=True)
class CleanRow:
	"""One validated row, with the amount computed here (the client's amount is ignored)."""

	item_code: str
	item_name: str
	qty: float
	rate: float
	amount: float
	uom: str
	description: str | None
	warehouse: str | None

	def as_child_row(self) -> dict[str, Any]:
		"""The fields of a Purchase Invoice Item row."""
		row = {
			"item_code": self.item_code,
			"item_name": self.item_name,
			"qty": self.qty,
			"rate": self.rate,
			"amount": self.amount,
			"uom": self.uom,
		}
		if self.description is not None:
			row["description"] = self.description
		if self.warehouse is not None:
			row["warehouse"] = self.warehouse
		return row


# An Item's code -> (item_name, stock_uom), or None when there is no such Item.
ItemLookup = Callable[[str], "tuple[str, str] | None"]


def _has_control_characters(text: str) -> bool:
	return any((ord(c) < 32 and c not in "\t\n\r") or ord(c) == 127 for c in text)


def optional_text(value: Any, label: str, maximum: int = TEXT_MAX) -> str | None:
	"""A trimmed string of at most ``maximum`` characters without control characters; None/'' -> None."""
	if value is None:
		return None
	if not isinstance(value, str):
		raise RuleError("ValidationError", [f"{label} must be text"])
	text = value.strip()
	if len(text) > maximum:
		raise RuleError("ValidationError", [f"{label} is too long ({len(text)} characters, at most {maximum})"])
	if _has_control_characters(text):
		raise RuleError("ValidationError", [f"{label} contains control characters"])
	return text or None


def required_text(value: Any, label: str, maximum: int = TEXT_MAX) -> str:
	if value is None or value == "":
		raise RuleError("MandatoryError", [f"{label} is required"])
	text = optional_text(value, label, maximum)
	if text is None:
		raise RuleError("MandatoryError", [f"{label} is required"])
	return text


def _is_number(value: Any) -> bool:
	return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def bounded_number(value: Any, label: str, minimum: float, maximum: float, exclusive_min: bool = False) -> float:
	"""A JSON number in range; numbers sent as strings are refused, as the embedded server refuses them."""
	if value is None or value == "":
		raise RuleError("MandatoryError", [f"{label} is required"])
	if not _is_number(value):
		raise RuleError("ValidationError", [f"{label} must be a finite number"])
	if value <= minimum if exclusive_min else value < minimum:
		word = "greater than" if exclusive_min else "at least"
		raise RuleError("ValidationError", [f"{label} must be {word} {_num(minimum)}"])
	if value > maximum:
		raise RuleError("ValidationError", [f"{label} must be at most {_num(maximum)}"])
	return value


def optional_money(value: Any, label: str, maximum: float = 1e12) -> float | None:
	"""An optional amount (the document's printed total): absent stays None, else a number from 0 to `maximum`,
	as the embedded server's create checks document_total."""
	if value is None or value == "":
		return None
	return bounded_number(value, label, 0, maximum)


def bounded_integer(value: Any, label: str, minimum: int, maximum: int) -> int:
	if value is None or value == "":
		raise RuleError("MandatoryError", [f"{label} is required"])
	if not (_is_number(value) and float(value).is_integer()):
		raise RuleError("ValidationError", [f"{label} must be a whole number"])
	if not minimum <= value <= maximum:
		raise RuleError("ValidationError", [f"{label} must be between {minimum} and {maximum}"])
	return int(value)


def iso_date(value: Any, label: str, required: bool = True) -> str | None:
	"""A real calendar date written YYYY-MM-DD, as the embedded server's ``isoDate`` reads it."""
	import datetime
	import re

	if value is None or value == "":
		if required:
			raise RuleError("MandatoryError", [f"{label} is required"])
		return None
	if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
		raise RuleError("ValidationError", [f"{label} must be a date like 2026-01-31"])
	try:
		datetime.date.fromisoformat(value)
	except ValueError:
		raise RuleError("ValidationError", [f"{label} is not a real date: {value}"]) from None
	return value


def currency_code(value: Any) -> str | None:
	"""An optional 3-letter ISO currency code; None lets ERPNext take the supplier's default."""
	import re

	text = optional_text(value, "currency", 10)
	if text is not None and not re.fullmatch(r"[A-Z]{3}", text):
		raise RuleError("ValidationError", ["currency must be a 3-letter ISO code like EUR"])
	return text


def validate_rows(raw: Any, lookup: ItemLookup, first_row: int) -> list[CleanRow]:
	"""Checks every row of a batch and reports the first ten problems together, numbered as invoice rows."""
	if raw is None:
		raise RuleError("MandatoryError", ["items is required"])
	if not isinstance(raw, list):
		raise RuleError("ValidationError", ["items must be a list"])
	if len(raw) > MAX_BATCH_ITEMS:
		raise RuleError(
			"ValidationError",
			[f"A batch holds at most {MAX_BATCH_ITEMS} items; this one has {len(raw)}. Split it into batches."],
		)
	problems: list[str] = []
	clean: list[CleanRow] = []
	for index, entry in enumerate(raw):
		row = f"Row {first_row + index}"
		try:
			if not isinstance(entry, dict):
				raise RuleError("ValidationError", [f"{row}: must be an object"])
			code = required_text(entry.get("item_code"), f"{row}: item_code")
			master = lookup(code)
			if master is None:
				raise RuleError("ValidationError", [f"{row}: Item {code} does not exist"])
			item_name, stock_uom = master
			qty = bounded_number(entry.get("qty"), f"{row}: qty", 0, MAX_QTY, exclusive_min=True)
			rate = bounded_number(entry.get("rate"), f"{row}: rate", 0, MAX_RATE)
			clean.append(
				CleanRow(
					item_code=code,
					item_name=item_name,
					qty=qty,
					rate=rate,
					amount=round_cents(qty * rate),
					uom=optional_text(entry.get("uom"), f"{row}: uom") or stock_uom,
					description=optional_text(entry.get("description"), f"{row}: description", DESCRIPTION_MAX),
					warehouse=optional_text(entry.get("warehouse"), f"{row}: warehouse"),
				)
			)
		except RuleError as error:
			problems.extend(error.messages)
	if problems:
		shown = problems[:MAX_ROW_ERRORS]
		if len(problems) > len(shown):
			shown.append(f"…and {len(problems) - len(shown)} more rows with problems")
		raise RuleError("ValidationError", shown)
	return clean


def round_cents(value: float) -> float:
	"""qty × rate to cents, half away from zero as JavaScript's Math.round does for these positive amounts."""
	return math.floor(value * 100 + 0.5) / 100


def _num(value: float) -> str:
	"""A number as JavaScript's JSON.stringify writes it (2 not 2.0), so hashes and messages match."""
	if isinstance(value, float) and value.is_integer() and abs(value) < 1e21:
		return str(int(value))
	return json.dumps(value)


def payload_hash(rows: Sequence[CleanRow]) -> str:
	"""SHA-256 of the batch as the client meant it; equal to the embedded server's ``batchHash`` for equal rows."""
	parts = []
	for r in rows:
		fields = [r.item_code, r.qty, r.rate, r.uom, r.description, r.warehouse]
		parts.append(
			"["
			+ ",".join(_num(f) if _is_number(f) else json.dumps(f, ensure_ascii=False) for f in fields)
			+ "]"
		)
	return hashlib.sha256(("[" + ",".join(parts) + "]").encode("utf-8")).hexdigest()


def chunks(rows: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
	"""Rows in slices of ``size`` (the config's batch_size), for a memory check before each."""
	if size < 1:
		raise ValueError("chunk size must be at least 1")
	for start in range(0, len(rows), size):
		yield rows[start : start + size]


def scan_status(items_received: int, expected_items: int) -> str:
	"""The scanner's own progress field; ERPNext's ``status`` is left to ERPNext's ``set_status``."""
	return COMPLETE if items_received >= expected_items else RECEIVING


def progress(
	name: str, docstatus: int, status: str, items_received: int, expected_items: int, grand_total: float
) -> dict[str, Any]:
	"""What create_purchase_invoice and append_invoice_items answer."""
	return {
		"name": name,
		"docstatus": docstatus,
		"status": status,
		"scan_status": scan_status(items_received, expected_items),
		"items_received": items_received,
		"expected_items": expected_items,
		"grand_total": grand_total,
	}


@dataclass(frozen=True)
class InvoiceState:
	"""What the append decision needs to know about the stored invoice."""

	name: str
	docstatus: int
	items_received: int
	expected_items: int
	batches_stored: int


REPLAY = "replay"
STORE = "store"


def decide_append(state: InvoiceState, batch_index: int, new_hash: str, stored_hash: str | None, count: int) -> str:
	"""``REPLAY`` (answer the progress, write nothing), ``STORE``, or a RuleError, in the embedded server's order."""
	if stored_hash is not None:
		if stored_hash == new_hash:
			return REPLAY
		raise RuleError(
			"DuplicateEntryError", [f"Batch {batch_index} of {state.name} was already stored with different items"]
		)
	if state.docstatus != 0:
		raise RuleError("ValidationError", [f"Purchase Invoice {state.name} is not a draft any more"])
	if state.items_received >= state.expected_items:
		raise RuleError(
			"ValidationError",
			[f"Purchase Invoice {state.name} is already Complete with all {state.expected_items} items"],
		)
	if batch_index != state.batches_stored:
		raise RuleError(
			"ValidationError",
			[
				f"Batch {batch_index} of {state.name} cannot be stored yet: "
				f"batch {state.batches_stored} is the next one expected"
			],
		)
	if state.items_received + count > state.expected_items:
		raise RuleError(
			"ValidationError",
			[
				f"{state.name} expects {state.expected_items} items and has {state.items_received}; "
				f"this batch of {count} would exceed that"
			],
		)
	return STORE


def check_replayed_create(
	existing_name: str,
	stored: tuple[str, str, str | None],
	sent: tuple[str, str, str],
) -> None:
	"""A create sent again with the same client_request_id must carry the same supplier, bill_no and first batch."""
	if stored != sent:
		raise RuleError(
			"DuplicateEntryError",
			[
				f"client_request_id was already used for Purchase Invoice {existing_name} with different content; "
				"use a new id for a new invoice"
			],
			existing=existing_name,
		)


def refuse_delete_reason(docstatus: int, items_received: int, expected_items: int, name: str) -> str | None:
	"""Why a scanner invoice may not be deleted (a complete or submitted one is accounts'), or None."""
	if docstatus != 0 or items_received >= expected_items:
		return (
			f"Purchase Invoice {name} already has all its {expected_items} lines and cannot be deleted from the "
			"scanner; cancel it in ERPNext if it should go"
		)
	return None
