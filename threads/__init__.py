"""threads: reconstruct and analyse the comment section of a blog post.

The library API lives in :mod:`threads.pipeline`; the data model in
:mod:`threads.model`. Nothing here imports streamlit.
"""

__version__ = "0.1.0"
