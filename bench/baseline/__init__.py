"""An independent minimal Django project: the baseline ``bench/load.py`` compares shopsite to.

See ``settings.py`` for what it is and is not.
"""
