-- one row per document kind (ingest/kinds.yaml): its phase (budget / final; NULL: not read yet)
select
    kind,
    phase,
    name as kind_name
from {{ source('raw', 'document_kinds') }}
