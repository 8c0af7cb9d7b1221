"""The use cases: run and record a scan, check, netscan, incident assessment or evaluation, and load
a report's data. The CLI, the web application and scheduled monitoring all call these functions,
so a run is loaded, recorded and finished the same way whoever starts it. No terminal output here:
progress goes through callbacks and failures are the typed exceptions of ``secsuite.errors``.

Each module has a request (``ScanJob``, ``CheckJob``, ``NetscanJob``, ``IncidentsJob``,
``EvaluateJob``; ``ReportJob``) holding parsed values, and a function returning a ``RunOutcome``:
the pipeline's result, the run id (None without a store) and whether the run is ``complete``.
Scans and network scans also start in two steps (``start_scan``/``start_netscan`` then ``run``),
so a bad request is refused before progress is shown or the work is queued.
"""
