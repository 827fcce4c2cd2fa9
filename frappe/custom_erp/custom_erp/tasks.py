"""Scheduler jobs (hooks.scheduler_events). They run in a background worker, never in a web worker."""

import gc

import frappe

from custom_erp.custom_erp import memory_guard


def periodic_cleanup():
	"""Frees what the worker running the job holds and records when; web workers free theirs per request
	(the memory check before each chunk) or through force_cleanup."""
	before = memory_guard.rss_bytes()
	gc.collect()
	frappe.cache.set_value("custom_erp:last_cleanup", frappe.utils.now_datetime().isoformat())
	frappe.logger("custom_erp").info(
		{"event": "periodic cleanup", **memory_guard.cleanup_report(before, memory_guard.rss_bytes())}
	)
