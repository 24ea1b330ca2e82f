"""Fixtures for tests of work that leaves through the task queue."""

import pytest


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``committed(callable, *args)``: call it as a committed request or command would be
    (what it left for the commit runs, enqueueing on RQ); the worker is ``run_tasks``."""

    def run(func, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return func(*args, **kwargs)

    return run
