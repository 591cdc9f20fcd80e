"""Extractors: pure functions of a `pipeline.model.Document`, one module per output table (documents,
sections, references, targets, communes, agencies, funding) and the shared readings they stand on
(numbers, spans, counts, tables, flattened tables, lists). The checks of the figures, which read the
extractors' results, are in `extractors.checks`; `pipeline.run.worker.TABLE_EXTRACTORS` names the
extractor of each table."""
