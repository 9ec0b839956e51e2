from tests.fixtures.committed import committed, committed_database_url

__all__ = ["committed", "committed_database_url"]
