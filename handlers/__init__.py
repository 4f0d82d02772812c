"""Use cases (intake, status, assessment, assignment, ...): no transport, no Rasa server.

Here "handlers" means use cases, not python-telegram-bot's update handlers.
"""
