"""Open meetings and working groups: agenda, attachments, groups and time slots, registrations, minutes."""
