"""The exam writers, one family: each a pure function of an exam document or questions.

- `versions`: shared by all of them — items, shuffled versions, numbering, answer keys.
- `pdf` (with `pdf_style`, `pdf_flowables`, `pdf_questions`): printable exams and keys.
- `files`: an exam's files written together (PDF, Moodle XML…) under one naming scheme.

Nothing is imported here, so `quizwright --help` stays quick.
"""
