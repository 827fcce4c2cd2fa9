"""Stub of werkzeug.wrappers.Response: body, status, mimetype and a header map, as werkzeug's own keeps them
(werkzeug/sansio/response.py Response.__init__, werkzeug/wrappers/response.py Response.get_data)."""


class Response:
	def __init__(self, response=b"", status=200, mimetype=None):
		self._body = response.encode() if isinstance(response, str) else bytes(response)
		self.status_code = status
		self.mimetype = mimetype
		self.headers = {"Content-Type": mimetype} if mimetype else {}

	def get_data(self):
		return self._body
