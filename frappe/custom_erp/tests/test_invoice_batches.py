"""invoice_batches: rows, payload hashes, batch order and progress, as the embedded server decides them."""

import subprocess
import sys
import unittest

from custom_erp.custom_erp import invoice_batches as rules

ITEMS = {"PAPER-A4": ("Copy paper A4", "Box"), "COFFEE-BEANS": ("Coffee beans, 1 kg", "Kg"), "MISC": ("Misc", "Nos")}


def rows(raw, first_row=1):
	return rules.validate_rows(raw, ITEMS.get, first_row)


class Rows(unittest.TestCase):
	def test_cleans_a_row_and_computes_the_amount_itself(self):
		[row] = rows([{"item_code": " PAPER-A4 ", "qty": 3, "rate": 4.99, "amount": 999}])
		self.assertEqual(row.item_code, "PAPER-A4")
		self.assertEqual(row.amount, 14.97)
		self.assertEqual(row.uom, "Box")  # the Item's stock UOM when none is sent
		self.assertEqual(row.item_name, "Copy paper A4")

	def test_reports_every_bad_row_numbered_as_the_invoice_rows(self):
		with self.assertRaises(rules.RuleError) as caught:
			rows([{"item_code": "PAPER-A4", "qty": 0, "rate": 1}, {"item_code": "NOPE", "qty": 1, "rate": 1},
				{"item_code": "MISC", "qty": "2", "rate": 1}, {"item_code": "MISC", "qty": True, "rate": 1}], first_row=51)
		self.assertEqual(caught.exception.kind, "ValidationError")
		self.assertEqual(caught.exception.messages, [
			"Row 51: qty must be greater than 0",
			"Row 52: Item NOPE does not exist",
			"Row 53: qty must be a finite number",
			"Row 54: qty must be a finite number",
		])

	def test_shows_ten_problems_and_counts_the_rest(self):
		with self.assertRaises(rules.RuleError) as caught:
			rows([{"item_code": "MISC", "qty": -1, "rate": 1}] * 14)
		self.assertEqual(len(caught.exception.messages), 11)
		self.assertEqual(caught.exception.messages[-1], "…and 4 more rows with problems")

	def test_refuses_control_characters_long_text_and_big_batches(self):
		with self.assertRaisesRegex(rules.RuleError, "contains control characters"):
			rows([{"item_code": "MISC", "qty": 1, "rate": 1, "description": "a\x00b"}])
		with self.assertRaisesRegex(rules.RuleError, r"description is too long \(2001 characters, at most 2000\)"):
			rows([{"item_code": "MISC", "qty": 1, "rate": 1, "description": "x" * 2001}])
		with self.assertRaisesRegex(rules.RuleError, "A batch holds at most 500 items; this one has 501"):
			rows([{"item_code": "MISC", "qty": 1, "rate": 1}] * 501)
		with self.assertRaises(rules.RuleError) as caught:
			rows(None)
		self.assertEqual(caught.exception.kind, "MandatoryError")


class HeaderFields(unittest.TestCase):
	def test_dates_are_real_calendar_dates(self):
		self.assertEqual(rules.iso_date("2026-02-28", "bill_date"), "2026-02-28")
		self.assertIsNone(rules.iso_date(None, "posting_date", required=False))
		with self.assertRaisesRegex(rules.RuleError, "bill_date is not a real date: 2026-02-30"):
			rules.iso_date("2026-02-30", "bill_date")
		with self.assertRaisesRegex(rules.RuleError, "must be a date like 2026-01-31"):
			rules.iso_date("02.03.2026", "bill_date")
		with self.assertRaises(rules.RuleError) as caught:
			rules.iso_date("", "bill_date")
		self.assertEqual(caught.exception.kind, "MandatoryError")

	def test_currency_is_a_three_letter_code_or_left_to_erpnext(self):
		self.assertEqual(rules.currency_code("EUR"), "EUR")
		self.assertIsNone(rules.currency_code(None))
		with self.assertRaisesRegex(rules.RuleError, "3-letter ISO code"):
			rules.currency_code("euro")


