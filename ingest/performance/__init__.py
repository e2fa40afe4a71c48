"""The 绩效 reader: 项目 and 整体 self-evaluation and target (绩效目标表) tables found per page, in
绩效 files and in the attachments of 决算/预算 files, read from the cells of their ruled grid
(ingest.performance.grid) through the template families of families.yaml."""

from ingest.performance.reader import read_performance
from ingest.performance.records import FundLine, Indicator, PerformanceTable

__all__ = ["FundLine", "Indicator", "PerformanceTable", "read_performance"]
