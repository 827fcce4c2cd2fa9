"""The scanner SPA's page, rendered by Frappe for /scanner and /scanner/<path> (hooks.website_route_rules),
with the session's CSRF token, as frappe/hrms's hrms/www/hrms.py renders its app."""

import frappe

no_cache = 1


def get_context(context):
	# The token of this session (frappe/sessions.py get_csrf_token); a Guest page carries none, and the SPA
	# asks get_session_info for it after signing in.
	signed_in = frappe.session.user != "Guest"
	csrf_token = frappe.sessions.get_csrf_token() if signed_in else ""
	# get_csrf_token may have written the token to the session: commit on a GET, as hrms.py does.
	frappe.db.commit()  # nosemgrep
	context.no_cache = 1
	context.csrf_token = csrf_token
	return context
