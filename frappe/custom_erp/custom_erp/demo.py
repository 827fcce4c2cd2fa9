"""Seeds a TEST site with the embedded server's demo data, for the e2e suite run with BACKEND_URL:

    bench --site ci.localhost execute custom_erp.custom_erp.demo.seed --kwargs "{'clerk_password': 'clerk'}"

Not a whitelisted method and not run on install: it refuses a site without ``allow_tests`` in its config, so
a production site never gets a clerk with a known password. Not run here (no bench); see docs/frappe.md.
"""

import frappe

from custom_erp.custom_erp import demo_data


def seed(clerk_password=None):
	if not frappe.conf.get("allow_tests"):
		frappe.throw("Demo data goes only on a test site: set allow_tests in its site_config.json first")
	docs = demo_data.plan(demo_data.load(), lambda doctype, name: bool(frappe.db.exists(doctype, name)),
		clerk_password)
	for doc in docs:
		# "name" is what plan() looked for; the doctypes name themselves from their own fields.
		frappe.get_doc({k: v for k, v in doc.items() if k != "name"}).insert(ignore_permissions=True)
	frappe.db.commit()  # nosemgrep: bench execute is not a request
	return {"inserted": len(docs)}
