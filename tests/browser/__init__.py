"""Tests that drive the app in a real (headless) Chromium through Playwright."""
