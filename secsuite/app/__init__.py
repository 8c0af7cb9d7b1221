"""The use cases: run and record a scan, check, netscan, incident assessment or evaluation, and load
a report's data. The CLI, the web application and scheduled monitoring all call these functions,
so a run is loaded, recorded and finished the same way whoever starts it. No terminal output here:
progress goes through callbacks and failures are the typed exceptions of ``secsuite.errors``."""
