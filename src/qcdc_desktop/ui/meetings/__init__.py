"""The Meetings place: the list of meetings and the meeting editor."""
