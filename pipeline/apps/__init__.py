"""What users run: the `khplan` command (cli), the draft report (draft), the comparison of two versions
(diff), SQL over the tables (query), and the data dictionary generator (dictionary)."""
