"""hooks.py as Frappe reads it (names from frappe/hooks.py and frappe/utils/boilerplate.py), against the frappe
STUB for imports (tests/frappe_stub, not Frappe): every dotted path a hook names must import, and the app runs
no timer thread of its own in a web worker (issue 11 point 7)."""

import importlib
import json
import pathlib
import sys
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent / "frappe_stub"))
try:
	import werkzeug  # noqa: F401  (the service worker's renderer answers with werkzeug's Response)
except ImportError:
	sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent / "werkzeug_stub"))

from custom_erp import hooks  # noqa: E402

APP = pathlib.Path(__file__).resolve().parents[1]


def resolve(dotted: str):
	module, _, name = dotted.rpartition(".")
	return getattr(importlib.import_module(module), name)


class Hooks(unittest.TestCase):
	def test_needs_erpnext(self):
		# bench install-app refuses the app on a site without ERPNext (frappe/installer.py install_app).
		self.assertEqual(hooks.required_apps, ["erpnext"])

	def test_every_scanner_path_renders_the_scanner_page(self):
		self.assertIn({"from_route": "/scanner/<path:app_path>", "to_route": "scanner"}, hooks.website_route_rules)
		self.assertTrue((APP / "www" / "scanner.py").exists())

	def test_every_hook_names_something_that_imports(self):
		named = list(hooks.page_renderer) + list(hooks.after_request)
		named += [path for events in hooks.doc_events.values() for path in events.values()]
		named += [path for paths in hooks.scheduler_events.get("cron", {}).values() for path in paths]
		for kind in ("all", "hourly", "daily", "weekly", "monthly"):
			named += hooks.scheduler_events.get(kind, [])
		self.assertGreaterEqual(len(named), 4)
		for dotted in named:
			self.assertTrue(callable(resolve(dotted)), dotted)

	def test_the_periodic_cleanup_is_a_scheduler_job(self):
		jobs = [path for paths in hooks.scheduler_events["cron"].values() for path in paths]
		self.assertIn("custom_erp.custom_erp.tasks.periodic_cleanup", jobs)

	def test_no_timer_thread_in_the_app(self):
		# A web worker of a bench is gunicorn's: a thread or timer started there outlives requests and is
		# copied into every worker. The app's periodic work is the scheduler job above.
		for source in (APP / "custom_erp").rglob("*.py"):
			text = source.read_text(encoding="utf-8")
			for word in ("import threading", "from threading", "Timer(", "sched.scheduler", "asyncio"):
				self.assertNotIn(word, text, f"{source.relative_to(APP)} uses {word}")

	def test_the_fixture_filters_take_exactly_the_shipped_records(self):
		fields = json.loads((APP / "fixtures" / "custom_field.json").read_text(encoding="utf-8"))
		perms = json.loads((APP / "fixtures" / "custom_docperm.json").read_text(encoding="utf-8"))
		by_doctype = {entry["dt"]: entry["filters"] for entry in hooks.fixtures}
		self.assertEqual(by_doctype["Custom Field"], [["module", "=", "Custom ERP"]])
		self.assertEqual({f["module"] for f in fields}, {"Custom ERP"})
		self.assertEqual(by_doctype["Custom DocPerm"], [["parent", "=", "Purchase Invoice"]])
		self.assertEqual({p["parent"] for p in perms}, {"Purchase Invoice"})


if __name__ == "__main__":
	unittest.main()
