"""api.py against the frappe STUB (tests/frappe_stub, not Frappe): what each method asks of the database,
what it answers and which Frappe exception it raises. Never a bench test; see docs/frappe.md for those."""

import os
import pathlib
import sys
import types
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent / "frappe_stub"))

import frappe  # noqa: E402  (the stub)

from custom_erp.custom_erp.purchase_invoice import api, events  # noqa: E402
from custom_erp.custom_erp import http as custom_http  # noqa: E402
from custom_erp.www import scanner as scanner_page  # noqa: E402

assert frappe.__file__.endswith(os.path.join("frappe_stub", "frappe", "__init__.py")), "tests must run on the stub"


def line(code="PAPER-A4", qty=1, rate=2.5, **extra):
	return {"item_code": code, "qty": qty, "rate": rate, **extra}


class ApiTest(unittest.TestCase):
	def setUp(self):
		frappe.reset()
		frappe.db.tables["Supplier"]["Aldi Süd"] = frappe._dict(name="Aldi Süd")
		for code, uom in [("PAPER-A4", "Box"), ("MISC", "Nos")]:
			frappe.db.tables["Item"][code] = frappe._dict(name=code, item_name=code.title(), stock_uom=uom)

	def create(self, expected=120, items=None, **overrides):
		args = dict(client_request_id="req-1", supplier="Aldi Süd", bill_no="0815", bill_date="2026-03-02",
			posting_date="2026-03-05", expected_items=expected, items=items or [line()] * 50)
		args.update(overrides)
		return api.create_purchase_invoice(**args)

	def writes(self):
		return [call for call in frappe.db.calls if call[0] in ("insert", "update")]


class Create(ApiTest):
	def test_creates_a_draft_with_batch_0_and_answers_the_progress(self):
		answer = self.create()
		self.assertEqual(answer, {"name": "ACC-PINV-2026-00001", "docstatus": 0, "status": "Draft",
			"scan_status": "Receiving", "items_received": 50, "expected_items": 120, "grand_total": 125.0})
		stored = frappe.db.tables["Purchase Invoice"][answer["name"]]
		self.assertEqual((stored.client_request_id, stored.scan_status), ("req-1", "Receiving"))
		[batch] = frappe.db.child_rows(answer["name"], "Scanner Invoice Batch")
		self.assertEqual((batch.batch_index, batch.item_count, len(batch.payload_hash)), (0, 50, 64))
		self.assertEqual(api.create_purchase_invoice.__name__ in frappe.whitelisted, True)
		self.assertEqual(frappe.whitelisted["create_purchase_invoice"]["methods"], ["POST"])

	def test_the_printed_document_total_is_stored_when_given_and_checked(self):
		answer = self.create(document_total=125.5)
		self.assertEqual(frappe.db.tables["Purchase Invoice"][answer["name"]].document_total, 125.5)
		plain = self.create(client_request_id="req-2", bill_no="0816")
		self.assertIsNone(frappe.db.tables["Purchase Invoice"][plain["name"]].get("document_total"))
		for bad in ("125.50", -1, float("inf"), True):
			with self.assertRaises(frappe.ValidationError, msg=repr(bad)):
				self.create(client_request_id=f"req-bad-{bad!r}", bill_no=f"B-{bad!r}", document_total=bad)

	def test_the_same_request_id_answers_the_same_invoice_and_writes_nothing(self):
		first = self.create()
		frappe.db.calls.clear()
		self.assertEqual(self.create(), first)
		self.assertEqual(self.writes(), [])
		self.assertEqual(len(frappe.db.tables["Purchase Invoice"]), 1)

	def test_the_same_request_id_with_other_content_is_a_409_naming_the_invoice(self):
		first = self.create()
		with self.assertRaises(frappe.DuplicateEntryError):
			self.create(items=[line(qty=2)] * 50)
		self.assertEqual(frappe.local.response["existing"], first["name"])

	def test_a_duplicate_supplier_bill_is_a_409_with_existing(self):
		first = self.create()
		with self.assertRaises(frappe.DuplicateEntryError) as caught:
			self.create(client_request_id="req-2")
		self.assertIn(f"already exists in Purchase Invoice {first['name']}", str(caught.exception))
		self.assertEqual(frappe.local.response["existing"], first["name"])

	def test_every_bad_row_is_reported_and_nothing_is_stored(self):
		with self.assertRaises(frappe.ValidationError) as caught:
			self.create(items=[line(qty=0), line(code="NOPE"), line()])
		self.assertEqual(str(caught.exception), "Row 1: qty must be greater than 0")
		self.assertEqual(frappe.local.message_log, ["Row 2: Item NOPE does not exist", "Row 1: qty must be greater than 0"])
		self.assertEqual(frappe.db.tables["Purchase Invoice"], {})

	def test_missing_fields_are_mandatory_errors(self):
		with self.assertRaises(frappe.MandatoryError):
			self.create(client_request_id="")

	def test_erpnext_refuses_a_bill_date_after_the_posting_date(self):
		with self.assertRaisesRegex(frappe.ValidationError, "cannot be greater than Posting Date"):
			self.create(bill_date="2026-03-06")

	def test_a_bad_date_or_currency_is_refused_before_anything_is_read(self):
		frappe.db.calls.clear()
		with self.assertRaisesRegex(frappe.ValidationError, "bill_date is not a real date"):
			self.create(bill_date="2026-02-30")
		with self.assertRaisesRegex(frappe.ValidationError, "3-letter ISO code"):
			self.create(currency="euro")
		self.assertEqual(frappe.db.calls, [])

	def test_a_form_posted_items_string_is_read_as_json(self):
		answer = self.create(expected=1, items='[{"item_code": "MISC", "qty": 2, "rate": 1.5}]')
		self.assertEqual((answer["scan_status"], answer["grand_total"]), ("Complete", 3.0))