class Hashes(unittest.TestCase):
	def test_equals_the_embedded_servers_batch_hash(self):
		# node -e "crypto.createHash('sha256').update(JSON.stringify([['PAPER-A4',2,4.99,'Box',null,null],
		#   ['COFFEE-BEANS',1.5,14.99,'Kg','Espresso','Stores - SC'],['MISC',1,0,'Nos','Grüße',null]]))"
		batch = rows([
			{"item_code": "PAPER-A4", "qty": 2.0, "rate": 4.99},
			{"item_code": "COFFEE-BEANS", "qty": 1.5, "rate": 14.99, "description": "Espresso", "warehouse": "Stores - SC"},
			{"item_code": "MISC", "qty": 1, "rate": 0, "description": "Grüße"},
		])
		self.assertEqual(rules.payload_hash(batch), "60ba2cbd15bc084fa862948a345f50551456a2139c0610d12640428b79eb20a1")

	def test_differs_when_any_line_differs(self):
		a = rows([{"item_code": "MISC", "qty": 1, "rate": 1}])
		b = rows([{"item_code": "MISC", "qty": 1, "rate": 1.01}])
		self.assertNotEqual(rules.payload_hash(a), rules.payload_hash(b))


class BatchOrder(unittest.TestCase):
	STATE = rules.InvoiceState("ACC-PINV-2026-00007", 0, 50, 120, 1)

	def test_the_next_batch_is_stored_and_a_replay_writes_nothing(self):
		self.assertEqual(rules.decide_append(self.STATE, 1, "h1", None, 50), rules.STORE)
		self.assertEqual(rules.decide_append(self.STATE, 0, "h0", "h0", 50), rules.REPLAY)

	def test_refusals_in_the_embedded_servers_order(self):
		cases = [
			(self.STATE, 0, "other", "h0", 50, "DuplicateEntryError", "Batch 0 of ACC-PINV-2026-00007 was already stored with different items"),
			(rules.InvoiceState("X", 1, 50, 120, 1), 1, "h", None, 1, "ValidationError", "Purchase Invoice X is not a draft any more"),
			(rules.InvoiceState("X", 0, 120, 120, 3), 3, "h", None, 1, "ValidationError", "already Complete with all 120 items"),
			(self.STATE, 2, "h", None, 50, "ValidationError", "batch 1 is the next one expected"),
			(self.STATE, 1, "h", None, 71, "ValidationError", "expects 120 items and has 50; this batch of 71 would exceed that"),
		]
		for state, index, new, stored, count, kind, message in cases:
			with self.subTest(message=message), self.assertRaises(rules.RuleError) as caught:
				rules.decide_append(state, index, new, stored, count)
			self.assertEqual(caught.exception.kind, kind)
			self.assertIn(message, caught.exception.messages[0])

	def test_a_replayed_create_must_match(self):
		rules.check_replayed_create("A", ("Aldi Süd", "B-1", "h"), ("Aldi Süd", "B-1", "h"))
		with self.assertRaises(rules.RuleError) as caught:
			rules.check_replayed_create("A", ("Aldi Süd", "B-1", "h"), ("Aldi Süd", "B-2", "h"))
		self.assertEqual((caught.exception.kind, caught.exception.existing), ("DuplicateEntryError", "A"))


class Progress(unittest.TestCase):
	def test_scan_status_is_apart_from_erpnexts_status(self):
		self.assertEqual(
			rules.progress("A", 0, "Draft", 50, 120, 431.2),
			{"name": "A", "docstatus": 0, "status": "Draft", "scan_status": "Receiving", "items_received": 50,
				"expected_items": 120, "grand_total": 431.2},
		)
		self.assertEqual(rules.scan_status(120, 120), "Complete")

	def test_chunks(self):
		self.assertEqual([list(c) for c in rules.chunks(list(range(7)), 3)], [[0, 1, 2], [3, 4, 5], [6]])
		with self.assertRaises(ValueError):
			list(rules.chunks([1], 0))

	def test_delete_is_refused_once_complete_or_submitted(self):
		self.assertIsNone(rules.refuse_delete_reason(0, 50, 120, "A"))
		self.assertIn("already has all its 120 lines", rules.refuse_delete_reason(0, 120, 120, "A"))
		self.assertIsNotNone(rules.refuse_delete_reason(1, 50, 120, "A"))


class PlainPython(unittest.TestCase):
	def test_the_logic_modules_import_nothing_from_frappe(self):
		code = (
			"import sys; import custom_erp.custom_erp.invoice_batches, custom_erp.custom_erp.memory_config, "
			"custom_erp.custom_erp.memory_guard, custom_erp.custom_erp.demo_data; print('frappe' in sys.modules)"
		)
		import pathlib

		root = pathlib.Path(__file__).resolve().parents[2]
		out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
		self.assertEqual(out.stdout.strip(), "False")


if __name__ == "__main__":
	unittest.main()
