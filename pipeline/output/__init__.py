"""Writers: rows checked against the schemas into Arrow record batches (writer), and the output folder of
Parquet batches, commit records and replacements (store)."""