class Append(ApiTest):
	def test_appends_without_loading_the_invoice_until_the_last_batch(self):
		name = self.create()["name"]
		frappe.db.calls.clear()
		answer = api.append_invoice_items(invoice=name, batch_index=1, items=[line()] * 50)
		self.assertEqual((answer["items_received"], answer["scan_status"], answer["status"]), (100, "Receiving", "Draft"))
		self.assertNotIn("whole document", [call[2] for call in frappe.db.calls])
		idx = [r.idx for r in frappe.db.child_rows(name, "Purchase Invoice Item")]
		self.assertEqual(idx, list(range(1, 101)))  # rows numbered on across batches

		last = api.append_invoice_items(invoice=name, batch_index=2, items=[line()] * 20)
		self.assertEqual((last["items_received"], last["scan_status"], last["grand_total"]), (120, "Complete", 300.0))
		# Once complete, ERPNext computes the whole invoice once.
		self.assertIn("whole document", [call[2] for call in frappe.db.calls])

	def test_queries_per_batch_do_not_grow_with_the_invoice(self):
		"""The paper measurement, counted: database calls for one batch of 50 when 50 and when 900 rows are
		stored already (docs/frappe.md)."""
		name = self.create(expected=1000)["name"]
		counts = []
		for index in range(1, 19):
			frappe.db.calls.clear()
			api.append_invoice_items(invoice=name, batch_index=index, items=[line()] * 50)
			counts.append(len(frappe.db.calls))
		self.assertEqual(set(counts), {counts[0]})
		frappe.db.calls.clear()
		api.append_invoice_items(invoice=name, batch_index=18, items=[line()] * 50)
		self.assertEqual(self.writes(), [], "a replayed batch writes nothing")
		# select header (for update), select Items, select batch hash, count batches,
		# insert rows (1 per chunk of batch_size=50), insert batch row, update header
		self.assertEqual(counts[0], 7)

	def test_a_replayed_batch_answers_the_progress_and_a_different_one_is_a_409(self):
		name = self.create()["name"]
		api.append_invoice_items(invoice=name, batch_index=1, items=[line()] * 50)
		again = api.append_invoice_items(invoice=name, batch_index=1, items=[line()] * 50)
		self.assertEqual(again["items_received"], 100)
		self.assertEqual(len(frappe.db.child_rows(name, "Purchase Invoice Item")), 100)
		with self.assertRaises(frappe.DuplicateEntryError):
			api.append_invoice_items(invoice=name, batch_index=1, items=[line(qty=2)] * 50)

	def test_out_of_order_over_expected_complete_too_many_and_unknown(self):
		name = self.create(expected=60)["name"]
		with self.assertRaisesRegex(frappe.ValidationError, "batch 1 is the next one expected"):
			api.append_invoice_items(invoice=name, batch_index=2, items=[line()])
		with self.assertRaisesRegex(frappe.ValidationError, "would exceed that"):
			api.append_invoice_items(invoice=name, batch_index=1, items=[line()] * 11)
		with self.assertRaisesRegex(frappe.ValidationError, "at most 500 items; this one has 501"):
			api.append_invoice_items(invoice=name, batch_index=1, items=[line()] * 501)
		api.append_invoice_items(invoice=name, batch_index=1, items=[line()] * 10)
		with self.assertRaisesRegex(frappe.ValidationError, "already Complete"):
			api.append_invoice_items(invoice=name, batch_index=2, items=[line()])
		with self.assertRaises(frappe.DoesNotExistError):
			api.append_invoice_items(invoice="ACC-PINV-2026-99999", batch_index=1, items=[line()])

	def test_someone_elses_invoice_is_refused(self):
		name = self.create()["name"]
		frappe.session.user = "other@example.com"
		frappe._state["roles"]["other@example.com"] = ["Accounts User"]
		with self.assertRaises(frappe.PermissionError):
			api.append_invoice_items(invoice=name, batch_index=1, items=[line()])

	def test_memory_pressure_refuses_before_writing_and_sets_retry_after(self):
		name = self.create()["name"]
		frappe.conf["memory_optimization"] = {"max_memory_mb": 1}  # this test process is far above 0.9 MB
		frappe.db.calls.clear()
		from custom_erp.custom_erp.exceptions import MemoryPressureError

		with self.assertRaises(MemoryPressureError):
			api.append_invoice_items(invoice=name, batch_index=1, items=[line()] * 50)
		self.assertEqual(self.writes(), [])
		self.assertEqual(MemoryPressureError.http_status_code, 503)
		response = types.SimpleNamespace(headers={})
		custom_http.add_retry_after(response=response)
		self.assertEqual(response.headers, {"Retry-After": "30"})


