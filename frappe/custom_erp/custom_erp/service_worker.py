"""Serves the scanner's service worker at /scanner/sw.js, so it may control /scanner/ (a worker's scope is at
most its script's folder unless the answer carries Service-Worker-Allowed). A page renderer (hooks.page_renderer,
frappe/website/page_renderers/base_renderer.py BaseRenderer) answers it from the built file in
public/scanner/, with no nginx rule."""

import os

import frappe
from frappe.website.page_renderers.base_renderer import BaseRenderer
from werkzeug.wrappers import Response

SW_PATH = "/scanner/sw.js"


class ServiceWorkerRenderer(BaseRenderer):
	def can_render(self):
		# The route rule has already turned the path into "scanner": the request's own path decides.
		request = getattr(frappe.local, "request", None)
		return bool(request) and request.path == SW_PATH

	def render(self):
		path = frappe.get_app_path("custom_erp", "public", "scanner", "sw.js")
		if not os.path.exists(path):
			return Response("/* run npm run build:frappe */", status=404, mimetype="text/javascript")
		with open(path, "rb") as f:
			body = f.read()
		response = Response(body, status=200, mimetype="text/javascript")
		response.headers["Service-Worker-Allowed"] = "/scanner/"
		# The worker file itself must never be pinned, or a new build is never found.
		response.headers["Cache-Control"] = "no-cache"
		return response
