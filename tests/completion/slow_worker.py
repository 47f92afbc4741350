"""The app's Celery application for a test worker whose packet builds pause after collecting the
records (for SLOW_RENDER_SECONDS), long enough for a test to kill the worker mid-build.

    celery -A tests.completion.slow_worker worker --pool prefork
"""

import os
import time

from celery import signals

from imt.celery import app  # noqa: F401  (what `celery -A` looks for here)


@signals.worker_process_init.connect
def _pause_after_collecting_the_records(**kwargs):
    from completion import packet

    render, pause = packet.render_packet, float(os.environ.get("SLOW_RENDER_SECONDS", "0"))

    def slow_render(packet_, progress):
        def report(step):
            progress(step)
            if step == 1:
                time.sleep(pause)

        return render(packet_, report)

    packet.render_packet = slow_render
