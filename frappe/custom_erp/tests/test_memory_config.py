"""memory_config: the same keys, defaults and rules as the embedded server's server/src/config.ts."""

import pathlib
import re
import unittest

from custom_erp.custom_erp.memory_config import DEFAULTS, MemoryConfigError, parse_memory_config

REPO = pathlib.Path(__file__).resolve().parents[3]


class DefaultsAndKeys(unittest.TestCase):
	def test_no_block_gives_the_defaults(self):
		self.assertEqual(
			parse_memory_config(None),
			{"enable_gc": True, "gc_threshold": 0.8, "max_memory_mb": 2048, "batch_size": 50,
				"cleanup_interval": 300, "force_cleanup_threshold": 0.9},
		)

	def test_missing_keys_take_their_defaults(self):
		config = parse_memory_config({"batch_size": 100, "max_memory_mb": 512})
		self.assertEqual(config["batch_size"], 100)
		self.assertEqual(config["max_memory_mb"], 512)
		self.assertEqual(config["gc_threshold"], 0.8)

	def test_the_defaults_are_the_embedded_servers(self):
		# src/types/frappe.ts DEFAULT_MEMORY_CONFIG is what server/src/config.ts falls back to.
		source = (REPO / "src/types/frappe.ts").read_text(encoding="utf-8")
		block = re.search(r"DEFAULT_MEMORY_CONFIG[^{]*\{(.*?)\}", source, re.S).group(1)
		found = dict(re.findall(r"(\w+):\s*([\w.]+)", block))
		self.assertEqual(set(found), set(DEFAULTS))
		for key, text in found.items():
			expected = {"true": True, "false": False}.get(text, None)
			self.assertEqual(DEFAULTS[key], expected if expected is not None else float(text), key)

	def test_the_limits_are_the_embedded_servers(self):
		source = (REPO / "server/src/config.ts").read_text(encoding="utf-8")
		limits = {key: int(num.replace("_", "")) for key, num in re.findall(r"(\w+): positiveInt\(([\d_]+)\)", source)}
		self.assertEqual(limits, {"max_memory_mb": 1048576, "batch_size": 500, "cleanup_interval": 86400})
		for key, limit in limits.items():
			self.assertEqual(parse_memory_config({key: limit})[key], limit)
			with self.assertRaisesRegex(MemoryConfigError, f"memory_optimization.{key} must be a whole number from 1 to {limit}"):
				parse_memory_config({key: limit + 1})


class Refusals(unittest.TestCase):
	def refused(self, block, pattern):
		with self.assertRaisesRegex(MemoryConfigError, pattern):
			parse_memory_config(block, "site_config.json")

	def test_an_unknown_key_is_named(self):
		self.refused({"batchsize": 50}, r"unknown key memory_optimization\.batchsize \(known: enable_gc, ")

	def test_wrong_types(self):
		self.refused({"enable_gc": "yes"}, r"enable_gc must be true or false, got \"yes\"")
		self.refused({"batch_size": "50"}, r"batch_size must be a whole number from 1 to 500, got \"50\"")
		# JSON true is not the number 1, though Python counts bool as int.
		self.refused({"batch_size": True}, r"batch_size must be a whole number")
		self.refused({"gc_threshold": True}, r"gc_threshold must be a number above 0 and at most 1")
		self.refused({"max_memory_mb": 1.5}, r"max_memory_mb must be a whole number")
		self.refused({"gc_threshold": float("nan")}, r"gc_threshold must be a number above 0")
		self.refused([1, 2], r"memory_optimization must be an object")

	def test_ranges(self):
		self.refused({"gc_threshold": 0}, r"gc_threshold must be a number above 0 and at most 1, got 0")
		self.refused({"force_cleanup_threshold": 1.01}, r"force_cleanup_threshold must be a number above 0")
		self.refused({"batch_size": 0}, r"batch_size must be a whole number from 1 to 500")
		self.refused({"gc_threshold": 0.95}, r"force_cleanup_threshold \(0.9\) must not be below gc_threshold \(0.95\)")

	def test_a_whole_number_written_as_50_0_is_50_as_json_means_it(self):
		config = parse_memory_config({"batch_size": 50.0})
		self.assertEqual(config["batch_size"], 50)
		self.assertIsInstance(config["batch_size"], int)


if __name__ == "__main__":
	unittest.main()
