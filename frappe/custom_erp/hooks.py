"""custom_erp's hooks: the names Frappe reads are documented in frappe/hooks.py and the app template
(frappe/utils/boilerplate.py ``hooks_template``); frappe/hrms's hooks.py is the model for hosting a Vue SPA."""

app_name = "custom_erp"
app_title = "Custom ERP"
app_publisher = "Invoice Scanner team"
app_description = "The Invoice Scanner's methods, fields and hosting for ERPNext"
app_email = "scanner@example.com"
app_license = "MIT"

# bench install-app refuses to install without ERPNext (frappe/installer.py install_app → required_apps).
required_apps = ["erpnext"]

# Synced on bench migrate (frappe/utils/fixtures.py sync_fixtures). The Custom DocPerm rows carry ERPNext's
# standard Purchase Invoice permissions too: once a doctype has any Custom DocPerm, Frappe reads only those
# (frappe/permissions.py get_valid_perms skips the DocPerms of get_doctypes_with_custom_docperms()).
fixtures = [
	{"dt": "Custom Field", "filters": [["module", "=", "Custom ERP"]]},
	{"dt": "Custom DocPerm", "filters": [["parent", "=", "Purchase Invoice"]]},
]

# The SPA: /scanner and every path under it render www/scanner.html (frappe/website/path_resolver.py
# resolve_path applies website_route_rules), as hrms/hooks.py routes /hrms/<path:app_path>.
website_route_rules = [
	{"from_route": "/scanner/<path:app_path>", "to_route": "scanner"},
]

# /scanner/sw.js is answered by this renderer (tried before Frappe's own, frappe/website/path_resolver.py
# PathResolver.resolve → get_custom_page_renderers), so the service worker's scope can be /scanner/.
page_renderer = ["custom_erp.custom_erp.service_worker.ServiceWorkerRenderer"]

doc_events = {
	"Purchase Invoice": {
		# A scanner invoice with all its lines, or submitted, is accounts' now: the scanner may not delete it.
		"on_trash": "custom_erp.custom_erp.purchase_invoice.events.on_trash",
	}
}

# Retry-After on a 503 MemoryPressureError (frappe/app.py application → run_after_request_hooks).
after_request = ["custom_erp.custom_erp.http.add_retry_after"]

# No timer threads in web workers: the periodic cleanup is a scheduler job (frappe/utils/scheduler.py,
# frappe/hooks.py scheduler_events), run by bench's scheduler in a background worker.
scheduler_events = {
	"cron": {
		"*/5 * * * *": ["custom_erp.custom_erp.tasks.periodic_cleanup"],
	},
}
