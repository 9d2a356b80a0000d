"""Statistics reports as files (Excel workbook, CSV) and the import of a commune's existing Excel
register.  Takes core values; only ``db`` opens the data file, only ``printing`` makes PDFs."""
