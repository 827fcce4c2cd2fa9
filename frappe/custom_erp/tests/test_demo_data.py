"""demo_data (plain Python): the demo documents a test site needs for the e2e suite, equal to the embedded
server's seed, parents first, nothing inserted twice. And demo.seed against the frappe STUB (not Frappe)."""

import pathlib
import re
import sys
import unittest

from custom_erp.custom_erp import demo_data

REPO = pathlib.Path(__file__).resolve().parents[3]


def nothing_exists(_doctype, _name):
	return False


class DemoData(unittest.TestCase):
	def test_the_data_is_the_embedded_servers(self):
		ts = (REPO / "server/src/db/demoData.ts").read_text(encoding="utf-8")
		suppliers = re.findall(r"\{ name: '([^']*)', supplier_group: '([^']*)', default_currency: '([^']*)' \}", ts)
		items = re.findall(r"\{ item_code: '([^']*)', item_name: '([^']*)', stock_uom: '([^']*)',", ts)
		data = demo_data.load()
		self.assertEqual([(s["name"], s["supplier_group"], s["default_currency"]) for s in data["suppliers"]], suppliers)
		self.assertEqual([(i["item_code"], i["item_name"], i["stock_uom"]) for i in data["items"]], items)
		self.assertGreaterEqual(len(items), 40)
		seed_ts = (REPO / "server/src/db/seed.ts").read_text(encoding="utf-8")
		self.assertIn(f"name: '{data['clerk']['email']}'", seed_ts)
		self.assertIn(f"full_name: '{data['clerk']['first_name']} {data['clerk']['last_name']}'", seed_ts)
		self.assertEqual(data["clerk"]["roles"], ["Accounts User"])

	def test_parents_come_before_what_links_to_them(self):
		docs = demo_data.plan(demo_data.load(), nothing_exists, "clerk")
		seen = set()
		for doc in docs:
			for field, doctype in (("supplier_group", "Supplier Group"), ("stock_uom", "UOM"), ("item_group", "Item Group")):
				if field in doc and doc["doctype"] != doctype:
					self.assertIn((doctype, doc[field]), seen, doc["name"])
			seen.add((doc["doctype"], doc["name"]))
		self.assertIn(("Supplier", "Rossmann"), seen)
		self.assertIn(("Item", "PAPER-A4"), seen)
		clerk = [d for d in docs if d["doctype"] == "User"][0]
		self.assertEqual((clerk["email"], clerk["new_password"], clerk["roles"]), ("clerk@example.com", "clerk", [{"role": "Accounts User"}]))

	def test_what_exists_is_left_alone_and_a_second_run_inserts_nothing(self):
		first = demo_data.plan(demo_data.load(), nothing_exists, "clerk")
		present = {(d["doctype"], d["name"]) for d in first}
		self.assertEqual(demo_data.plan(demo_data.load(), lambda dt, n: (dt, n) in present, "clerk"), [])
		partly = demo_data.plan(demo_data.load(), lambda dt, n: dt == "UOM", "clerk")
		self.assertEqual([d for d in partly if d["doctype"] == "UOM"], [])
		self.assertEqual(len(partly), len(first) - len([d for d in first if d["doctype"] == "UOM"]))

	def test_the_clerk_needs_a_password(self):
		with self.assertRaisesRegex(ValueError, "clerk_password"):
			demo_data.plan(demo_data.load(), nothing_exists, "")


sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent / "frappe_stub"))


class Seed(unittest.TestCase):
	def setUp(self):
		import frappe

		frappe.reset()
		self.frappe = frappe

	def test_refuses_a_site_without_allow_tests(self):
		from custom_erp.custom_erp import demo

		with self.assertRaisesRegex(self.frappe.ValidationError, "only on a test site"):
			demo.seed(clerk_password="clerk")
		self.assertEqual(self.frappe.inserted, [])

	def test_inserts_the_plan_on_a_test_site_and_nothing_the_second_time(self):
		from custom_erp.custom_erp import demo

		self.frappe.conf["allow_tests"] = 1
		answer = demo.seed(clerk_password="clerk")
		self.assertEqual(answer["inserted"], len(demo_data.plan(demo_data.load(), nothing_exists, "clerk")))
		self.assertEqual(self.frappe.inserted[0]["doctype"], "Supplier Group")
		self.assertNotIn("name", self.frappe.inserted[0])
		self.assertEqual(demo.seed(clerk_password="clerk"), {"inserted": 0})
