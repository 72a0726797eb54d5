"""Music theory: chord symbols and scales, roman numerals, analysis and its explanation, answers from the sheet, clashes."""
