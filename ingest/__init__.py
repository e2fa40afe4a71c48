"""Extraction library: disclosure files in, `ParsedDocument` records out (no Dagster here)."""

from ingest.parser import PARSER_VERSION, parse_document
from ingest.records import Amount, ParsedDocument, ReportTable

__all__ = ["PARSER_VERSION", "Amount", "ParsedDocument", "ReportTable", "parse_document"]
