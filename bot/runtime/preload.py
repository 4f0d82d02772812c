"""What must happen before Rasa is imported: the one place that says so.

Rasa's LogisticRegressionClassifier loads through skops, whose first import walks every
module in `sys.modules` for each of ~750 types. With TensorFlow already imported (Rasa
imports it) that walk took ~10 s of every model load; imported before Rasa it cost ~2 s.
Now TensorFlow, Sanic and the SDKs of Rasa's connectors are left out (`left_out`; TensorFlow comes
back with `COMPLAINTBOT_TENSORFLOW=1`), and skops's walk is done once per installed version
(`skops_types`). `bot.runtime` imports this module first, so any code that imports
`bot.runtime` before Rasa gets the right order.
"""

import os

# Rasa reports usage to its makers unless told not to; a complaint desk sends nothing
# anywhere but to its customers and staff.
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
# TensorFlow's C++ start-up chatter ("oneDNN custom operations are on…") is not ours to show.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from bot.runtime import left_out, skops_types

# Rasa imports TensorFlow, Sanic and every connector's SDK; we run none of them (~3 s, ~400 MB).
left_out.install(left_out.CONNECTORS)
if os.environ.get(left_out.SWITCH, "") != "1":
    left_out.install(left_out.TENSORFLOW)

# skops's list of trusted types is kept per installed version instead of computed each start
skops_types.load()

import skops.io  # noqa: E402, F401
