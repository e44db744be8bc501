"""Rendering the case into the route's Word templates.

- :mod:`.context`: what a template may read (the case as a template sees it, under the
  route's identity policy; attachment titles in the packet's language).
- :mod:`.docx`: the sandboxed docxtpl environment, its filters, and reproducible DOCX
  output.
- :mod:`.prose`: the filters that set case text inside a template's sentence
  (``clause``, ``sentence``, ``inline``).
"""
