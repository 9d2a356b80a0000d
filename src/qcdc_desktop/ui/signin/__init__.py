"""Signing in: the sign-in dialog, changing one's password, and the lock after idle time.

The widgets take plain data and callables (which may be slow: they run as jobs, off the UI
thread), so the application decides where the accounts are kept.
"""
