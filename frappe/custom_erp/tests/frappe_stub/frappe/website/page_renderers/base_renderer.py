"""STUB of frappe/website/page_renderers/base_renderer.py: the constructor Frappe's PathResolver calls."""


class BaseRenderer:
	def __init__(self, path=None, http_status_code=None):
		self.path = path
		self.http_status_code = http_status_code
