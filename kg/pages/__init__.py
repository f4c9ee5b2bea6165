"""Evidence pages: an article as a reviewer reads it, every claim marked with the works behind it."""

from kg.pages.site import INDEX, article_page, corpus_pages, folder_pages, index_page, page_names, stale_pages

__all__ = ["INDEX", "article_page", "corpus_pages", "folder_pages", "index_page", "page_names", "stale_pages"]
