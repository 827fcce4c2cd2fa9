"""memory_guard: one worker's figures, the thresholds, and the check before each chunk."""

import os
import tempfile
import unittest

from custom_erp.custom_erp import memory_guard as guard
from custom_erp.custom_erp.memory_config import parse_memory_config

MB = guard.MB
CONFIG = parse_memory_config({"max_memory_mb": 100})  # gc at 80 MB, cleanup/refusal at 90 MB


class Figures(unittest.TestCase):
	def test_reads_this_process_rss_from_statm(self):
		with tempfile.NamedTemporaryFile("w", delete=False) as statm:
			statm.write("5000 2560 300 1 0 400 0\n")
		try:
			self.assertEqual(guard.rss_bytes(statm.name), 2560 * os.sysconf("SC_PAGE_SIZE"))
		finally:
			os.unlink(statm.name)
		self.assertGreater(guard.rss_bytes(), 1 * MB)  # the real one, this test process

	def test_reads_the_machine_from_meminfo(self):
		with tempfile.NamedTemporaryFile("w", delete=False) as meminfo:
			meminfo.write("MemTotal:        8000000 kB\nMemFree:  100 kB\nMemAvailable:    2000000 kB\n")
		try:
			self.assertEqual(guard.system_memory(meminfo.name), {"total_mb": 7812.5, "available_mb": 1953.1, "used_percent": 75.0})
		finally:
			os.unlink(meminfo.name)
		self.assertIsNone(guard.system_memory("/nonexistent/meminfo"))

	def test_levels(self):
		self.assertEqual(guard.level(0.79, CONFIG), "ok")
		self.assertEqual(guard.level(0.8, CONFIG), "warning")
		self.assertEqual(guard.level(0.9, CONFIG), "critical")


class BeforeChunk(unittest.TestCase):
	def run_check(self, readings, enable_gc=True):
		calls = []
		values = iter(readings)
		config = dict(CONFIG, enable_gc=enable_gc)
		result = guard.before_chunk(config, read_rss=lambda: next(values) * MB,
			collect=lambda: calls.append("gc"), cleanup=lambda: calls.append("cleanup"))
		return result, calls

	def test_below_gc_threshold_does_nothing(self):
		self.assertEqual(self.run_check([50]), ("ok", []))

	def test_at_gc_threshold_collects_unless_disabled(self):
		self.assertEqual(self.run_check([85]), ("warning", ["gc"]))
		self.assertEqual(self.run_check([85], enable_gc=False), ("warning", []))

	def test_at_force_threshold_cleans_and_goes_on_when_that_helped(self):
		self.assertEqual(self.run_check([95, 70]), ("critical", ["gc", "cleanup"]))

	def test_still_over_after_cleanup_is_refused_with_retry_after(self):
		with self.assertRaises(guard.MemoryPressure) as caught:
			self.run_check([95, 93])
		self.assertEqual(caught.exception.retry_after, 30)
		self.assertIn("nothing was saved", str(caught.exception))


class Answers(unittest.TestCase):
	def test_status_says_which_worker_and_how_many(self):
		status = guard.status(CONFIG, 4, None, read_rss=lambda: 85 * MB, read_system=lambda: None, pid=4242)
		self.assertEqual((status["worker_pid"], status["workers"], status["scope"]), (4242, 4, "worker"))
		self.assertEqual((status["level"], status["usage_ratio"], status["process"]["rss_mb"]), ("warning", 0.85, 85.0))

	def test_cleanup_report_names_the_worker(self):
		self.assertEqual(guard.cleanup_report(120 * MB, 98 * MB, pid=7),
			{"before_mb": 120.0, "after_mb": 98.0, "freed_mb": 22.0, "worker_pid": 7, "scope": "worker"})

	def test_gunicorn_workers_from_bench_config(self):
		self.assertEqual(guard.gunicorn_workers({"gunicorn_workers": 9}), 9)
		self.assertIsNone(guard.gunicorn_workers({}))
		self.assertIsNone(guard.gunicorn_workers({"gunicorn_workers": True}))


if __name__ == "__main__":
	unittest.main()
