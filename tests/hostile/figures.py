"""A tally of hostile-input cases tried in this run, by kind, for the README's reliability figures."""

import collections

FIGURES: collections.Counter = collections.Counter()