class Memory(ApiTest):
	def test_config_answers_the_effective_block_and_names_a_bad_key(self):
		self.assertEqual(api.get_memory_config()["batch_size"], 50)
		frappe.conf["memory_optimization"] = {"batch_size": 900}
		with self.assertRaisesRegex(frappe.ValidationError, "memory_optimization.batch_size must be a whole number from 1 to 500"):
			api.get_memory_config()

	def test_status_is_this_workers(self):
		frappe.conf["gunicorn_workers"] = 4
		status = api.get_memory_status()
		self.assertEqual((status["worker_pid"], status["workers"]), (os.getpid(), 4))
		self.assertGreater(status["process"]["rss_mb"], 1)

	def test_force_cleanup_is_for_system_managers_and_names_the_worker(self):
		with self.assertRaises(frappe.PermissionError):
			api.force_cleanup()
		frappe._state["roles"]["clerk@example.com"] = ["System Manager"]
		report = api.force_cleanup()
		self.assertEqual(report["worker_pid"], os.getpid())
		self.assertIsNotNone(api.get_memory_status()["last_cleanup"])


class Session(ApiTest):
	def test_a_cookie_session_gets_its_csrf_token_and_a_token_request_none(self):
		info = api.get_session_info()
		self.assertEqual(info, {"name": "clerk@example.com", "full_name": "Demo Clerk", "roles": ["Accounts User"],
			"csrf_token": "csrf-of-s1d"})
		frappe.session.sid = "clerk@example.com"  # what frappe.set_user leaves after token auth
		self.assertEqual(api.get_session_info()["csrf_token"], "")

	def test_the_scanner_page_carries_the_token_only_for_a_signed_in_user(self):
		context = scanner_page.get_context(frappe._dict())
		self.assertEqual((context.csrf_token, context.no_cache), ("csrf-of-s1d", 1))
		frappe.session.user = "Guest"
		self.assertEqual(scanner_page.get_context(frappe._dict()).csrf_token, "")


class Discard(ApiTest):
	def test_on_trash_refuses_a_complete_scanner_invoice_only(self):
		receiving = frappe._dict(name="A", docstatus=0, client_request_id="r", items_received=50, expected_items=120)
		events.on_trash(receiving)
		with self.assertRaisesRegex(frappe.ValidationError, "already has all its 120 lines"):
			events.on_trash(frappe._dict(receiving, items_received=120))
		events.on_trash(frappe._dict(name="B", docstatus=0, items_received=0, expected_items=0))  # not the scanner's


if __name__ == "__main__":
	unittest.main()


