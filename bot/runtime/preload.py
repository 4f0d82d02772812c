"""What must happen before Rasa is imported: the one place that says so.

Rasa's LogisticRegressionClassifier loads through skops, whose first import walks every
module in `sys.modules` for each of ~750 types. With TensorFlow already imported (Rasa
imports it) that walk took ~10 s of every model load; imported before Rasa it costs ~2 s
and the model loads in about half a second. TensorFlow itself is left out unless
`COMPLAINTBOT_TENSORFLOW=1` (see `without_tensorflow`). `bot.runtime` imports this module first, so
any code that imports `bot.runtime` before Rasa gets the right order.
"""

import os
import warnings

# Rasa reports usage to its makers unless told not to; a complaint desk sends nothing
# anywhere but to its customers and staff.
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
# TensorFlow's C++ start-up chatter ("oneDNN custom operations are on…") is not ours to show.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from bot.runtime import without_tensorflow

# Our pipeline never runs TensorFlow; importing it cost ~2.5 s of every start and ~100 MB.
if os.environ.get(without_tensorflow.SWITCH, "") != "1":
    without_tensorflow.install()

import skops.io  # noqa: F401

# Sanic, which Rasa imports, puts "once" for every DeprecationWarning at the front of the
# warning filters when it is imported, which would override the named library filters of
# `bot/logs.py` and show a screen of other packages' deprecations. Imported here inside
# `catch_warnings`, its change to the filters is undone when the block ends.
with warnings.catch_warnings():
    import sanic.app  # noqa: F401
