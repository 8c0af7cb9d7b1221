"""Continuous monitoring (日常监测): scheduled runs of targets, what changed since the last
comparable run, the issue register, alerts, and daily metrics per unit."""
