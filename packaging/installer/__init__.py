"""The steps of build_installer.py: build environment, freezing, packages per OS, checks.

Plain standard-library Python: build_installer.py runs them with the
system's python3 (>= 3.11) before any build environment exists.
"""
