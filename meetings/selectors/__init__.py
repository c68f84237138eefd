"""Reads of the meetings engine, by sub-domain: `bodies`, `meetings`, `decisions`."""
