"""Combined feedback and hints: what Moodle shows after a right, partly right or wrong
response to a matching, ordering, gapselect or ddwtos question, and the hints between
tries (cloze too), so a Moodle import → export keeps them.

`questions` gets three feedback texts, whether the number of right parts is shown
(on, as Quizwright has always exported it) and the hints as a JSON list of
{text, show_num_correct, clear_wrong, options}.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_TEXTS = ("correct_feedback", "partial_feedback", "incorrect_feedback")


def upgrade() -> None:
    # Plain ADD COLUMN with defaults: SQLite adds these in place, no table copy.
    for name in _TEXTS:
        op.add_column("questions", sa.Column(name, sa.Text, nullable=False, server_default=""))
    op.add_column(
        "questions", sa.Column("show_num_correct", sa.Boolean, nullable=False, server_default="1")
    )
    op.add_column("questions", sa.Column("hints", sa.Text, nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("questions") as batch:
        for name in ("hints", "show_num_correct", *reversed(_TEXTS)):
            batch.drop_column(name)
