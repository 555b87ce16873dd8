"""`learnsum report`: themes, learning and actions counted across many summaries.

:mod:`.data` reads the summaries (keeping only the few facts a report needs from each, so that
memory stays flat over thousands of files) and aggregates them into a :class:`.data.Report`;
:mod:`.svg` draws its charts, and :mod:`.html`, :mod:`.markdown` and :mod:`.csv` write it out.
"""
