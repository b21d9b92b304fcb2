"""Indicator figures (GRDP growth, budget revenue, PCI rank…) from Vietnamese news text.

    >>> from crawler.indicators import extract_observations
    >>> [o.indicator for o in extract_observations("Thu ngân sách đạt 18.063,8 tỷ đồng, tăng 60,1% so với cùng kỳ.")]
    ['budget_revenue', 'budget_revenue_growth']
"""

from .catalog import Catalog, Indicator, load_catalog
from .extract import Observation, extract_observations

__all__ = ["Catalog", "Indicator", "Observation", "extract_observations", "load_catalog"]
