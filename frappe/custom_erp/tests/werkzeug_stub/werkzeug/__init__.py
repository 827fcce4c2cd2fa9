"""A STUB of werkzeug (not werkzeug): only the part of `werkzeug.wrappers.Response` that service_worker.py uses.
The tests put this folder on sys.path only when the real werkzeug (Debian's python3-werkzeug) is missing, so the
renderer's answer is checked on every machine."""
