"""Reading article files: file kinds, decoding, the parsers of pages, HTML, JSON and Markdown, into Article records."""