class TheClientsMethodsAreAllHere(unittest.TestCase):
	"""Every custom method src/api calls exists here, whitelisted for the verb it is called with, and every
	custom field the embedded server lists for Purchase Invoice is shipped as a fixture."""

	REPO = pathlib.Path(__file__).resolve().parents[3]

	def test_methods(self):
		import re

		types_ts = (self.REPO / "src/types/frappe.ts").read_text(encoding="utf-8")
		prefix = re.search(r"CUSTOM_ERP_METHOD_PREFIX\s*=\s*'([^']+)'", types_ts).group(1)
		self.assertEqual(prefix, api.__name__)
		called = set()
		for source in (self.REPO / "src/api").glob("*.ts"):
			text = source.read_text(encoding="utf-8")
			called |= set(re.findall(r"CUSTOM_ERP_METHOD_PREFIX\}\.(\w+)", text))
			called |= set(re.findall(r"method\('(\w+)'\)", text))
		self.assertEqual(called, {"get_session_info", "create_purchase_invoice", "append_invoice_items",
			"get_memory_config", "get_memory_status", "force_cleanup"})
		for name in called:
			self.assertIn(name, frappe.whitelisted, name)
			self.assertTrue(callable(getattr(api, name)), name)

	def test_custom_fields(self):
		import json
		import re

		fixture = json.loads((self.REPO / "frappe/custom_erp/fixtures/custom_field.json").read_text(encoding="utf-8"))
		shipped = {f["fieldname"] for f in fixture if f["dt"] == "Purchase Invoice"}
		doctypes_ts = (self.REPO / "server/src/db/doctypes.ts").read_text(encoding="utf-8")
		for field in ("client_request_id", "scan_status", "expected_items", "items_received", "document_total"):
			self.assertRegex(doctypes_ts, rf"\b{field}:", field)
			self.assertIn(field, shipped)
		self.assertIn("scan_batches", shipped)
		unique = [f for f in fixture if f["fieldname"] == "client_request_id"][0]
		self.assertEqual(unique["unique"], 1)
		self.assertTrue(re.fullmatch(r"\nReceiving\nComplete", [f for f in fixture if f["fieldname"] == "scan_status"][0]["options"]))

	def test_the_custom_docperm_keeps_erpnexts_rows_and_adds_owner_delete(self):
		import json

		perms = json.loads((self.REPO / "frappe/custom_erp/fixtures/custom_docperm.json").read_text(encoding="utf-8"))
		roles = sorted((p["role"], p["permlevel"], p["if_owner"]) for p in perms)
		self.assertEqual(roles, [("Accounts Manager", 0, 0), ("Accounts Manager", 1, 0), ("Accounts User", 0, 0),
			("Accounts User", 0, 1), ("Auditor", 0, 0), ("Purchase User", 0, 0)])
		owner = [p for p in perms if p["if_owner"]][0]
		self.assertEqual((owner["delete"], owner["read"], owner["write"], owner["submit"]), (1, 1, 1, 0))
		standard_clerk = [p for p in perms if p["role"] == "Accounts User" and not p["if_owner"]][0]
		self.assertEqual((standard_clerk["delete"], standard_clerk["submit"]), (0, 1))


try:
	import werkzeug  # noqa: F401  (Frappe's web layer; the renderer answers with its Response)
except ImportError:
	# No python3-werkzeug on this machine: the stub stands in, so the route's answer is still checked.
	sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent / "werkzeug_stub"))


class ServiceWorkerRoute(ApiTest):
	def test_answers_only_scanner_sw_js_with_its_scope_header(self):
		from custom_erp.custom_erp.service_worker import ServiceWorkerRenderer

		frappe.local.request = types.SimpleNamespace(path="/scanner/invoices")
		self.assertFalse(ServiceWorkerRenderer("scanner", 200).can_render())
		frappe.local.request = types.SimpleNamespace(path="/scanner/sw.js")
		renderer = ServiceWorkerRenderer("scanner", 200)
		self.assertTrue(renderer.can_render())
		built = pathlib.Path(frappe.get_app_path("custom_erp", "public", "scanner", "sw.js"))
		response = renderer.render()
		if built.exists():
			self.assertEqual(response.status_code, 200)
			self.assertEqual(response.headers["Service-Worker-Allowed"], "/scanner/")
			self.assertEqual(response.headers["Cache-Control"], "no-cache")
			self.assertEqual(response.get_data(), built.read_bytes())
		else:
			self.assertEqual(response.status_code, 404)  # npm run build:frappe has not run
