"""Transports, process wiring and the command line. Only `bot/app.py` wires."""
