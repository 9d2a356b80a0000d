"""Parts shared by the places: input fields, progress, table models, the user's name and language."""
