"""The Follow-up place: tasks, their progress and replies to citizens."""
