"""What every side of the insurer's work uses: the records, money, registers, national ids, the
settings, and the PDF pages with their fonts and layout."""
