"""The crawler: districts as YAML files (districts.py), polite fetching (fetch.py), link
extraction (extract.py), the crawl of a district into landing (crawl.py) and its records in the
warehouse (store.py). A plain library: no Dagster here."""
