#!/usr/bin/env python3
"""A WebKitGTK browser for WebKitWebDriver that keeps its data, as a normal Safari window does.

MiniBrowser's automation mode is always ephemeral (Safari's Private Browsing), so the persistent case needs
its own browser: a WebContext with a WebsiteDataManager rooted in --data-dir, automation allowed, and a
new window for each view the driver asks for. WebKitWebDriver starts this with WEBKIT_INSPECTOR_SERVER set,
which WebKit reads itself to open the automation connection.
Needs Debian's python3-gi and gir1.2-webkit2-4.1.
"""
import argparse
import os

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("WebKit2", "4.1")
from gi.repository import Gtk, WebKit2  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("--data-dir", required=True)
args, _ = parser.parse_known_args()

data_manager = WebKit2.WebsiteDataManager(
    base_data_directory=os.path.join(args.data_dir, "data"),
    base_cache_directory=os.path.join(args.data_dir, "cache"),
)
context = WebKit2.WebContext(website_data_manager=data_manager)
context.set_automation_allowed(True)
views = []


def create_view(_session):
    view = WebKit2.WebView(web_context=context, is_controlled_by_automation=True)
    window = Gtk.Window()
    window.set_default_size(1280, 900)
    window.add(view)
    window.show_all()
    view.connect("close", lambda v: (window.destroy(), views.remove(v), len(views) == 0 and Gtk.main_quit()))
    views.append(view)
    return view


def automation_started(_context, session):
    info = WebKit2.ApplicationInfo()
    info.set_name("scanner-webkit-launcher")
    info.set_version(1, 0, 0)
    session.set_application_info(info)
    session.connect("create-web-view", create_view)


context.connect("automation-started", automation_started)
Gtk.main()
