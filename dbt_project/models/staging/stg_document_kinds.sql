-- one row per document kind (ingest/kinds.yaml): its phase (budget / final; NULL: its facts are
-- not a unit-year's budget or accounts amounts) and its reader (tables / performance; NULL: not
-- read yet)
select
    kind,
    phase,
    name as kind_name,
    reader
from {{ source('raw', 'document_kinds') }}
