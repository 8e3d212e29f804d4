"""The curated gazetteer: places, officials and campaigns, loaded from YAML that curators edit.

See the "Gazetteer files" section of docs/contracts.md for the file format.
"""

from digest.gazetteer.loader import load_gazetteer
from digest.gazetteer.model import Entity, Gazetteer, GazetteerError, match_key, normalize

__all__ = ["Entity", "Gazetteer", "GazetteerError", "load_gazetteer", "match_key", "normalize"]
