"""A slow SMS gateway for the fault drill: it records every message it accepts in a file.

`DRILL_DELIVERIES` names the file (one recipient a line, written and flushed to disk before the
backend returns, as a gateway's receipt would be); `DRILL_SEND_DELAY` the seconds each message
takes, so that a worker killed mid-round dies between two messages.
"""

from __future__ import annotations

import os
import time

from lokalsundhed.core.sms import Sms


class RecordingSmsBackend:
    def send(self, messages: list[Sms]) -> int:
        delay = float(os.environ.get("DRILL_SEND_DELAY", "0.02"))
        with open(os.environ["DRILL_DELIVERIES"], "a", encoding="utf-8") as deliveries:
            for message in messages:
                time.sleep(delay)
                deliveries.write(message.to + "\n")
                deliveries.flush()
                os.fsync(deliveries.fileno())
        return len(messages)
