"""Channels: one module per transport, all following the contract in `base.py`.

`rest` (Rasa's REST webhook) and `console` (`complaintbot chat`) now; Telegram, Slack and
the web page come later, each the only importer of its SDK.
"""
