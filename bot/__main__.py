"""`python -m bot` is `complaintbot`."""

import sys

from bot.cli import main

sys.exit(main())
