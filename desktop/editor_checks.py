"""The question editor's live checks: validation (and grounding) listed under the form.

Mixed into `QuestionEditor` (desktop/question_editor.py).
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QSizePolicy

from desktop.answer_editors import newer_issues
from models.drafting.grounding import ground
from models.drafting.validation import ERROR, WARNING, Issue, validate
from storage.combined_feedback import feedback_problems
from storage.domain import Question, QuestionType, Slide


class LiveChecks:
    """Runs the drafting checks on what is shown and lists their findings."""

    def _build_checks(self) -> QScrollArea:
        self.checks = QLabel("")
        self.checks.setObjectName("liveChecks")
        self.checks.setWordWrap(True)
        self.checks.setTextFormat(Qt.TextFormat.RichText)
        self.checks.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.checks.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        checks_scroll = QScrollArea()
        checks_scroll.setWidgetResizable(True)
        checks_scroll.setWidget(self.checks)
        checks_scroll.setFrameShape(QFrame.Shape.StyledPanel)
        checks_scroll.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.checks.setContentsMargins(4, 2, 4, 2)
        self.checks_scroll = checks_scroll
        return checks_scroll

    def issues(self) -> list[Issue]:
        """The live checks' findings for what is shown now."""
        return list(self._issues)

    def _slides_for(self, q: Question) -> list[Slide]:
        if not self._slides:
            return []
        cited = [(r.deck_id, r.page) for r in q.sources if (r.deck_id, r.page) in self._slides]
        keys = cited or sorted(self._slides)
        return [Slide(deck, page, self._slides[(deck, page)]) for deck, page in keys]

    def run_checks(self) -> list[Issue]:
        """Validate what is shown now (and ground it when slide text is known)."""
        self._check_timer.stop()
        q = self._state
        issues = newer_issues(q, validate(q))
        # the hints as Moodle would take them (also shown in the feedback box)
        issues += [Issue("hint", p, WARNING) for p in feedback_problems(q)]
        slides = self._slides_for(q)
        if slides and q.type is not QuestionType.DESCRIPTION and q.stem.strip():
            result = ground(q, slides)
            if not result.supported:
                issues.append(
                    Issue(
                        "ungrounded",
                        f"The answer is not supported by the slides: {result.reason}",
                        WARNING,
                    )
                )
        self._issues = issues
        self._show_issues(issues)
        return issues

    def _show_issues(self, issues: list[Issue]) -> None:
        if not issues:
            self.checks.setText("<span style='color:#1b7f3b'>✔ No problems found.</span>")
            self._fit_checks()
            return
        rows = []
        for issue in sorted(issues, key=lambda i: i.severity != ERROR):
            if issue.severity == ERROR:
                rows.append(f"<span style='color:#b00020'>⛔ {html.escape(issue.message)}</span>")
            else:
                rows.append(f"<span style='color:#8a5a00'>⚠ {html.escape(issue.message)}</span>")
        self.checks.setText("<br>".join(rows))
        self._fit_checks()

    def _fit_checks(self) -> None:
        """As tall as the messages, up to five lines (then it scrolls)."""
        width = max(100, self.checks_scroll.viewport().width())
        wanted = self.checks.heightForWidth(width)
        line = self.checks.fontMetrics().lineSpacing()
        self.checks_scroll.setFixedHeight(min(max(wanted, line) + 8, 5 * line + 8))
