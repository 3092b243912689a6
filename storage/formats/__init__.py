"""Question exchange formats: Moodle XML and GIFT, to and from `storage.domain` values."""
