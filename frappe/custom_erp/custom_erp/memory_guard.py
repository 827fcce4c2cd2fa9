"""Memory figures and thresholds for one gunicorn worker (or one background worker) of a bench.

Plain Python (no Frappe import), tested with ``unittest``. A bench runs several gunicorn workers, each its own
process with its own memory: every figure here is this process's, and says so (``worker_pid``).
The thresholds mean what they mean on the embedded server (``server/src/domain/memory.ts``).
"""

from __future__ import annotations

import gc
import os
import resource
from typing import Any, Callable

MB = 1024 * 1024

OK, WARNING, CRITICAL = "ok", "warning", "critical"

# Seconds a client is asked to wait after a refusal for memory (sent as Retry-After).
RETRY_AFTER_SECONDS = 30


def rss_bytes(statm_path: str = "/proc/self/statm") -> int:
	"""This process's resident memory now: Linux's statm, else the peak from getrusage (macOS/BSD)."""
	try:
		with open(statm_path, encoding="ascii") as statm:
			return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
	except (OSError, ValueError, IndexError):
		peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
		# Linux reports kilobytes, macOS bytes; this fallback only runs where statm is missing.
		return peak if peak > 1 << 32 else peak * 1024


def system_memory(meminfo_path: str = "/proc/meminfo") -> dict[str, float] | None:
	"""Total and available memory of the machine from /proc/meminfo, or None where there is none."""
	try:
		with open(meminfo_path, encoding="ascii") as meminfo:
			values = {}
			for line in meminfo:
				key, _, rest = line.partition(":")
				parts = rest.split()
				if parts:
					values[key] = int(parts[0]) * 1024
	except (OSError, ValueError):
		return None
	total = values.get("MemTotal")
	available = values.get("MemAvailable", values.get("MemFree"))
	if not total or available is None:
		return None
	return {
		"total_mb": round(total / MB, 1),
		"available_mb": round(available / MB, 1),
		"used_percent": round((total - available) / total * 100, 2),
	}


def level(ratio: float, config: dict[str, Any]) -> str:
	"""``critical`` at or over force_cleanup_threshold, ``warning`` at or over gc_threshold, else ``ok``."""
	if ratio >= config["force_cleanup_threshold"]:
		return CRITICAL
	if ratio >= config["gc_threshold"]:
		return WARNING
	return OK


def usage_ratio(rss: int, config: dict[str, Any]) -> float:
	return rss / MB / config["max_memory_mb"]


class MemoryPressure(Exception):
	"""Still over force_cleanup_threshold after a cleanup: the request must write nothing and be retried."""

	def __init__(self, ratio: float):
		super().__init__(
			f"Server memory is low ({ratio:.0%} of max_memory_mb in this worker); nothing was saved, retry shortly"
		)
		self.ratio = ratio
		self.retry_after = RETRY_AFTER_SECONDS


def before_chunk(
	config: dict[str, Any],
	read_rss: Callable[[], int] = rss_bytes,
	collect: Callable[[], Any] = gc.collect,
	cleanup: Callable[[], Any] | None = None,
) -> str:
	"""The check before each chunk of rows: GC at gc_threshold, cleanup at force_cleanup_threshold, then
	refuse with MemoryPressure if still over it. Answers the level it acted on."""
	ratio = usage_ratio(read_rss(), config)
	found = level(ratio, config)
	if found == OK:
		return OK
	if config["enable_gc"]:
		collect()
	if found == CRITICAL:
		if cleanup is not None:
			cleanup()
		ratio = usage_ratio(read_rss(), config)
		if ratio >= config["force_cleanup_threshold"]:
			raise MemoryPressure(ratio)
	return found


def status(
	config: dict[str, Any],
	workers: int | None,
	last_cleanup: str | None,
	read_rss: Callable[[], int] = rss_bytes,
	read_system: Callable[[], dict[str, float] | None] = system_memory,
	pid: int | None = None,
) -> dict[str, Any]:
	"""get_memory_status's answer, in the embedded server's shape plus which worker answered and how many
	there are: the figures are this worker's alone."""
	rss = read_rss()
	ratio = usage_ratio(rss, config)
	return {
		# heap_* and external_* are V8 figures with no Python counterpart: 0, and rss_mb carries the meaning.
		"process": {"rss_mb": round(rss / MB, 1), "heap_used_mb": 0, "heap_total_mb": 0, "external_mb": 0},
		"system": read_system(),
		"max_memory_mb": config["max_memory_mb"],
		"usage_ratio": round(ratio, 4),
		"level": level(ratio, config),
		"gc_available": True,
		"last_cleanup": last_cleanup,
		"worker_pid": pid if pid is not None else os.getpid(),
		"workers": workers,
		"scope": "worker",
	}


def cleanup_report(before: int, after: int, pid: int | None = None) -> dict[str, Any]:
	"""force_cleanup's answer: this worker's resident memory before and after, and which worker it was."""
	return {
		"before_mb": round(before / MB, 1),
		"after_mb": round(after / MB, 1),
		"freed_mb": round((before - after) / MB, 1),
		"worker_pid": pid if pid is not None else os.getpid(),
		"scope": "worker",
	}


def gunicorn_workers(config: dict[str, Any]) -> int | None:
	"""How many gunicorn workers the bench runs: common_site_config's ``gunicorn_workers`` (bench's own
	key, read by bench's generate_supervisor_config), or None when the config does not say."""
	value = config.get("gunicorn_workers")
	return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None
