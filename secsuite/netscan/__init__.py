"""Network posture: what really listens (nmap), what its TLS and TLCP (国密) look like, and which
of it was never filed in the systems inventory."""
