"""The only layer that opens SQLite: connection, migrations, queries and write operations."""
