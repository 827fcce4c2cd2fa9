"""The ``memory_optimization`` block of a site's ``site_config.json``.

Plain Python (no Frappe import) so it is tested with ``unittest`` here. Same keys, defaults and rules as the
embedded server's ``server/src/config.ts`` (``RULES``, ``parseMemoryConfig``), so one block means the same on
both servers. On a bench the block comes from ``frappe.conf`` (frappe/__init__.py ``get_site_config``), which
merges common_site_config.json and the site's site_config.json.
"""

from __future__ import annotations

import math
from typing import Any

DEFAULTS: dict[str, Any] = {
	"enable_gc": True,
	"gc_threshold": 0.8,
	"max_memory_mb": 2048,
	"batch_size": 50,
	"cleanup_interval": 300,
	"force_cleanup_threshold": 0.9,
}

# A batch is also the largest unit one request may carry (append_invoice_items refuses more than 500 items).
MAX_BATCH_ITEMS = 500


class MemoryConfigError(ValueError):
	"""A memory_optimization block the app refuses; the message names the key and why."""


def _is_number(value: Any) -> bool:
	# JSON true/false arrive as bool, which Python counts as int: never a number here.
	return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _fraction(value: Any) -> str | None:
	return None if _is_number(value) and 0 < value <= 1 else "a number above 0 and at most 1"


def _positive_int(maximum: int):
	def rule(value: Any) -> str | None:
		# JSON has one number type: 50.0 is the whole number 50, as JavaScript reads it.
		whole = _is_number(value) and float(value).is_integer()
		return None if whole and 1 <= value <= maximum else f"a whole number from 1 to {maximum}"

	return rule


def _boolean(value: Any) -> str | None:
	return None if isinstance(value, bool) else "true or false"


RULES = {
	"enable_gc": _boolean,
	"gc_threshold": _fraction,
	"max_memory_mb": _positive_int(1_048_576),
	"batch_size": _positive_int(MAX_BATCH_ITEMS),
	"cleanup_interval": _positive_int(86_400),
	"force_cleanup_threshold": _fraction,
}


def parse_memory_config(block: Any, source: str = "site_config.json") -> dict[str, Any]:
	"""The effective config: ``None`` gives the defaults; a missing key its default; anything else wrong raises."""
	if block is None:
		return dict(DEFAULTS)
	if not isinstance(block, dict):
		raise MemoryConfigError(f"{source}: memory_optimization must be an object")
	config = dict(DEFAULTS)
	for key, value in block.items():
		rule = RULES.get(key)
		if rule is None:
			raise MemoryConfigError(
				f"{source}: unknown key memory_optimization.{key} (known: {', '.join(RULES)})"
			)
		problem = rule(value)
		if problem:
			raise MemoryConfigError(f"{source}: memory_optimization.{key} must be {problem}, got {_json(value)}")
		config[key] = int(value) if rule is not _fraction and rule is not _boolean else value
	if config["force_cleanup_threshold"] < config["gc_threshold"]:
		raise MemoryConfigError(
			f"{source}: memory_optimization.force_cleanup_threshold ({config['force_cleanup_threshold']}) "
			f"must not be below gc_threshold ({config['gc_threshold']})"
		)
	return config


def _json(value: Any) -> str:
	import json

	return json.dumps(value)
