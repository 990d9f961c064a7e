"""Maintainer tools, run by hand (the package ``analysis`` never imports them)."""
