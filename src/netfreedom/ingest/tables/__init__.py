"""Score tables (CSV and XLSX workbooks): read rows of published scores. Reading only; storing
is :mod:`netfreedom.services.tables`."""
