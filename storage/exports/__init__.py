"""The exam writers, one family: each a pure function of an exam document or questions.

- `versions`: shared by all of them — items, shuffled versions, numbering, answer keys.
- `newer`: what matching, cloze, ordering and gap questions print per version, and their keys.
- `pdf` (with `pdf_style`, `pdf_flowables`, `pdf_questions`, `pdf_newer`): printable exams and keys.
- `word` (with `word_newer`): the same exams and keys as Word documents.
- `files`: an exam's files written together (PDF, Moodle XML…) under one naming scheme.

Nothing is imported here, so `quizwright --help` stays quick.
"""
