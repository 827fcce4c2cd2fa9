"""The embedded server's demo master data (server/src/db/demoData.ts, its clerk from server/src/db/seed.ts), as
the documents a test site needs so the e2e suite can run against it (docs/frappe.md, BACKEND_URL).

Plain Python (no Frappe import), tested with ``unittest``; ``demo.seed`` inserts what ``plan`` lists.
"""

from __future__ import annotations

import json
import pathlib
from typing import Any, Callable

DATA = pathlib.Path(__file__).with_name("demo_data.json")
# An Item needs a leaf Item Group; ERPNext's root "All Item Groups" is a group.
ITEM_GROUP = "Scanner Demo"


def load() -> dict[str, Any]:
	return json.loads(DATA.read_text(encoding="utf-8"))


def plan(data: dict[str, Any], exists: Callable[[str, str], bool], clerk_password: str) -> list[dict[str, Any]]:
	"""The documents to insert, parents before what links to them, leaving out every one that exists."""
	wanted: list[dict[str, Any]] = []
	for group in sorted({s["supplier_group"] for s in data["suppliers"]}):
		wanted.append({"doctype": "Supplier Group", "name": group, "supplier_group_name": group,
			"parent_supplier_group": "All Supplier Groups"})
	for supplier in data["suppliers"]:
		# Supplier names are the supplier_name by default (Buying Settings supp_master_name), so the tests
		# find "Rossmann" by that name.
		wanted.append({"doctype": "Supplier", "name": supplier["name"], "supplier_name": supplier["name"],
			"supplier_group": supplier["supplier_group"], "default_currency": supplier["default_currency"]})
	for uom in sorted({i["stock_uom"] for i in data["items"]}):
		wanted.append({"doctype": "UOM", "name": uom, "uom_name": uom})
	wanted.append({"doctype": "Item Group", "name": ITEM_GROUP, "item_group_name": ITEM_GROUP,
		"parent_item_group": "All Item Groups", "is_group": 0})
	for item in data["items"]:
		# Not stock items: a purchase invoice for them needs no warehouse.
		wanted.append({"doctype": "Item", "name": item["item_code"], "item_code": item["item_code"],
			"item_name": item["item_name"], "stock_uom": item["stock_uom"], "item_group": ITEM_GROUP,
			"is_stock_item": 0})
	clerk = data["clerk"]
	if not clerk_password:
		raise ValueError("the clerk needs a password (clerk_password)")
	wanted.append({"doctype": "User", "name": clerk["email"], "email": clerk["email"],
		"first_name": clerk["first_name"], "last_name": clerk["last_name"], "send_welcome_email": 0,
		"new_password": clerk_password, "roles": [{"role": role} for role in clerk["roles"]]})
	return [doc for doc in wanted if not exists(doc["doctype"], doc["name"])]
