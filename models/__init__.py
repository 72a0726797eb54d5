"""Model files: the curated catalogue, pulls from the Hugging Face Hub into its cache, what is installed and active.

Nothing here downloads unless a musician asks (`cowriter models pull`, the page's Pull button).
"""
