"""What Vietnamese documents are made of, shared by every stage: letters, tone marks and capitals
(vietnamese), Roman numerals (roman), and the administrative units (gazetteer)."""
