"""Analysis of stored events: stances, alignment, competing hypotheses.

Entry points (each returns a plain result object with ``to_dict()``; every number in it
can list the events and sentences behind it):

- ``issues.load_issues`` / ``issues.count_issue_events`` / ``issues.issue_events``
- ``stances.compute_stances`` → ``StanceTable`` (actor × issue stances with intervals)
- ``alignment.align`` → ``Alignment`` (stances, pairs, signed network, blocs, timeline)
- ``hypfile.load_hypotheses`` + ``hypotheses.assess`` → ``Assessment``
- ``export`` (GEXF, GraphML, CSV) and ``render`` (terminal tables)

Nothing is imported here, so ``import whowhom.analysis`` stays cheap.
"""
